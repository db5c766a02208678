"""Which skill answers which intent."""

from __future__ import annotations

from typing import Iterable

from glasses.errors import ConfigError
from glasses.skills.base import Skill


class Router:
    def __init__(self, skills: Iterable[Skill], intents: Iterable[Iterable[str]] | None = None) -> None:
        """``intents``: the names each skill owns, in the same order (the intents its spec's
        template files define); by default each skill's own ``intents``."""
        self.skills = list(skills)
        owned = list(intents) if intents is not None else [s.intents for s in self.skills]
        self._by_intent: dict[str, Skill] = {}
        for skill, names in zip(self.skills, owned):
            for name in names:
                if name in self._by_intent:
                    raise ConfigError(f"intent {name!r} is handled by two skills: "
                                      f"{type(self._by_intent[name]).__name__} and {type(skill).__name__}")
                self._by_intent[name] = skill

    def skill_for(self, intent_name: str) -> Skill | None:
        return self._by_intent.get(intent_name)

    def handled(self) -> set[str]:
        return set(self._by_intent)

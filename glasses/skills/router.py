"""Which skill answers which intent."""

from __future__ import annotations

from typing import Iterable

from glasses.errors import ConfigError
from glasses.skills.base import Skill


class Router:
    def __init__(self, skills: Iterable[Skill]) -> None:
        self.skills = list(skills)
        self._by_intent: dict[str, Skill] = {}
        for skill in self.skills:
            for name in skill.intents:
                if name in self._by_intent:
                    raise ConfigError(f"intent {name!r} is handled by two skills: "
                                      f"{type(self._by_intent[name]).__name__} and {type(skill).__name__}")
                self._by_intent[name] = skill

    def skill_for(self, intent_name: str) -> Skill | None:
        return self._by_intent.get(intent_name)

    def handled(self) -> set[str]:
        return set(self._by_intent)

    def examples(self) -> list[str]:
        return [e for s in self.skills for e in getattr(s, "examples", ())]

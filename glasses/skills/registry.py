"""Finding the skills: every ``SkillSpec`` exported through the ``glasses.skills`` entry point.

The project's own features register in pyproject.toml like any other package would, so a
separately installed package adds a skill with one entry-point line and no edit here. A broken
entry point (it does not load, or is not a SkillSpec, or reuses a name) is one clear line naming
it. ``Registry`` answers what the rest of the system asks of the skills as a whole: which intent
files to load, which intents have side effects, how to describe one, which intent a gesture means.
"""

from __future__ import annotations

import functools
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from glasses.errors import ConfigError
from glasses.events import Intent
from glasses.skills.contract import Normalizer, SkillSpec

ENTRY_POINT_GROUP = "glasses.skills"
GRAMMAR = Path(__file__).resolve().parent.parent / "understand" / "grammar.yaml"  # shared rules, yes/no


@dataclass(frozen=True)
class Registry:
    """The skills found, in routing order."""

    specs: tuple[SkillSpec, ...]

    def get(self, name: str) -> SkillSpec | None:
        return next((s for s in self.specs if s.name == name), None)

    def intent_files(self) -> list[Path]:
        """The shared grammar, every skill's templates, then every skill's extra phrasings."""
        return [GRAMMAR, *(p for s in self.specs for p in s.intents), *(p for s in self.specs for p in s.phrasings)]

    def normalizers(self) -> dict[str, Normalizer]:
        return {k: v for s in self.specs for k, v in s.normalizers.items()}

    def vocabulary(self) -> list[str]:
        return [w for s in self.specs if s.vocabulary is not None for w in s.vocabulary()]

    def samples(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for s in self.specs:
            if s.samples is not None:
                for key, values in (_read_yaml(s.samples) or {}).items():
                    out.setdefault(key, []).extend(values)
        return out

    def side_effects(self) -> frozenset[str]:
        return frozenset(i for s in self.specs for i in s.side_effects)

    def describe(self, intent: Intent, heard: str) -> str | None:
        """The owning skill's words for ``intent`` in a "Did you mean ...?" question, or None."""
        for s in self.specs:
            if s.describe is not None:
                said = s.describe(intent, heard)
                if said:
                    return said
        return None

    def gesture(self, action: str) -> str | None:
        """The intent a button gesture means ("long_press" -> the look skill's identify intent)."""
        return next((s.gestures[action] for s in self.specs if action in s.gestures), None)

    def gestures(self, config: Any = None) -> dict[str, str]:
        """Every bound gesture: the ones skills' configs bind (``gestures_for``) first, then the
        fixed ones (the first skill in routing order wins a gesture two skills name)."""
        out: dict[str, str] = {}
        if config is not None:
            for s in self.specs:
                if s.gestures_for is not None:
                    for action, intent in s.gestures_for(config).items():
                        out.setdefault(action, intent)
        for s in self.specs:
            for action, intent in s.gestures.items():
                out.setdefault(action, intent)
        return out

    def examples(self) -> tuple[str, ...]:
        return tuple(e for s in self.specs for e in s.examples)

    def owned_intents(self, spec: SkillSpec) -> tuple[str, ...]:
        """The intent names ``spec``'s template files define (its own, nobody else's)."""
        names: list[str] = []
        for path in (*spec.intents, *spec.phrasings):
            for name in (_read_yaml(path) or {}).get("intents", {}) or {}:
                if name not in names:
                    names.append(str(name))
        return tuple(names)

    def config_sections(self) -> list[tuple[str, type, str]]:
        return [(s.name, s.config, s.config_doc) for s in self.specs if s.config is not None]


@functools.lru_cache(maxsize=None)
def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read skill file: {str(exc).splitlines()[0]}", where=str(path)) from None


def from_specs(specs: Iterable[SkillSpec]) -> Registry:
    """A registry of ``specs`` (checked: unique names, each a SkillSpec), in routing order."""
    found: list[SkillSpec] = []
    for spec in specs:
        if not isinstance(spec, SkillSpec):
            raise ConfigError(f"skill entry is a {type(spec).__name__}, not a SkillSpec")
        if any(s.name == spec.name for s in found):
            raise ConfigError(f"two skills are named {spec.name!r}")
        found.append(spec)
    return Registry(tuple(sorted(found, key=lambda s: (s.order, s.name))))


def _load(entry: importlib.metadata.EntryPoint) -> SkillSpec:
    try:
        spec = entry.load()
    except Exception as exc:  # noqa: BLE001 - a third-party package may fail in any way
        raise ConfigError(f"skill {entry.name!r} ({entry.value}) does not load: {type(exc).__name__}: {exc}",
                          where="entry point glasses.skills") from None
    if not isinstance(spec, SkillSpec):
        raise ConfigError(f"skill {entry.name!r} ({entry.value}) is a {type(spec).__name__}, not a SkillSpec",
                          where="entry point glasses.skills")
    return spec


@functools.lru_cache(maxsize=1)
def installed() -> Registry:
    """Every skill installed in this Python environment (entry points, read once)."""
    entries = sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
    seen: dict[str, importlib.metadata.EntryPoint] = {}
    for entry in entries:  # an editable install can list the same entry point twice
        seen.setdefault(f"{entry.name}={entry.value}", entry)
    return from_specs(_load(e) for e in seen.values())

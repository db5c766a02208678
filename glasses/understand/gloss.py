"""English for a command understood in another language: each skill's ``glosses.yaml`` (beside
its ``intents.yaml``) maps an intent to a sentence. ``{slot}`` is the slot's value; ``{ in slot}``
(text, a space, a slot name) is that text and the value, or nothing when the slot is absent.
Seconds (``duration_s``, ``change_s``) are said as hours, minutes and seconds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Mapping

import yaml

_OPTIONAL = re.compile(r"\{([^{}]*?[ ,])(\w+)\}")
_SLOT = re.compile(r"\{(\w+)\}")


def load_glosses(intent_files: Iterable[Path]) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in intent_files:
        gloss = Path(path).with_name("glosses.yaml")
        if gloss.exists():
            out.update({str(k): str(v) for k, v in (yaml.safe_load(gloss.read_text(encoding="utf-8")) or {}).items()})
    return out


def seconds_words(value: str) -> str:
    if not value.isdigit():
        return value
    s = int(value)
    parts = [(s // 3600, "hour"), (s % 3600 // 60, "minute"), (s % 60, "second")]
    said = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " and ".join(said) or "0 seconds"


def gloss(glosses: Mapping[str, str], name: str, slots: Mapping[str, str]) -> str | None:
    """The English sentence for intent ``name`` with ``slots``, or None when it has none."""
    template = glosses.get(name)
    if template is None:
        return None

    def value(key: str) -> str:
        raw = str(slots.get(key, ""))
        return seconds_words(raw) if key.endswith("_s") else raw.replace("; ", " and ")

    text = _OPTIONAL.sub(lambda m: f"{m.group(1)}{value(m.group(2))}" if slots.get(m.group(2)) else "", template)
    text = _SLOT.sub(lambda m: value(m.group(1)) or "the", text)
    return " ".join(text.replace("the all timer", "all the timers").split())

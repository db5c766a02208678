"""Home Assistant's own sentences for a language, turned into hassil templates of ours.

The ``home-assistant-intents`` package ships HA's sentence templates for each language
(``home_assistant_intents/data/fr.json``: intents, expansion rules, lists, skip words; data
licensed CC BY 4.0 by the Home Assistant authors). A skill's per-language intent file
(``intents.fr.yaml`` beside its ``intents.yaml``) says which HA intents mean which of its own::

    home_assistant:
      HassGetCurrentTime: get_time
      HassCancelAllTimers: {intent: cancel_timer, slots: {name: all}}

``adapt(language, mapping)`` returns those HA intents under the skill's names, as one hassil
YAML dict (HA's rules and lists included, HA-only context requirements dropped), ready to merge
with the skill's own templates. ``raw_slots`` turns HA's entities (hours/minutes/seconds, item,
name) into the raw slot texts the skills' normalizers already read ("1 hours 10 minutes").
Nothing here names an intent of ours: the mapping comes from the skills' files.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any, Mapping

import home_assistant_intents

from glasses.errors import ConfigError

# HA list name -> how we fill it (HA's own lists of entity names need a house; we have none)
_WILDCARDS = ("name", "area", "floor", "timer_name", "shopping_list_item", "todo_list_item", "search_query",
              "message", "zone")
# HA entity -> our raw slot name (the skills' normalizers read these)
_ENTITY_TO_SLOT = {"item": "item", "timer_name": "name"}


def data_path(language: str) -> Path:
    """HA's sentence file for ``language`` in the installed package, or a ConfigError."""
    path = Path(home_assistant_intents.__file__).parent / "data" / f"{language}.json"
    if not path.exists():
        raise ConfigError(f"home-assistant-intents has no sentences for {language!r}", where="assistant.language")
    return path


@functools.lru_cache(maxsize=8)
def _load(language: str) -> dict:
    return json.loads(data_path(language).read_text(encoding="utf-8"))


def adapt(language: str, mapping: Mapping[str, Any], houses: bool = False) -> dict:
    """hassil YAML (as a dict) with HA's ``language`` sentences for the mapped intents, renamed.
    ``houses``: keep the blocks that name an area or a floor (their names then match any words),
    for understanding what a command means rather than running it (translation)."""
    ha = _load(language)
    intents: dict[str, dict] = {}
    for ha_name, target in mapping.items():
        if ha_name not in ha["intents"]:
            continue   # an older home-assistant-intents without it: the skill's own templates still work
        ours, fixed = (target, {}) if isinstance(target, str) else (target["intent"], dict(target.get("slots") or {}))
        rename = dict(target.get("rename") or {}) if isinstance(target, dict) else {}
        only = set(target.get("only") or ()) if isinstance(target, dict) else set()
        blocks = intents.setdefault(ours, {"data": []})["data"]
        for block in ha["intents"][ha_name]["data"]:
            combo = (block.get("metadata") or {}).get("slot_combination", "")
            if only and combo not in only:
                continue
            if _needs_a_house(block, houses):
                continue
            out = {"sentences": list(block["sentences"])}
            slots = {**(block.get("slots") or {}), **fixed}
            if slots:
                out["slots"] = slots
            out["metadata"] = {"ha_intent": ha_name, "grammar": False, "rename": rename, "combo": combo}
            blocks.append(out)
    lists = copy.deepcopy(ha.get("lists") or {})
    for name in _WILDCARDS:
        lists[name] = {"wildcard": True}
    return {"language": language, "intents": intents, "expansion_rules": dict(ha.get("expansion_rules") or {}),
            "lists": lists, "skip_words": list(ha.get("skip_words") or [])}


def _needs_a_house(block: Mapping[str, Any], houses: bool = False) -> bool:
    """Blocks that only make sense with HA's devices: an area, a floor (unless ``houses``), a
    command to run later."""
    text = " ".join(block["sentences"])
    names = ("conversation_command", "timer_command") + (() if houses else ("area", "floor"))
    return any(f"{{{name}" in text or f":{name}}}" in text for name in names)


def raw_slots(entities: Mapping[str, Any], rename: Mapping[str, str] | None = None) -> dict[str, str]:
    """HA entities -> the raw slot texts our normalizers read: a duration as digits and English
    units ("1 hours 10 minutes"; start_hours... for a timer named by its length), the rest as said
    (under ``rename``'s name when the skill's mapping gives one, e.g. HA's weather ``name`` -> place)."""
    rename = rename or {}
    out: dict[str, str] = {}
    for prefix, key in (("", rename.get("duration", "duration")), ("start_", "name")):
        parts = [f"{entities[prefix + unit]} {unit}" for unit in ("hours", "minutes", "seconds")
                 if prefix + unit in entities]
        if parts:
            out[key] = " ".join(parts)
    for name, value in entities.items():
        if name in ("hours", "minutes", "seconds") or name.startswith("start_"):
            continue
        out.setdefault(rename.get(name) or _ENTITY_TO_SLOT.get(name, name), str(value))
    return out

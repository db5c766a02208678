"""Home Assistant's English phrasings for the intents we share, as a typed test set.

The ``home-assistant-intents`` package (installed; its data is CC BY 4.0) ships HA's English
sentence templates in hassil format. Its wheel does not carry HA's test sentences, so the set is
sampled from those templates: for every template block of a shared intent, a few sentences
(deterministic for a seed), filled with ordinary values (durations, timer names, list items,
cities). HA's own matcher reads each sentence back, which gives the slots it means; those map
to our intent name and slots. Blocks that need things the glasses do not have (areas, floors,
a command to run later) are left out.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path

# HA intent -> our intent
HA_TO_OURS = {
    "HassGetCurrentTime": "get_time", "HassGetCurrentDate": "get_date", "HassGetWeather": "get_weather",
    "HassStartTimer": "start_timer", "HassCancelTimer": "cancel_timer", "HassCancelAllTimers": "cancel_timer",
    "HassTimerStatus": "timer_status", "HassPauseTimer": "pause_timer", "HassUnpauseTimer": "resume_timer",
    "HassIncreaseTimer": "add_timer_time", "HassDecreaseTimer": "remove_timer_time",
    "HassShoppingListAddItem": "add_to_list", "HassListAddItem": "add_to_list",
    "HassShoppingListCompleteItem": "remove_from_list", "HassListCompleteItem": "remove_from_list",
    "HassListRemoveItem": "remove_from_list", "HassNevermind": "stop",
}
_UNSUPPORTED_LISTS = {"area", "floor", "timer_command"}
_VALUES = {
    "timer_name": ["pizza", "pasta", "laundry", "tea"],
    "shopping_list_item": ["milk", "apples", "oat milk", "toilet paper"],
    "todo_list_item": ["eggs", "bread", "passport"],
    "name": ["shopping", "to do", "packing"],          # HA's todo list names
}
_WEATHER_PLACES = ["London", "Paris", "New York"]
_NUMBERS = {"timer_hours": [1, 2], "timer_minutes": [1, 5, 10, 25], "timer_seconds": [1, 30, 45]}


@dataclass(frozen=True, slots=True)
class Phrasing:
    text: str
    ha_intent: str
    intent: str
    slots: dict[str, str]


def ha_english_path() -> Path:
    import home_assistant_intents

    return Path(home_assistant_intents.__file__).parent / "data" / "en.json"


def _lists(intent_name: str):
    from hassil.intents import TextSlotList

    lists = {name: TextSlotList.from_strings(values, name=name) for name, values in _VALUES.items()}
    lists.update({name: TextSlotList(name=name, values=[]) for name in _UNSUPPORTED_LISTS})
    if intent_name == "HassGetWeather":
        lists["name"] = TextSlotList.from_strings(_WEATHER_PLACES, name="name")
    for name, numbers in _NUMBERS.items():
        lists[name] = TextSlotList.from_tuples([(str(n), n) for n in numbers], name=name)
    return lists


def _expected(ha_intent: str, entities: dict) -> dict[str, str]:
    def seconds(prefix: str = "") -> int:
        return (int(entities.get(prefix + "hours", 0)) * 3600 + int(entities.get(prefix + "minutes", 0)) * 60
                + int(entities.get(prefix + "seconds", 0)))

    out: dict[str, str] = {}
    ours = HA_TO_OURS[ha_intent]
    if ours == "start_timer":
        out["duration_s"] = str(seconds())
        if "name" in entities:
            out["name"] = str(entities["name"])
    elif ours in ("cancel_timer", "timer_status", "pause_timer", "resume_timer", "add_timer_time",
                  "remove_timer_time"):
        if ha_intent == "HassCancelAllTimers":
            out["name"] = "all"
        elif "name" in entities:
            out["name"] = str(entities["name"])
        elif seconds("start_"):
            out["duration_s"] = str(seconds("start_"))
        if ours in ("add_timer_time", "remove_timer_time"):
            out["change_s"] = str(seconds())
    elif ours in ("add_to_list", "remove_from_list"):
        out["item"] = str(entities["item"])
        out["list"] = str(entities.get("name", "shopping"))
    elif ours == "get_weather" and "name" in entities:
        out["place"] = str(entities["name"]).lower()
    return out


def ha_phrasings(per_block: int = 6, seed: int = 8) -> list[Phrasing]:
    """Sampled HA English sentences for the shared intents, with our expected intent and slots."""
    from hassil import Intents, recognize_all
    from hassil.sample import sample_sentence

    data = json.loads(ha_english_path().read_text(encoding="utf-8"))
    data["intents"] = {k: v for k, v in data["intents"].items() if k in HA_TO_OURS}
    intents = Intents.from_dict(data)
    rng = random.Random(seed)
    out: list[Phrasing] = []
    seen: set[str] = set()
    for ha_name in HA_TO_OURS:
        intent = intents.intents.get(ha_name)
        if intent is None:
            continue
        lists = _lists(ha_name)
        for block in intent.data:
            rules = {**intents.expansion_rules, **block.expansion_rules}
            names = {n for s in block.sentences for n in s.list_names(rules)}
            if names & _UNSUPPORTED_LISTS:
                continue
            texts = []
            for sentence in block.sentences:
                texts.extend(itertools.islice(sample_sentence(sentence, {**intents.slot_lists, **lists}, rules), 400))
            for text in rng.sample(texts, min(per_block, len(texts))):
                text = " ".join(text.split())
                if text in seen:
                    continue
                context = {k: v[0] if isinstance(v, list) else v for k, v in (block.requires_context or {}).items()}
                result = next((r for r in recognize_all(text, intents, slot_lists=lists, intent_context=context)
                               if r.intent.name == ha_name and not any(
                                   e.is_wildcard and len(str(e.value).split()) > 3 for e in r.entities.values())),
                              None)
                if result is None:
                    continue
                seen.add(text)
                entities = {k: e.value for k, e in result.entities.items()}
                out.append(Phrasing(text, ha_name, HA_TO_OURS[ha_name], _expected(ha_name, entities)))
    return out

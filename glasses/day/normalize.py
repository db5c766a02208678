"""Slot normalizers for the day intents: raw wildcard text in, final slots out (or None to
reject the match so the parser tries the next reading).

``NORMALIZERS`` maps intent name -> function; pass it to ``IntentParser(normalizers=...)``.
``vocabulary()`` lists the words the wildcards need in a command-mode grammar.
Works for recognizer output ("set a ten minute pasta timer") and typed text ("Remind me to
call Anna at 5:30pm!").
"""

from __future__ import annotations

import re
from typing import Callable

from glasses.day.numbers import tokens_of
from glasses.day.timeexpr import PERIODS, parse_clock, parse_day, parse_duration, parse_period, parse_when

Slots = dict[str, str]

_ARTICLES = {"a", "an", "the", "my", "some", "more", "our"}
_LIST_ALIASES = {"grocery": "shopping", "groceries": "shopping", "shopping": "shopping",
                 "todo": "to do", "to do": "to do", "to-do": "to do", "do": "to do"}


def _text(tokens: list[str]) -> str:
    return " ".join(tokens)


# --- timers --------------------------------------------------------------------------------

def _clean_name(tokens: list[str]) -> str:
    while tokens and tokens[0] in _ARTICLES | {"called", "named", "for", "labeled", "labelled"}:
        tokens = tokens[1:]
    while tokens and tokens[-1] in {"timer", "please"}:
        tokens = tokens[:-1]
    return _text(tokens)


def _split_duration(tokens: list[str]) -> tuple[int, list[str]] | None:
    """Longest duration at the start or the end of ``tokens``; the rest is a name."""
    for cut in range(len(tokens), 0, -1):
        d = parse_duration(tokens[:cut])
        if d:
            return d, tokens[cut:]
    for cut in range(0, len(tokens)):
        d = parse_duration(tokens[cut:])
        if d:
            return d, tokens[:cut]
    return None


_NOT_A_NAME = {"stop", "cancel", "delete", "remove", "clear", "pause", "resume", "continue", "left",
               "remaining", "status", "how", "what", "much", "long", "is", "on", "of", "add", "off",
               "end", "kill", "check", "until", "more", "another", "extra", "to", "by", "from"}


def start_timer(slots: Slots) -> Slots | None:
    """duration / spec / name -> duration_s (whole seconds) and name when one was given."""
    name_tokens = tokens_of(slots.get("name", ""))
    found = None
    for key in ("duration", "spec"):
        if key in slots:
            found = _split_duration(tokens_of(slots[key]))
            if found is None:
                return None
            if found[1]:
                name_tokens = name_tokens or found[1]
    if found is None:
        return None
    out = {"duration_s": str(found[0])}
    name = _clean_name(name_tokens)
    if name:
        if parse_duration(tokens_of(name)) or _NOT_A_NAME & set(tokens_of(name)) or len(tokens_of(name)) > 4:
            return None  # "stop 5 minute timer", "time left on the 1 hour timer" are not names
        out["name"] = name
    return out


def timer_name(slots: Slots) -> Slots | None:
    """timer_status / cancel_timer: the name said, or "all"."""
    out: Slots = {}
    if "name" in slots:
        tokens = tokens_of(slots["name"])
        if tokens and tokens[0] in ("all", "every", "both"):
            return {"name": "all"}
        d = parse_duration(tokens)
        if d:
            return {"duration_s": str(d)}
        name = _clean_name(tokens)
        if name:
            out["name"] = name
    if slots.get("all"):
        out["name"] = "all"
    return out


def timer_change(slots: Slots) -> Slots | None:
    """add_timer_time / remove_timer_time: change -> change_s, plus which timer (timer_name)."""
    tokens = [t for t in tokens_of(slots.get("change", "")) if t not in ("another", "extra", "more")]
    change = parse_duration(tokens)
    if not change:
        return None
    out = timer_name({k: v for k, v in slots.items() if k != "change"})
    if out is None:
        return None
    return {**out, "change_s": str(change)}


# --- reminders -----------------------------------------------------------------------------

_WHEN_START = {"in", "at", "by", "on", "tomorrow", "today", "tonight", "this", "next", "after", "for",
               "noon", "midnight", "around", *("monday tuesday wednesday thursday friday saturday sunday".split())}


def _clean_reminder_text(tokens: list[str]) -> list[str]:
    while tokens and tokens[0] in ("to", "that", "i", "need", "should", "have", "please", "about"):
        if tokens[0] == "i" or tokens[0] in ("need", "should", "have"):
            if tokens[:3] in (["i", "need", "to"], ["i", "have", "to"]):
                tokens = tokens[3:]
                continue
            if tokens[:2] == ["i", "should"]:
                tokens = tokens[2:]
                continue
            break
        tokens = tokens[1:]
    while tokens and tokens[-1] in ("please", "to"):
        tokens = tokens[:-1]
    return tokens


def split_reminder(text: str) -> tuple[str, str] | None:
    """ "to call anna at five" -> ("call anna", "at 05:00?"); "in ten minutes to stretch" ->
    ("stretch", "+600"). The time may lead or trail; the longest readable time wins."""
    tokens = tokens_of(text)
    while tokens and tokens[-1] in ("please", "thanks"):
        tokens = tokens[:-1]
    if tokens and tokens[0] in ("to", "about", "that") and len(tokens) > 1:
        lead = tokens[1:] if tokens[0] == "to" else tokens
    else:
        lead = tokens
    # trailing time: the longest suffix that reads as a time
    for cut in range(1, len(tokens)):
        suffix = tokens[cut:]
        if suffix[0] not in _WHEN_START and not (len(suffix) > 2 and suffix[-2:] == ["from", "now"]):
            continue
        when = parse_when(suffix)
        if when is not None:
            body = _clean_reminder_text(tokens[:cut])
            if body:
                return _text(body), when
    # leading time: the longest prefix, then "to ..."
    for cut in range(len(lead), 0, -1):
        prefix = lead[:cut]
        if prefix[0] not in _WHEN_START:
            break
        when = parse_when(prefix)
        if when is not None:
            return _text(_clean_reminder_text(lead[cut:])), when
    return None


def set_reminder(slots: Slots) -> Slots | None:
    """reminder (text and time in any order) or text + when -> text and canonical when."""
    if "reminder" in slots:
        split = split_reminder(slots["reminder"])
        if split is None:
            return None
        text, when = split
    else:
        when = parse_when(tokens_of(slots.get("when", "")))
        if when is None:
            return None
        text = _text(_clean_reminder_text(tokens_of(slots.get("text", ""))))
    out = {"when": when}
    if text:
        out["text"] = text
    return out


def reminder_text(slots: Slots) -> Slots | None:
    """cancel_reminder: which one (words to match), or all."""
    out: Slots = {}
    if "text" in slots:
        tokens = tokens_of(slots["text"])
        if tokens[:1] in (["all"], ["every"]):
            return {"text": "all"}
        tokens = [t for t in tokens if t not in ("reminder", "reminders")]
        while tokens and tokens[0] in ("to", "about", "for"):
            tokens = tokens[1:]
        if tokens:
            out["text"] = _text(tokens)
    if slots.get("all"):
        out["text"] = "all"
    return out


# --- lists ---------------------------------------------------------------------------------

def list_name(raw: str | None) -> str:
    """ "my grocery list" -> "shopping"; "the to-do" -> "to do"; default "shopping"."""
    tokens = [t for t in tokens_of(raw or "") if t not in ("my", "the", "list", "our")]
    name = _text(tokens)
    return _LIST_ALIASES.get(name, name) or "shopping"


# French, Spanish and German articles before an item said in that language (assistant.language):
# "du lait et des œufs" -> ["lait", "œufs"], "leche y huevos", "Milch und Eier"
_OTHER_ARTICLES = {"du", "des", "de", "la", "le", "les", "un", "une", "el", "los", "las", "unos", "unas",
                   "der", "die", "das", "ein", "eine", "einen", "etwas"}


def list_items(raw: str) -> list[str]:
    """ "some oat milk, eggs and bread" -> ["oat milk", "eggs", "bread"]; the same in French,
    Spanish or German ("du lait et des œufs" -> ["lait", "œufs"])."""
    parts = re.split(r",|;|\band also\b|\band\b|\bplus\b|\bet\b|\by\b|\bund\b", raw.lower())
    items = []
    for part in parts:
        tokens = tokens_of(part)
        while tokens and (tokens[0] in _ARTICLES | {"also", "please"} or
                          (tokens[0] in _OTHER_ARTICLES and len(tokens) > 1)):
            tokens = tokens[1:]
        if tokens and re.match(r"^[ld]'\w", tokens[0]):
            tokens[0] = tokens[0][2:]   # "l'eau", "d'huile"
        while tokens and tokens[-1] in ("please", "too", "as", "well"):
            tokens = tokens[:-1]
        if tokens:
            items.append(_text(tokens))
    return items


def list_slots(slots: Slots) -> Slots | None:
    out: Slots = {"list": list_name(slots.get("list"))}
    if {"timer", "timers", "reminder", "reminders", "alarm"} & set(tokens_of(out["list"])) or \
            len(tokens_of(out["list"])) > 3:
        return None  # "add 5 minutes to my timer" is not a list
    if "item" in slots:
        items = list_items(slots["item"])
        if not items or any(i.split()[0] in ("to", "you", "it", "help") or len(i.split()) > 5 or
                            i.split()[-1] in ("in", "on", "to", "from", "off", "into", "onto") for i in items):
            return None  # "i need to finish my homework" is not a shopping item
        out["item"] = "; ".join(items)
    return out


# --- schedule and weather ------------------------------------------------------------------

def day_slots(slots: Slots) -> Slots | None:
    """get_schedule: day -> canonical day (and period for "this afternoon")."""
    if "day" not in slots:
        return dict(slots)
    tokens = tokens_of(slots["day"])
    parsed = parse_day(tokens, 0)
    if parsed is None or parsed[2] != len(tokens):
        if tokens in (["this", "week"], ["the", "week"], ["week"]):
            return {"day": "week"}
        if tokens in (["this", "weekend"], ["the", "weekend"], ["weekend"]):
            return {"day": "weekend"}
        return None
    day, period, _ = parsed
    out = {"day": day}
    if period:
        out["period"] = period
    return out


def free_slots(slots: Slots) -> Slots | None:
    """check_free: "at three tomorrow" -> day + time (HH:MM, "?" when am/pm unknown)."""
    raw = slots.get("when", "")
    tokens = tokens_of(raw)
    if not tokens:
        return {}
    out: Slots = {}
    day = parse_day(tokens, 0)
    if day is not None and day[2] == len(tokens):
        out["day"] = day[0]
        if day[1]:
            out["period"] = day[1]
        return out
    when = parse_when(tokens)
    if when is None:
        if tokens[0] not in ("at", "by", "around") and not tokens[0].isdigit():
            # a bare clock without "at": "am i free three thirty"
            c = parse_clock(tokens, 0)
            if c is None or c[1] != len(tokens):
                return None
            return {"time": c[0].canonical()}
        return None
    if when.startswith("+"):
        return {"in_s": when[1:]}
    day_part, time_part = when.rsplit(" ", 1)
    if day_part != "at":
        out["day"] = day_part
    out["time"] = time_part
    return out


def weather_slots(slots: Slots) -> Slots | None:
    """get_weather etc.: a free phrase like "in london tomorrow afternoon" -> place, day, period."""
    out: Slots = {k: v for k, v in slots.items() if k not in ("where_when", "place")}
    raw = slots.get("where_when", "")
    place = slots.get("place", "")
    tokens = tokens_of(raw)
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        parsed = parse_day(tokens, i) if tokens[i] != "in" else None
        if parsed is not None:
            out["day"] = parsed[0]
            if parsed[1]:
                out["period"] = parsed[1]
            i = parsed[2]
            continue
        if tokens[i:i + 3] in (["in", "the", "morning"], ["in", "the", "afternoon"], ["in", "the", "evening"]):
            out["period"] = tokens[i + 2]
            i += 3
            continue
        if tokens[i:i + 2] in (["at", "night"], ["over", "night"]) or tokens[i] in ("overnight", "tonight"):
            out["period"] = "night"
            if tokens[i] == "tonight":
                out.setdefault("day", "today")
            i += 1 if tokens[i] in ("overnight", "tonight") else 2
            continue
        if tokens[i] in ("later", "now", "right", "outside", "like", "today's", "going", "be", "it"):
            i += 1
            continue
        rest.append(tokens[i])
        i += 1
    period = parse_period(tokens)
    if period and "period" not in out:
        out["period"] = period
    while rest and rest[0] in ("in", "at", "for", "around", "near", "over", "the", "my", "our"):
        rest = rest[1:]
    place_tokens = tokens_of(place) or rest
    while place_tokens and place_tokens[0] in ("in", "at", "for", "the", "my", "our"):
        place_tokens = place_tokens[1:]
    if place_tokens:
        out["place"] = _text(place_tokens)
    return out


NORMALIZERS: dict[str, Callable[[Slots], Slots | None]] = {
    "start_timer": start_timer,
    "timer_status": timer_name,
    "cancel_timer": timer_name,
    "pause_timer": timer_name,
    "resume_timer": timer_name,
    "add_timer_time": timer_change,
    "remove_timer_time": timer_change,
    "set_reminder": set_reminder,
    "cancel_reminder": reminder_text,
    "add_to_list": list_slots,
    "remove_from_list": list_slots,
    "read_list": list_slots,
    "clear_list": list_slots,
    "get_schedule": day_slots,
    "check_free": free_slots,
    "get_weather": weather_slots,
    "will_it_rain": weather_slots,
    "get_temperature": weather_slots,
    "need_umbrella": weather_slots,
}


# --- vocabulary for command-mode recognition -----------------------------------------------

_VOCAB_TEXT = """
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
half quarter a an and second seconds minute minutes hour hours day days oh o'clock noon midnight
am pm morning afternoon evening night tonight today tomorrow yesterday this next week weekend
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december first second third fourth fifth sixth seventh
eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth
eighteenth nineteenth twentieth thirtieth at in on by to from now past after before the of my
pasta pizza eggs rice tea coffee bread oven laundry cake cookies potatoes vegetables soup steak
chicken break workout nap meditation parking tea egg
call text email message pick up drop off buy get take bring pay check send book water plants
feed cat dog medicine pills meeting appointment dentist doctor doctors gym bus train flight
mom mum dad anna john mary james david sarah emma tom alex sam ben lucy kate mike chris
milk oat butter cheese apples bananas tomatoes onions garlic pasta flour sugar salt yogurt juice
cereal coffee beans chocolate wine beer toilet paper soap shampoo toothpaste batteries
shopping grocery groceries list to do todo packing
london paris berlin new york tokyo madrid rome amsterdam vienna dublin edinburgh manchester
sydney toronto chicago boston san francisco los angeles seattle munich zurich lisbon
"""


def vocabulary() -> list[str]:
    """Words the day wildcards need beyond the templates (numbers, units, days, common
    reminder verbs and names, grocery items, big cities). Pass as IntentParser(vocabulary=...)."""
    return sorted({w for w in _VOCAB_TEXT.split() if w})

"""How times, dates, durations and ages are said out loud. Pure: every function is handed
the moments it talks about; nothing reads a clock.

Examples: ``clock(09:30)`` -> "half past nine"; ``duration(5400)`` -> "an hour and a half";
``day_phrase(date, today)`` -> "tomorrow" / "on Friday" / "on Friday the 5th of December";
``age(7200)`` -> "two hours old".
"""

from __future__ import annotations

from datetime import date, datetime

from glasses.day.numbers import number_words, ordinal_words
from glasses.skills.spoken import day_part

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _hour12(h: int) -> int:
    return h % 12 or 12


def clock(t: datetime, *, part_of_day: bool = False) -> str:
    """A wall-clock time as people say it: "nine", "half past nine", "quarter to ten",
    "nine twenty", "nine oh five", "noon", "midnight". ``part_of_day`` adds "in the
    morning" / "in the afternoon" / "in the evening" / "at night" (always, for early or
    late hours where a bare hour could mislead)."""
    h, m = t.hour, t.minute
    if m == 0 and h == 12:
        return "noon"
    if m == 0 and h == 0:
        return "midnight"
    if m == 0:
        text = number_words(_hour12(h))
    elif m == 30:
        text = f"half past {number_words(_hour12(h))}"
    elif m == 15:
        text = f"quarter past {number_words(_hour12(h))}"
    elif m == 45:
        text = f"quarter to {number_words(_hour12(h + 1))}"
    elif m < 10:
        text = f"{number_words(_hour12(h))} oh {number_words(m)}"
    else:
        text = f"{number_words(_hour12(h))} {number_words(m)}"
    hour_said = h + 1 if m == 45 else h
    if part_of_day or hour_said < 7 or hour_said >= 20:
        text += " " + day_part(hour_said % 24)
    return text


def at_clock(t: datetime) -> str:
    """ "at half past nine", "at noon"."""
    return "at " + clock(t)


def hhmm(t: datetime) -> str:
    """For cards: "09:30"."""
    return t.strftime("%H:%M")


def duration(seconds: float, *, approximate: bool = False) -> str:
    """ "ten minutes", "an hour and a half", "one hour and five minutes", "ninety seconds",
    "five and a half minutes". ``approximate`` rounds to what is worth hearing for a
    countdown (whole minutes above ten minutes, seconds only under two minutes)."""
    s = int(round(seconds))
    if s < 0:
        s = 0
    if approximate:
        if s >= 600:
            s = int(round(s / 60.0)) * 60
        elif s >= 120:
            s = int(round(s / 30.0)) * 30
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    if hours and not minutes and not secs:
        return "an hour" if hours == 1 else f"{number_words(hours)} hours"
    if hours and minutes == 30 and not secs:
        return "an hour and a half" if hours == 1 else f"{number_words(hours)} and a half hours"
    if hours:
        parts = ["one hour" if hours == 1 else f"{number_words(hours)} hours"]
        if minutes:
            parts.append(_count(minutes, "minute"))
        return " and ".join(parts)
    if minutes and secs == 30:
        return "a minute and a half" if minutes == 1 else f"{number_words(minutes)} and a half minutes"
    if minutes and secs:
        return f"{_count(minutes, 'minute')} and {_count(secs, 'second')}"
    if minutes:
        return "a minute" if minutes == 1 else _count(minutes, "minute")
    return "a second" if secs == 1 else _count(secs, "second")


def _count(n: int, unit: str) -> str:
    return f"{number_words(n) if n < 1000 else n} {unit}{'' if n == 1 else 's'}"


def count(n: int, unit: str, plural: str | None = None) -> str:
    """ "no events", "one event", "three events"."""
    word = unit if n == 1 else (plural or unit + "s")
    if n == 0:
        return f"no {word}"
    return f"{number_words(n) if n < 1000 else n} {word}"


def day_phrase(d: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", "on Friday" (within a week), else
    "on Friday the fifth of December"."""
    delta = (d - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return f"on {WEEKDAYS[d.weekday()]}"
    return f"on {WEEKDAYS[d.weekday()]} the {ordinal_words(d.day)} of {MONTHS[d.month - 1]}"


def day_name(d: date, today: date) -> str:
    """Like day_phrase without "on": "today", "Friday", "Friday the fifth of December"."""
    return day_phrase(d, today).removeprefix("on ")


def when_phrase(t: datetime, now: datetime) -> str:
    """A moment relative to now: "at half past nine", "tomorrow at nine", "on Friday at noon"."""
    day = day_phrase(t.date(), now.date())
    return at_clock(t) if day == "today" else f"{day} {at_clock(t)}"


def age(seconds: float) -> str:
    """How old data is: "a few minutes", "forty minutes", "three hours", "two days"."""
    s = max(0, int(seconds))
    if s < 300:
        return "a few minutes"
    if s < 3600:
        return _count(int(round(s / 60.0 / 5.0)) * 5 or 5, "minute")
    if s < 2 * 86400:
        hours = int(round(s / 3600.0))
        return "an hour" if hours == 1 else _count(hours, "hour")
    return _count(int(round(s / 86400.0)), "day")


def join(items: list[str], conj: str = "and", limit: int | None = None, unit: str = "item") -> str:
    """ "a", "a and b", "a, b and c"; with ``limit``, a long list is cut for speech:
    "a, b, ... j and 990 more items"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + f" {conj} {count(len(items) - limit, 'more ' + unit)}"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def sentence(text: str) -> str:
    """Capitalize the first letter and end with a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


def you_form(text: str) -> str:
    """Turn the wearer's words into what the assistant says back: "call my mum" -> "call your mum"."""
    swap = {"my": "your", "me": "you", "i": "you", "i'm": "you're", "myself": "yourself", "mine": "yours",
            "i'll": "you'll", "i've": "you've", "am": "are"}
    return " ".join(swap.get(w, w) for w in text.split())

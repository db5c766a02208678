"""Times and dates the way a person says them: "half past nine", "Sunday the 22nd of November"."""

from __future__ import annotations

from datetime import date, datetime

from glasses.intents import number_words

_HOURS = ["twelve", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven"]


def spoken_time(t: datetime) -> str:
    """'ten past three in the afternoon', 'noon', 'quarter to eight in the morning'."""
    h, m = t.hour, t.minute
    if m == 0 and h in (0, 12):
        return "midnight" if h == 0 else "noon"
    if m <= 30:
        hour = h
        if m == 0:
            phrase = f"{_HOURS[hour % 12]} o'clock"
        elif m == 15:
            phrase = f"quarter past {_HOURS[hour % 12]}"
        elif m == 30:
            phrase = f"half past {_HOURS[hour % 12]}"
        else:
            phrase = f"{number_words(m)} {'minute' if m == 1 else 'minutes'} past {_HOURS[hour % 12]}"
    else:
        hour = (h + 1) % 24
        left = 60 - m
        if left == 15:
            phrase = f"quarter to {_HOURS[hour % 12]}"
        else:
            phrase = f"{number_words(left)} {'minute' if left == 1 else 'minutes'} to {_HOURS[hour % 12]}"
        if hour in (0, 12):
            phrase = phrase.rsplit(" ", 1)[0] + (" midnight" if hour == 0 else " noon")
            return phrase
    return f"{phrase} {day_part(hour)}"


def day_part(h: int) -> str:
    """The part of the day an hour (0..23) falls in, as said after a time."""
    if h < 5 or h >= 22:
        return "at night"
    if h < 12:
        return "in the morning"
    if h < 18:
        return "in the afternoon"
    return "in the evening"


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def spoken_date(d: date) -> str:
    """'Sunday the 22nd of November, 2026'."""
    return f"{d:%A} the {ordinal(d.day)} of {d:%B}, {d.year}"

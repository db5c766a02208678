"""Spoken time expressions: durations, clock times, days, and "when" phrases for reminders.

Parsing turns words into a small canonical text (what an Intent slot carries, readable in
``glasses ask --json``); resolving turns that text into a datetime, given ``now``. Both are
pure. Canonical forms:

- duration: whole seconds, e.g. "600"
- day: "today", "tomorrow", "yesterday", "monday".."sunday", "next monday",
  "2026-12-05", "--12-05" (month-day, nearest year), "---05" (day of month)
- when: "+600" (relative seconds), "at 17:00" (next such time), "tomorrow 09:00",
  "friday 17:30"; a trailing "?" means am/pm was not said ("at 05:00?")
- period: "morning", "afternoon", "evening", "night"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from glasses.day.numbers import parse_number, parse_ordinal

_UNIT_SECONDS = {
    "second": 1, "seconds": 1, "sec": 1, "secs": 1, "s": 1,
    "minute": 60, "minutes": 60, "min": 60, "mins": 60, "m": 60,
    "hour": 3600, "hours": 3600, "hr": 3600, "hrs": 3600, "h": 3600,
    "day": 86400, "days": 86400,
}
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ALIASES = {**{d: d for d in WEEKDAY_NAMES}, **{d[:3]: d for d in WEEKDAY_NAMES},
                    "tues": "tuesday", "thurs": "thursday", "weds": "wednesday"}
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_MONTHS = {**{m: i + 1 for i, m in enumerate(MONTH_NAMES)},
           **{m[:3]: i + 1 for i, m in enumerate(MONTH_NAMES) if m != "may"}, "sept": 9}
PERIODS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 22), "night": (18, 24)}
_PERIOD_DEFAULT_HOUR = {"morning": 9, "afternoon": 14, "evening": 18, "night": 20}


# --- durations -----------------------------------------------------------------------------

def parse_duration(tokens: list[str]) -> int | None:
    """Whole seconds for a duration that uses every token, or None.

    "ten minutes", "an hour and a half", "5 and a half minutes", "90 seconds", "half an
    hour", "a quarter of an hour", "one hour thirty minutes", "2.5 hours", "10 min".
    """
    i, total, seen = 0, 0.0, False
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok in ("and", "plus"):
            i += 1
            continue
        # "half an hour", "half a minute", "half hour"
        if tok == "half":
            j = i + 1 + (1 if i + 1 < n and tokens[i + 1] in ("a", "an") else 0)
            if j < n and tokens[j] in _UNIT_SECONDS:
                total += 0.5 * _UNIT_SECONDS[tokens[j]]
                i, seen = j + 1, True
                continue
            return None
        # "a quarter of an hour", "quarter hour", "three quarters of an hour"
        q = _quarters(tokens, i)
        if q is not None:
            total += q[0]
            i, seen = q[1], True
            continue
        if tok in ("a", "an") and i + 1 < n and tokens[i + 1] in _UNIT_SECONDS:
            value, i = 1.0, i + 1
        else:
            num = parse_number(tokens, i)
            if num is None:
                return None
            value, i = num
        if i + 2 < n and tokens[i] == "and" and tokens[i + 1] == "a" and tokens[i + 2] == "half":
            value += 0.5
            i += 3
        if i >= n or tokens[i] not in _UNIT_SECONDS:
            return None
        unit = _UNIT_SECONDS[tokens[i]]
        i += 1
        if i + 2 < n and tokens[i] == "and" and tokens[i + 1] == "a" and tokens[i + 2] == "half":
            value += 0.5
            i += 3
        total += value * unit
        seen = True
    if not seen or total <= 0:
        return None
    return int(round(total))


def _quarters(tokens: list[str], i: int) -> tuple[float, int] | None:
    n = len(tokens)
    j, count = i, 1
    if j < n and tokens[j] in ("a", "one"):
        j += 1
    elif j < n and tokens[j] == "three":
        j, count = j + 1, 3
    if j < n and tokens[j] in ("quarter", "quarters"):
        j += 1
        if j < n and tokens[j] == "of":
            j += 1
        if j < n and tokens[j] in ("a", "an"):
            j += 1
        if j < n and tokens[j] == "hour":
            return 900.0 * count, j + 1
    return None


# --- clock times ---------------------------------------------------------------------------

MAX_AHEAD_DAYS = 3660  # about ten years: the furthest moment a reminder or question may name


class TooFarAhead(ValueError):
    """A "when" beyond MAX_AHEAD_DAYS (e.g. "in 999999999999 minutes")."""


def _ahead(now, seconds: int):
    if abs(seconds) > MAX_AHEAD_DAYS * 86400:
        raise TooFarAhead(f"{seconds} s is more than {MAX_AHEAD_DAYS} days away")
    return now + timedelta(seconds=seconds)


@dataclass(frozen=True, slots=True)
class ClockTime:
    """hour 0..23, minute 0..59; ambiguous when am/pm was not said and hour is 1..12."""

    hour: int
    minute: int
    ambiguous: bool

    def canonical(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}" + ("?" if self.ambiguous else "")


_SUFFIX_PM = {"pm", "p"}
_SUFFIX_AM = {"am", "a"}


def parse_clock(tokens: list[str], i: int) -> tuple[ClockTime, int] | None:
    """A clock time at ``tokens[i]``: "five", "five thirty", "5:30 pm", "half past nine",
    "quarter to six", "twenty past five", "noon", "17:00", "seventeen hundred",
    "five o'clock", "nine in the morning"."""
    n = len(tokens)
    if i >= n:
        return None
    tok = tokens[i]
    if tok in ("noon", "midday"):
        return ClockTime(12, 0, False), i + 1
    if tok == "midnight":
        return ClockTime(0, 0, False), i + 1
    hour: int | None = None
    minute = 0
    j = i
    m = re.match(r"^(\d{1,2})[:.](\d{2})$", tok)
    if m:
        hour, minute, j = int(m.group(1)), int(m.group(2)), i + 1
    elif re.match(r"^\d{3,4}$", tok):
        hour, minute, j = int(tok) // 100, int(tok) % 100, i + 1
    else:
        rel = _past_to(tokens, i)
        if rel is not None:
            hour, minute, j = rel
        else:
            num = parse_number(tokens, i)
            if num is None or num[0] != int(num[0]):
                return None
            hour, j = int(num[0]), num[1]
            if j < n and tokens[j] == "hundred" and 0 <= hour <= 23:
                j += 1
            elif j < n and tokens[j] in ("o'clock", "oclock"):
                j += 1
            elif j + 1 < n and tokens[j] == "o" and tokens[j + 1] == "clock":
                j += 2
            elif j + 1 < n and tokens[j] in ("oh", "o") and tokens[j + 1] in _SINGLE_DIGITS:
                minute, j = _SINGLE_DIGITS[tokens[j + 1]], j + 2
            else:
                mins = parse_number(tokens, j)
                if mins is not None and 10 <= mins[0] <= 59 and mins[0] == int(mins[0]) \
                        and not (mins[1] < n and tokens[mins[1]] in _UNIT_SECONDS):
                    minute, j = int(mins[0]), mins[1]
    if hour is None or not (0 <= hour <= 24) or not (0 <= minute <= 59):
        return None
    hour %= 24
    ambiguous = 1 <= hour <= 12
    # am / pm / in the morning ...
    if j < n and tokens[j] in _SUFFIX_PM | _SUFFIX_AM and hour <= 12:
        pm = tokens[j] in _SUFFIX_PM
        j += 1
        if j < n and tokens[j] == "m" and tokens[j - 1] in ("a", "p"):
            j += 1
        hour = (hour % 12) + (12 if pm else 0)
        ambiguous = False
    elif ambiguous:
        part = _part_of_day_suffix(tokens, j)
        if part is not None:
            period, j = part
            if period in ("afternoon", "evening", "night") and hour < 12:
                hour = hour + 12 if not (period == "night" and hour == 12) else 0
            elif period == "morning" and hour == 12:
                hour = 0
            ambiguous = False
    return ClockTime(hour, minute, ambiguous), j


_SINGLE_DIGITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}


def _past_to(tokens: list[str], i: int) -> tuple[int, int, int] | None:
    n = len(tokens)
    j = i
    if j < n and tokens[j] == "half":
        minutes, j = 30, j + 1
    elif j < n and tokens[j] == "quarter":
        minutes, j = 15, j + 1
    elif j + 1 < n and tokens[j] == "a" and tokens[j + 1] == "quarter":
        minutes, j = 15, j + 2
    else:
        num = parse_number(tokens, j)
        if num is None or not (1 <= num[0] <= 30):
            return None
        minutes, j = int(num[0]), num[1]
        if j < n and tokens[j] in ("minutes", "minute"):
            j += 1
    if j >= n or tokens[j] not in ("past", "after", "to", "before", "til", "till"):
        return None
    before = tokens[j] in ("to", "before", "til", "till")
    if minutes == 30 and before:
        return None
    hour_tok = parse_number(tokens, j + 1)
    if hour_tok is None and j + 1 < n and tokens[j + 1] in ("noon", "midnight"):
        hour_tok = (12.0 if tokens[j + 1] == "noon" else 0.0, j + 2)
    if hour_tok is None or not (0 <= hour_tok[0] <= 23):
        return None
    hour = int(hour_tok[0])
    if before:
        hour, minute = (hour - 1) % 24, 60 - minutes
        if hour == 0 and hour_tok[0] in (12.0,):
            hour = 11
    else:
        minute = minutes
    return hour, minute, hour_tok[1]


def _part_of_day_suffix(tokens: list[str], j: int) -> tuple[str, int] | None:
    n = len(tokens)
    if j + 2 < n and tokens[j] == "in" and tokens[j + 1] == "the" and tokens[j + 2] in ("morning", "afternoon", "evening"):
        return tokens[j + 2], j + 3
    if j + 1 < n and tokens[j] == "at" and tokens[j + 1] == "night":
        return "night", j + 2
    if j < n and tokens[j] == "tonight":
        return "evening", j  # "tonight" is left for the day parser
    if j + 1 < n and tokens[j] == "this" and tokens[j + 1] in ("morning", "afternoon", "evening"):
        return tokens[j + 1], j  # left for the day parser too
    if j + 1 < n and tokens[j] == "tomorrow" and tokens[j + 1] in ("morning", "afternoon", "evening", "night"):
        return tokens[j + 1], j
    return None


# --- days ----------------------------------------------------------------------------------

def parse_day(tokens: list[str], i: int) -> tuple[str, str | None, int] | None:
    """A day at ``tokens[i]``: (canonical day, period or None, next index).

    "today", "tonight", "tomorrow [morning]", "this afternoon", "[on] [next] friday",
    "[on] the 5th [of december]", "december 5th", "5 december", "2026-12-05",
    "the day after tomorrow".
    """
    n = len(tokens)
    j = i
    if j < n and tokens[j] in ("on", "for"):
        j += 1
    if j >= n:
        return None
    tok = tokens[j]
    if tok in ("today", "now"):
        return "today", None, j + 1
    if tok == "tonight":
        return "today", "evening", j + 1
    if tok in ("this", "in") and j + 1 < n and tokens[j + 1] in ("morning", "afternoon", "evening"):
        return "today", tokens[j + 1], j + 2
    if tok == "this" and j + 1 < n and tokens[j + 1] in _WEEKDAY_ALIASES:
        return _WEEKDAY_ALIASES[tokens[j + 1]], None, j + 2
    if tok == "the" and tokens[j + 1:j + 4] == ["day", "after", "tomorrow"]:
        return "+2", None, j + 4
    if tok == "day" and tokens[j + 1:j + 3] == ["after", "tomorrow"]:
        return "+2", None, j + 3
    if tok == "tomorrow":
        if j + 1 < n and tokens[j + 1] in PERIODS:
            return "tomorrow", tokens[j + 1], j + 2
        return "tomorrow", None, j + 1
    if tok == "yesterday":
        return "yesterday", None, j + 1
    if tok == "next" and j + 1 < n and tokens[j + 1] in _WEEKDAY_ALIASES:
        return "next " + _WEEKDAY_ALIASES[tokens[j + 1]], _period_after(tokens, j + 2), _skip_period(tokens, j + 2)
    if tok in _WEEKDAY_ALIASES and tok not in ("sat", "sun", "mon", "wed") or tok in WEEKDAY_NAMES:
        k = j + 1
        # "friday the 5th" -> trust the date
        if k < n and tokens[k] == "the":
            d = parse_ordinal(tokens, k + 1)
            if d is not None:
                return _day_of_month(tokens, d[0], d[1])
        return _WEEKDAY_ALIASES[tok], _period_after(tokens, k), _skip_period(tokens, k)
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", tok)
    if m:
        return tok, None, j + 1
    # "december 5th", "dec 5"
    if tok in _MONTHS:
        k = j + 1 + (1 if j + 1 < n and tokens[j + 1] == "the" else 0)
        d = parse_ordinal(tokens, k)
        if d is not None and 1 <= d[0] <= 31:
            return f"--{_MONTHS[tok]:02d}-{d[0]:02d}", None, d[1]
        return None
    # "the 5th [of december]", "5th december"
    k = j + 1 if tok == "the" else j
    d = parse_ordinal(tokens, k)
    if d is not None and (tok == "the" or not tokens[k].isdigit()):
        return _day_of_month(tokens, d[0], d[1])
    if d is not None and d[1] < n and tokens[d[1]] in _MONTHS:
        return _day_of_month(tokens, d[0], d[1])
    return None


def _day_of_month(tokens: list[str], day: int, j: int) -> tuple[str, None, int] | None:
    n = len(tokens)
    if not 1 <= day <= 31:
        return None
    k = j + (1 if j < n and tokens[j] == "of" else 0)
    if k < n and tokens[k] in _MONTHS:
        return f"--{_MONTHS[tokens[k]]:02d}-{day:02d}", None, k + 1
    return f"---{day:02d}", None, j


def _period_after(tokens: list[str], k: int) -> str | None:
    return tokens[k] if k < len(tokens) and tokens[k] in PERIODS else None


def _skip_period(tokens: list[str], k: int) -> int:
    return k + 1 if k < len(tokens) and tokens[k] in PERIODS else k


def resolve_day(day: str, today: date) -> date:
    """The date a canonical day names, seen from ``today``. Raises ValueError if malformed."""
    if day == "today":
        return today
    if day == "tomorrow":
        return today + timedelta(days=1)
    if day == "yesterday":
        return today - timedelta(days=1)
    if re.match(r"^\+\d+$", day):
        return _ahead(today, int(day[1:]) * 86400)
    nxt = day.startswith("next ")
    name = day.removeprefix("next ")
    if name in WEEKDAY_NAMES:
        delta = (WEEKDAY_NAMES.index(name) - today.weekday()) % 7
        if nxt and delta == 0:
            delta = 7
        return today + timedelta(days=delta)
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", day)
    if m:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if abs((d - today).days) > MAX_AHEAD_DAYS:
            raise TooFarAhead(f"{d} is more than {MAX_AHEAD_DAYS} days away")
        return d
    m = re.match(r"^--(\d{2})-(\d{2})$", day)
    if m:
        month, dom = int(m.group(1)), int(m.group(2))
        d = _safe_date(today.year, month, dom)
        if d < today - timedelta(days=31):
            d = _safe_date(today.year + 1, month, dom)
        return d
    m = re.match(r"^---(\d{2})$", day)
    if m:
        dom = int(m.group(1))
        if dom >= today.day:
            return _safe_date(today.year, today.month, dom)
        y, mo = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return _safe_date(y, mo, dom)
    raise ValueError(f"not a day: {day!r}")


def _safe_date(y: int, m: int, d: int) -> date:
    while True:
        try:
            return date(y, m, d)
        except ValueError:
            d -= 1
            if d < 28:
                raise


# --- "when" for reminders and free/busy ----------------------------------------------------

def parse_when(tokens: list[str]) -> str | None:
    """Canonical "when" for a phrase using every token, or None.

    "in ten minutes" -> "+600"; "at five" -> "at 05:00?"; "tomorrow at 9 am" ->
    "tomorrow 09:00"; "at half past six tonight" -> "today 18:30"; "on friday" ->
    "friday 09:00"; "tomorrow morning" -> "tomorrow 09:00".
    """
    n = len(tokens)
    if n == 0:
        return None
    if tokens[0] in ("in", "after") and n > 1:
        d = parse_duration(tokens[1:])
        return f"+{d}" if d else None
    if n > 2 and tokens[-2:] == ["from", "now"]:
        d = parse_duration(tokens[:-2])
        return f"+{d}" if d else None
    day: str | None = None
    period: str | None = None
    clock: ClockTime | None = None
    i = 0
    while i < n:
        if tokens[i] in ("at", "by", "around", "about", "on", "for") and i + 1 < n:
            i += 1
            if tokens[i] in ("about", "around"):
                i += 1
            continue
        if clock is None:
            c = parse_clock(tokens, i)
            if c is not None:
                clock, i = c
                continue
        if day is None:
            d = parse_day(tokens, i)
            if d is not None:
                day, p, i = d
                period = period or p
                continue
        if period is None and tokens[i:i + 2] in (["in", "the"],) and i + 2 < n and tokens[i + 2] in PERIODS:
            period, i = tokens[i + 2], i + 3
            continue
        if period is None and tokens[i:i + 2] == ["at", "night"]:
            period, i = "night", i + 2
            continue
        return None
    if clock is None and day is None:
        return None
    if clock is None:
        hour = _PERIOD_DEFAULT_HOUR.get(period or "morning", 9)
        clock = ClockTime(hour, 0, False)
    elif clock.ambiguous and period is not None:
        h = clock.hour
        if period in ("afternoon", "evening", "night") and h < 12:
            h += 12
        clock = ClockTime(h, clock.minute, False)
    return f"{day or 'at'} {clock.canonical()}"


def resolve_when(spec: str, now: datetime) -> datetime:
    """The moment a canonical "when" names, seen from ``now`` (aware). ValueError if malformed.

    Ambiguous hours (no am/pm): on an unspecified day the next matching time is taken
    ("at five" at 14:00 is 17:00); on a named day, 1..6 are afternoon and 7..12 morning.
    """
    spec = spec.strip()
    if spec.startswith("+"):
        return _ahead(now, int(spec[1:]))
    m = re.match(r"^(.+) (\d{2}):(\d{2})(\??)$", spec)
    if not m:
        raise ValueError(f"not a time: {spec!r}")
    day, hour, minute, ambiguous = m.group(1), int(m.group(2)), int(m.group(3)), bool(m.group(4))
    tz = now.tzinfo
    if day == "at":
        base = now.date()
        hours = [hour, hour + 12] if ambiguous and hour < 12 else [hour]
        if ambiguous and hour == 12:
            hours = [12, 0]
        for offset in (0, 1):
            for h in sorted(hours):
                d = base + timedelta(days=offset)
                t = datetime(d.year, d.month, d.day, h % 24, minute, tzinfo=tz)
                if t > now:
                    return t
        raise ValueError("unreachable")
    target = resolve_day(day, now.date())
    if ambiguous and 1 <= hour <= 6:
        hour += 12
    t = datetime(target.year, target.month, target.day, hour % 24, minute, tzinfo=tz)
    if day == "today" and ambiguous and t <= now and hour < 12:
        t += timedelta(hours=12)
    return t


def parse_period(tokens: list[str]) -> str | None:
    """ "this afternoon" / "tonight" / "in the morning" -> a period name, else None."""
    for i, tok in enumerate(tokens):
        if tok == "tonight":
            return "night"
        if tok in PERIODS and (i == 0 or tokens[i - 1] in ("this", "the", "tomorrow", "in")
                               or tokens[i - 1] in WEEKDAY_NAMES):
            return tok
    return None

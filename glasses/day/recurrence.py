"""Bounded recurrence: a calendar may hold rules like ``RRULE:FREQ=SECONDLY`` with no end,
which would make the expander walk (and keep) millions of occurrences. Before a window is
expanded, every recurring event whose rule could cost more than ``ITER_BUDGET`` steps from
its DTSTART to the window's end is replaced, for that window only, by a copy that starts
at the window (the same phase: DTSTART moved by whole rule periods) and ends after at
most ``MAX_OCCURRENCES`` occurrences. One warning line names the event.

Pure: calendars in, bounded calendars and warning lines out; the parsed calendar is never
changed.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone

import icalendar

MAX_OCCURRENCES = 2000   # occurrences of one event in one expanded window
ITER_BUDGET = 20_000     # rule steps we let the expander walk for one event

_STEP_S = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 7 * 86400}


def _rules(ev: icalendar.Event) -> list:
    raw = ev.get("RRULE")
    if raw is None:
        return []
    return list(raw) if isinstance(raw, list) else [raw]


def _interval(rule) -> int:
    try:
        return max(1, int(rule.get("INTERVAL", [1])[0]))
    except (TypeError, ValueError, IndexError):
        return 1


def per_day(rule) -> float:
    """An upper bound on how many occurrences the rule yields in one day."""
    freq = str(rule.get("FREQ", ["DAILY"])[0]).upper()
    interval = _interval(rule)
    sec = len(rule.get("BYSECOND", [])) or 1
    mins = len(rule.get("BYMINUTE", [])) or 1
    hours = len(rule.get("BYHOUR", [])) or 1
    bound = {"SECONDLY": 86400 / interval, "MINUTELY": 1440 / interval * sec,
             "HOURLY": 24 / interval * mins * sec, "DAILY": hours * mins * sec / interval}.get(
        freq, hours * mins * sec)
    return max(min(bound, 86400.0), 1 / 366)


def _naive(value: date, tz) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


def _work(ev: icalendar.Event, end: datetime) -> tuple[float, list, date | None]:
    """(estimated rule steps to reach ``end``, the rules, DTSTART)."""
    rules = _rules(ev)
    if not rules:
        return 0.0, rules, None
    try:
        start = ev.decoded("DTSTART")
    except Exception:
        return 0.0, rules, None
    if isinstance(start, datetime) and start.tzinfo is not None:
        span_days = (end - start).total_seconds() / 86400
    else:
        span_days = (end.replace(tzinfo=None) - _naive(start, None)).total_seconds() / 86400
    return sum(_capped(rule, per_day(rule) * max(span_days, 0.0)) for rule in rules), rules, start


def _length_days(ev: icalendar.Event) -> float:
    """How long one occurrence lasts, in days (0 when DTEND or DURATION cannot be read)."""
    try:
        if ev.get("DURATION") is not None:
            return max(ev.decoded("DURATION").total_seconds() / 86400, 0.0)
        if ev.get("DTEND") is not None:
            begin, finish = ev.decoded("DTSTART"), ev.decoded("DTEND")
            if isinstance(begin, datetime) != isinstance(finish, datetime):
                return 0.0
            if isinstance(begin, datetime) and (begin.tzinfo is None) != (finish.tzinfo is None):
                begin, finish = begin.replace(tzinfo=None), finish.replace(tzinfo=None)
            return max((finish - begin).total_seconds() / 86400, 0.0)
    except Exception:  # noqa: BLE001 - an unreadable length counts as none
        return 0.0
    return 0.0


def _capped(rule, steps: float) -> float:
    """``steps``, or the rule's COUNT when that is smaller."""
    count = rule.get("COUNT")
    try:
        return min(steps, float(count[0])) if count else steps
    except (TypeError, ValueError):
        return steps


def _in_window(ev: icalendar.Event, rules: list, start: datetime, end: datetime) -> float:
    """At most how many occurrences the rules can give that overlap [start, end): those starting
    in it, and those started up to one event length before it (a counted rule that is cheap to walk
    can still give more than MAX_OCCURRENCES there: FREQ=SECONDLY;COUNT=16500, or an hourly event
    that lasts for years)."""
    days = max((end - start).total_seconds() / 86400, 0.0) + _length_days(ev)
    return sum(_capped(rule, per_day(rule) * days) for rule in rules)


def _label(ev: icalendar.Event) -> str:
    return '"' + (str(ev.get("SUMMARY", "")).strip() or "(no title)") + '"'


def _rebased(ev: icalendar.Event, rule, start: datetime, window_start: datetime) -> icalendar.Event | None:
    """A copy of ``ev`` starting at (or just before) ``window_start`` in the same phase,
    ending after at most MAX_OCCURRENCES occurrences; None when the rule cannot be moved."""
    freq = str(rule.get("FREQ", [""])[0]).upper()
    if freq not in _STEP_S or not isinstance(start, datetime):
        return None
    step = timedelta(seconds=_STEP_S[freq] * _interval(rule))
    here = window_start.astimezone(start.tzinfo) if start.tzinfo else window_start
    count = rule.get("COUNT")
    if count:
        # occurrences are at least 1/per_day apart, so the series runs at least this long;
        # if that may end before the window, its true end is unknown without walking it all
        try:
            shortest = timedelta(days=max(int(count[0]) - 1, 0) / per_day(rule))
        except (TypeError, ValueError, OverflowError):
            return None
        if start.replace(tzinfo=None) + shortest < here.replace(tzinfo=None):
            return None
    gap = here.replace(tzinfo=None) - start.replace(tzinfo=None)
    periods = max(0, gap // step)
    moved = periods * step
    new_start = start + moved if start.tzinfo is None else \
        (start.replace(tzinfo=None) + moved).replace(tzinfo=start.tzinfo)
    span = max(timedelta(days=MAX_OCCURRENCES / per_day(rule)), step)
    until = new_start + span
    new_rule = copy.deepcopy(rule)
    new_rule.pop("COUNT", None)
    old_until = rule.get("UNTIL")
    if old_until:
        old = old_until[0]
        old_dt = old if isinstance(old, datetime) else datetime(old.year, old.month, old.day)
        if old_dt.tzinfo is None and until.tzinfo is not None:
            old_dt = old_dt.replace(tzinfo=timezone.utc)     # RFC 5545: UTC when DTSTART has a zone
        elif old_dt.tzinfo is not None and until.tzinfo is None:
            old_dt = old_dt.replace(tzinfo=None)
        if old_dt < until:
            until = old_dt
    new_rule["UNTIL"] = [until.astimezone(timezone.utc) if until.tzinfo else until]
    out = copy.deepcopy(ev)
    params = ev["DTSTART"].params
    del out["DTSTART"]
    out.add("DTSTART", new_start, parameters=dict(params))
    if "DTEND" in ev:
        end = ev.decoded("DTEND")
        del out["DTEND"]
        out.add("DTEND", end + (new_start - start), parameters=dict(ev["DTEND"].params))
    out["RRULE"] = new_rule
    return out


def bound(calendars: list[tuple[str, icalendar.Calendar]], start: datetime,
          end: datetime) -> tuple[list[tuple[str, icalendar.Calendar]], list[str]]:
    """The calendars with every too-busy recurring event bounded to [start, end)."""
    out: list[tuple[str, icalendar.Calendar]] = []
    warnings: list[str] = []
    for name, cal in calendars:
        replaced: dict[int, icalendar.Event | None] = {}
        for i, ev in enumerate(cal.subcomponents):
            if ev.name != "VEVENT":
                continue
            work, rules, dtstart = _work(ev, end)
            if work <= ITER_BUDGET and _in_window(ev, rules, start, end) <= MAX_OCCURRENCES:
                continue
            new = _rebased(ev, rules[0], dtstart, start) if len(rules) == 1 else None
            replaced[i] = new
            if new is None:
                warnings.append(f"calendar {name}: skipped event {_label(ev)}: it repeats too often to expand")
            else:
                warnings.append(f"calendar {name}: event {_label(ev)} repeats very often; "
                                f"at most {MAX_OCCURRENCES} occurrences from the start of each looked-up span are used")
        if not replaced:
            out.append((name, cal))
            continue
        bounded = copy.copy(cal)
        bounded.subcomponents = [replaced.get(i, ev) for i, ev in enumerate(cal.subcomponents)
                                 if replaced.get(i, ev) is not None]
        out.append((name, bounded))
    return out, warnings

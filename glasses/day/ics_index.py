"""A day index of a large calendar, so one question does not parse every event in it.

icalendar parses about 7,000 events a second here, so a 19.5 MB file of 150,000 events
took minutes for one schedule question. ``IcsIndex.build`` instead cuts the file's text
into VEVENT blocks with one regular-expression scan and files every *simple* block (no
RRULE, RDATE, EXRULE, EXDATE or RECURRENCE-ID; DTSTART and DTEND or DURATION readable) under the
day of its DTSTART. ``select(lo, hi)`` returns a calendar text holding everything that is
not a simple event (time zones, recurring events and their overrides, to-dos) plus the
simple events whose day falls in the window, widened by the longest simple event and two
days each side (a local date is at most 14 hours from UTC, and a zone's events may be
written in either). That text is parsed and expanded as usual (glasses.day.calendar), so
the answer is the same as from the whole file.

Pure: bytes in, bytes out. A file that does not look like one plain VCALENDAR is not
indexed (``build`` returns None) and is parsed whole, as before.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

INDEX_MIN_EVENTS = 2000    # smaller calendars are parsed whole (fast enough, nothing to gain)
MARGIN_DAYS = 2

_PROPS = re.compile(rb"^(DTSTART|DTEND|DURATION|RRULE|RDATE|EXRULE|EXDATE|RECURRENCE-ID)((?:;[^\r\n:]*)?:)"
                    rb"([^\r\n]*?)[ \t]*\r?$", re.M | re.I)
_FOLD = re.compile(rb"\r?\n[ \t]")
_REPEATS = {b"RRULE", b"RDATE", b"EXRULE", b"EXDATE", b"RECURRENCE-ID"}
_DATE = re.compile(rb"(\d{8})(?:T\d{6}Z?)?")
_SPAN = re.compile(rb"\+?P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(T(?:\d{1,9}H)?(?:\d{1,9}M)?(?:\d{1,9}S)?)?")
_END_CALENDAR = re.compile(rb"^END:VCALENDAR[ \t]*\r?$", re.M | re.I)


def _blocks(data: bytes):
    """(start, end) of every VEVENT block (BEGIN:VEVENT to the end of its END:VEVENT line)."""
    pos = 0
    while True:
        begin = data.find(b"BEGIN:VEVENT", pos)
        if begin < 0:
            return
        if begin and data[begin - 1] not in b"\r\n":  # inside a line (a description): not a block
            pos = begin + 1
            continue
        end = begin
        while True:
            end = data.find(b"END:VEVENT", end + 1)
            if end < 0:
                return
            if data[end - 1] in b"\r\n":
                break
        stop = data.find(b"\n", end)
        stop = len(data) if stop < 0 else stop + 1
        yield begin, stop
        pos = stop


def _span_days(value: bytes) -> int | None:
    """Whole days a DURATION may reach past its start day (an upper bound), or None."""
    m = _SPAN.fullmatch(value.strip())
    if not m:
        return None
    weeks, days, clock = m.groups()
    hours = 0
    if clock:
        parts = re.findall(rb"(\d+)([HMS])", clock)
        seconds = sum(int(n) * {b"H": 3600, b"M": 60, b"S": 1}[u] for n, u in parts)
        hours = -(-seconds // 86400)
    return int(weeks or 0) * 7 + int(days or 0) + hours + 1


def _day(digits: bytes) -> int | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True)
class IcsIndex:
    """The text of a calendar split into what every window needs and simple events by day."""

    head: bytes                    # VCALENDAR properties, VTIMEZONEs, other components
    always: tuple[bytes, ...]      # VEVENTs every window needs (recurring, overrides, odd dates)
    days: tuple[int, ...]          # sorted DTSTART day ordinals of the simple events
    blocks: tuple[bytes, ...]      # the simple events, in the order of ``days``
    longest_days: int              # the longest simple event, in whole days

    @classmethod
    def build(cls, data: bytes, min_events: int = INDEX_MIN_EVENTS) -> "IcsIndex | None":
        """The index of ``data``, or None when it is small or not one plain VCALENDAR."""
        upper = data.upper()
        events = data.count(b"BEGIN:VEVENT")
        if events < min_events or upper.count(b"BEGIN:VCALENDAR") != 1 or upper.count(b"BEGIN:VEVENT") != events \
                or upper.count(b"END:VEVENT") != data.count(b"END:VEVENT"):
            return None  # small, several calendars, or lower-case markers: parsed whole
        head: list[bytes] = []
        always: list[bytes] = []
        dated: list[tuple[int, bytes]] = []
        days: dict[bytes, int | None] = {}     # many events share a day: each parsed once
        longest = 0
        pos = 0
        for begin, stop in _blocks(data):
            head.append(data[pos:begin])
            pos = stop
            block = data[begin:stop]
            text = _FOLD.sub(b"", block) if b"\n " in block or b"\n\t" in block else block
            props: dict[bytes, bytes] = {}
            durations: list[bytes] = []        # an alarm inside may have its own DURATION: take the longest
            for m in _PROPS.finditer(text):
                name = m.group(1).upper()
                props.setdefault(name, m.group(3))
                if name == b"DURATION":
                    durations.append(m.group(3))
            day = end_day = None
            start = _DATE.fullmatch(props.get(b"DTSTART", b""))
            if start and not _REPEATS.intersection(props) and text.find(b"BEGIN:VEVENT", 1) < 0:
                digits = start.group(1)
                day = days[digits] if digits in days else days.setdefault(digits, _day(digits))
            if day is not None:
                if b"DTEND" in props:
                    end = _DATE.fullmatch(props[b"DTEND"])
                    end_day = _day(end.group(1)) if end else None
                elif durations:
                    spans = [_span_days(d) for d in durations]
                    end_day = None if None in spans else day + max(spans)  # type: ignore[type-var]
                else:
                    end_day = day
            if day is None or end_day is None:
                always.append(block)
                continue
            longest = max(longest, end_day - day)
            dated.append((day, block))
        rest = data[pos:]
        tail = list(_END_CALENDAR.finditer(rest))
        if not tail:
            return None
        head.append(rest[:tail[-1].start()])
        dated.sort(key=lambda item: item[0])
        return cls(b"".join(head), tuple(always), tuple(d for d, _ in dated), tuple(b for _, b in dated),
                   longest)

    def _range(self, lo: date, hi: date) -> tuple[int, int]:
        first = bisect.bisect_left(self.days, lo.toordinal() - self.longest_days - MARGIN_DAYS)
        last = bisect.bisect_right(self.days, hi.toordinal() + MARGIN_DAYS)
        return first, last

    def count(self, lo: date, hi: date) -> int:
        """How many events a window from ``lo`` to ``hi`` (dates, inclusive) would hold."""
        first, last = self._range(lo, hi)
        return last - first + len(self.always)

    def select(self, lo: date, hi: date) -> bytes:
        """A VCALENDAR text with every event that may overlap ``lo``..``hi`` (inclusive)."""
        first, last = self._range(lo, hi)
        head = self.head if self.head.endswith(b"\n") else self.head + b"\r\n"
        return b"".join((head, *self.always, *self.blocks[first:last], b"END:VCALENDAR\r\n"))

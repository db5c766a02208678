"""Bounded VTIMEZONE rules: a calendar's own time zone is STANDARD and DAYLIGHT parts, each
with an onset (DTSTART, often 1601) and usually an RRULE. Every UTC-offset lookup walks
that rule from its DTSTART (dateutil's tzical), so ``RRULE:FREQ=SECONDLY`` from 1601 makes
one schedule question take minutes and a gigabyte. Real zones change at most a few times
a year (Outlook writes ``FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU``), so before the calendar is
parsed, a part whose rule is not yearly, or yields more than ``MAX_ONSETS`` changes
before ``LAST_YEAR``, loses its RRULE (its first onset still counts), with one warning.

Pure and textual: bytes in, bytes and warning lines out; only the VTIMEZONE blocks are
looked at, so a large calendar costs one regular-expression scan.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from dateutil import rrule

MAX_ONSETS = 2000          # changes of one STANDARD/DAYLIGHT part from its DTSTART to LAST_YEAR
LAST_YEAR = 2200

_VTIMEZONE = re.compile(rb"BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE", re.S | re.I)
_PART = re.compile(rb"(BEGIN:(STANDARD|DAYLIGHT)\r?\n)(.*?)(END:\2)", re.S | re.I)
_FOLD = re.compile(rb"\r?\n[ \t]")


def _prop(block: bytes, name: bytes) -> bytes | None:
    """The value of the first ``name`` line of an unfolded block (after its last ':')."""
    m = re.search(rb"(?im)^" + name + rb"[;:]([^\r\n]*)", block)
    if not m:
        return None
    return m.group(0).rsplit(b":", 1)[-1].strip()


def _too_busy(rule: bytes, dtstart: bytes | None) -> bool:
    """True when the rule is not yearly or changes the offset more than MAX_ONSETS times."""
    parts = [p for p in rule.decode("ascii", "replace").split(";") if p]
    freq = next((p.split("=", 1)[1].upper() for p in parts if p.upper().startswith("FREQ=")), "")
    if freq != "YEARLY":
        return True
    try:
        start = datetime.strptime((dtstart or b"16010101T000000").decode("ascii")[:15], "%Y%m%dT%H%M%S")
        kept = ";".join(p for p in parts if not p.upper().startswith(("UNTIL=", "COUNT=")))
        onsets = rrule.rrulestr(kept, dtstart=start).replace(until=datetime(LAST_YEAR, 1, 1))
        return sum(1 for _ in itertools.islice(onsets, MAX_ONSETS + 1)) > MAX_ONSETS
    except (ValueError, TypeError, OverflowError):
        return False  # a rule dateutil cannot read: icalendar decides what to do with it


def bound_timezones(data: bytes, name: str) -> tuple[bytes, list[str]]:
    """``data`` with every too-busy VTIMEZONE rule removed, and one warning per removal."""
    if b"VTIMEZONE" not in data and b"vtimezone" not in data.lower():
        return data, []
    warnings: list[str] = []

    def zone(m: re.Match) -> bytes:
        text = _FOLD.sub(b"", m.group(0))
        tzid = (_prop(text, b"TZID") or b"?").decode("utf-8", "replace")[:60]

        def part(p: re.Match) -> bytes:
            body = p.group(3)
            rule = _prop(body, b"RRULE")
            if rule is None or not _too_busy(rule, _prop(body, b"DTSTART")):
                return p.group(0)
            warnings.append(f"calendar {name}: time zone {tzid}: its {p.group(2).decode().upper()} rule "
                            f"repeats more often than a real zone changes ({rule.decode('ascii', 'replace')[:40]}); "
                            "only its first change is used")
            body = re.sub(rb"(?im)^RRULE[;:][^\r\n]*\r?\n?", b"", body)
            return p.group(1) + body + p.group(4)

        return _PART.sub(part, text)

    return _VTIMEZONE.sub(zone, data), warnings

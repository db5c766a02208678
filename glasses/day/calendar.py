"""Calendars: iCalendar files, folders of them and https URLs, expanded into events.

Reading (I/O) is kept apart from expansion (pure, given a time window): ``CalendarSet``
knows the sources, re-reads a local file when it changes and copies https calendars into
a local cache on ``refresh_remote``; ``Agenda`` holds the parsed calendars and answers
"which events overlap this span" in the wearer's time zone, from an expanded window that
is built once and then searched with bisect.

A malformed event is skipped with one warning line naming the file and the event; the
rest of the calendar still answers. Recurrence (RRULE, RDATE, EXDATE, RECURRENCE-ID
overrides), all-day and multi-day events and VTIMEZONE/Olson/Windows time zones are
handled by icalendar with recurring-ical-events.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Iterable

import icalendar
import recurring_ical_events
from dateutil import rrule

from glasses.atomic import write_atomic
from glasses.day import recurrence, vtimezone
from glasses.day.ics_index import IcsIndex
from glasses.fetch import Fetcher, FetchError
from glasses.safe_read import RefusedFile, read_limited

log = logging.getLogger("glasses.day")

WINDOW_BEFORE = timedelta(days=7)
WINDOW_AFTER = timedelta(days=62)
MAX_WINDOW_EVENTS = 5000          # a denser indexed calendar is expanded around each question only
MAX_CALENDAR_BYTES = 20_000_000   # the same limit as a downloaded calendar (UrlFetcher.max_bytes)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One occurrence. start/end: aware, in the wearer's zone; end is exclusive (an all-day
    event on the 5th ends at 00:00 on the 6th)."""

    title: str
    start: datetime
    end: datetime
    all_day: bool = False
    location: str = ""
    calendar: str = ""
    uid: str = ""

    def covers(self, t: datetime) -> bool:
        return self.start <= t < self.end

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and self.end > start


# --- parsing -------------------------------------------------------------------------------

def _event_label(ev: icalendar.Event) -> str:
    title = str(ev.get("SUMMARY", "")).strip() or "(no title)"
    uid = str(ev.get("UID", "")).strip()
    return f'"{title}"' + (f" ({uid})" if uid else "")


def _event_problem(ev: icalendar.Event) -> str | None:
    """Why this VEVENT cannot be used, or None when it is fine."""
    errors = getattr(ev, "errors", None)
    if errors:
        prop, msg = errors[0]
        return f"bad {prop or 'property'} ({str(msg).splitlines()[0][:80]})"
    if "DTSTART" not in ev:
        return "no DTSTART"
    try:
        start = ev.decoded("DTSTART")
    except Exception as exc:  # icalendar raises several types for bad values
        return f"bad DTSTART ({str(exc).splitlines()[0][:80]})"
    if not isinstance(start, (date, datetime)):
        return "bad DTSTART"
    for key in ("DTEND", "DURATION"):
        if key in ev:
            try:
                value = ev.decoded(key)
            except Exception as exc:
                return f"bad {key} ({str(exc).splitlines()[0][:80]})"
            if key == "DTEND" and isinstance(value, date):
                if isinstance(value, datetime) != isinstance(start, datetime):
                    return "DTEND and DTSTART differ in kind (date vs date-time)"
                if _cmp_key(value) < _cmp_key(start):
                    return "ends before it starts"
    if "RRULE" in ev:
        try:
            rules = ev["RRULE"] if isinstance(ev["RRULE"], list) else [ev["RRULE"]]
            for r in rules:
                naive = start.replace(tzinfo=None) if isinstance(start, datetime) else datetime.combine(start, time())
                text = r.to_ical().decode()
                if "UNTIL=" in text.upper() and isinstance(start, datetime):
                    # UNTIL's form depends on DTSTART's; the expander copes, only the shape is checked here
                    text = ";".join(p for p in text.split(";") if not p.upper().startswith("UNTIL="))
                rrule.rrulestr(text, dtstart=naive)
        except Exception as exc:
            return f"bad RRULE ({str(exc).splitlines()[0][:80]})"
    return None


def _cmp_key(value: date) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=None)
    return datetime.combine(value, time())


def parse_calendar(data: bytes, name: str) -> tuple[icalendar.Calendar | None, list[str]]:
    """Parse one .ics body. Returns the calendar with bad events removed, and one warning
    line per skipped event (or one for an unreadable file, with calendar None)."""
    data, warnings = vtimezone.bound_timezones(data, name)
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:
        return None, warnings + [f"calendar {name}: unreadable, skipped ({str(exc).splitlines()[0][:100]})"]
    if isinstance(cal, list):  # several VCALENDARs in one file: use the first
        cal = cal[0]
    try:
        import x_wr_timezone

        cal = x_wr_timezone.to_standard(cal)
    except Exception:  # the conversion is a courtesy for Google exports; never fatal
        pass
    keep = []
    for component in cal.subcomponents:
        if component.name == "VEVENT":
            problem = _event_problem(component)
            if problem:
                warnings.append(f"calendar {name}: skipped event {_event_label(component)}: {problem}")
                continue
        keep.append(component)
    cal.subcomponents[:] = keep
    return cal, warnings


def _as_wearer(value: date, tz: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(tz) if value.tzinfo else value.replace(tzinfo=tz)
    return datetime(value.year, value.month, value.day, tzinfo=tz)


def expand(calendars: Iterable[tuple[str, icalendar.Calendar]], start: datetime, end: datetime,
           tz: tzinfo) -> tuple[list[CalendarEvent], list[str]]:
    """All occurrences overlapping [start, end), in ``tz``, sorted by start. Pure. Events
    that repeat too often are bounded first (``recurrence.bound``)."""
    events: list[CalendarEvent] = []
    calendars, warnings = recurrence.bound(list(calendars), start, end)
    for name, cal in calendars:
        try:
            occurrences = recurring_ical_events.of(cal, skip_bad_series=True).between(start, end)
        except Exception as exc:
            warnings.append(f"calendar {name}: could not expand recurring events ({str(exc)[:100]})")
            continue
        for occ in occurrences:
            if str(occ.get("STATUS", "")).upper() == "CANCELLED":
                continue
            s = occ.decoded("DTSTART")
            e = occ.decoded("DTEND") if "DTEND" in occ else None
            all_day = not isinstance(s, datetime)
            if e is None:
                e = s + (timedelta(days=1) if all_day else timedelta(0))
            title = str(occ.get("SUMMARY", "")).strip() or "an event without a title"
            events.append(CalendarEvent(
                title=title, start=_as_wearer(s, tz), end=_as_wearer(e, tz), all_day=all_day,
                location=str(occ.get("LOCATION", "")).strip(), calendar=name,
                uid=str(occ.get("UID", "")),
            ))
    events.sort(key=lambda ev: (ev.start, not ev.all_day, ev.title))
    return events, warnings


class Agenda:
    """Parsed calendars plus an expanded, sorted window of occurrences for fast lookups. A
    large calendar comes as an ``IcsIndex``: only the events near the window are parsed."""

    def __init__(self, calendars: list[tuple[str, "icalendar.Calendar | IcsIndex"]], tz: tzinfo) -> None:
        self.calendars = calendars
        self.tz = tz
        self.warnings: list[str] = []
        self._window: tuple[datetime, datetime] | None = None
        self._index: tuple[list[CalendarEvent], list[datetime], timedelta] = ([], [], timedelta(0))
        self._lock = threading.Lock()

    def _ensure(self, start: datetime, end: datetime) -> None:
        if self._window and self._window[0] <= start and end <= self._window[1]:
            return
        with self._lock:
            if self._window and self._window[0] <= start and end <= self._window[1]:
                return
            self._expand(start, end)

    def _expand(self, start: datetime, end: datetime) -> None:
        lo = min(start, end - WINDOW_AFTER) - WINDOW_BEFORE
        hi = max(end, start + WINDOW_AFTER)
        if any(isinstance(cal, IcsIndex) and cal.count(lo.date(), hi.date()) > MAX_WINDOW_EVENTS
               for _, cal in self.calendars):
            lo, hi = start - timedelta(days=1), end + timedelta(days=1)  # dense: just around the question
        calendars, warnings = self._parsed(lo, hi)
        events, more = expand(calendars, lo, hi, self.tz)
        warnings += more
        for w in warnings:
            if w not in self.warnings:
                log.warning(w)
                self.warnings.append(w)
        longest = max((e.end - e.start for e in events), default=timedelta(0))
        # one assignment, so a reader on another thread never sees a half-built index
        self._index = (events, [e.start for e in events], longest)
        self._window = (lo, hi)

    def _parsed(self, lo: datetime, hi: datetime) -> tuple[list[tuple[str, icalendar.Calendar]], list[str]]:
        """The calendars for the window: an indexed one parsed from its events near it."""
        out: list[tuple[str, icalendar.Calendar]] = []
        warnings: list[str] = []
        for name, cal in self.calendars:
            if isinstance(cal, IcsIndex):
                parsed, more = parse_calendar(cal.select(lo.date(), hi.date()), name)
                warnings += more
                if parsed is None:
                    continue
                cal = parsed
            out.append((name, cal))
        return out, warnings

    @property
    def _events(self) -> list[CalendarEvent]:
        return self._index[0]

    def between(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        """Occurrences overlapping [start, end), sorted by start (all-day first on a day)."""
        self._ensure(start, end)
        events, starts, longest = self._index
        lo = bisect.bisect_left(starts, start - longest)
        hi = bisect.bisect_left(starts, end)
        return [e for e in events[lo:hi] if e.overlaps(start, end)]

    def warm(self, now: datetime) -> None:
        """Expand the window around ``now`` ahead of the first question."""
        self._ensure(now, now + timedelta(days=1))


# --- sources (I/O) -------------------------------------------------------------------------

@dataclass
class _Loaded:
    name: str
    mtime: float
    calendar: icalendar.Calendar | IcsIndex | None


@dataclass
class CalendarSet:
    """The configured sources: .ics files, folders (every .ics inside, recursively) and
    http(s) URLs (read from their local cache copy; ``refresh_remote`` updates it)."""

    sources: tuple[str, ...]
    cache_dir: Path
    tz: tzinfo
    fetcher: Fetcher | None = None
    timeout_s: float = 3.0
    warnings: list[str] = field(default_factory=list)
    _loaded: dict[str, _Loaded] = field(default_factory=dict)
    _agenda: Agenda | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def _files(self) -> list[tuple[str, Path]]:
        out: list[tuple[str, Path]] = []
        for src in self.sources:
            if src.startswith(("http://", "https://", "webcal://")):
                out.append((_url_name(src), self.cache_path(src)))
                continue
            path = Path(src).expanduser()
            if path.is_dir():
                out.extend((p.name, p) for p in sorted(path.rglob("*.ics")))
            else:
                out.append((path.name, path))
        return out

    def cache_path(self, url: str) -> Path:
        return self.cache_dir / f"{hashlib.sha1(url.encode()).hexdigest()[:16]}.ics"

    def agenda(self) -> Agenda:
        """The current agenda; files that changed on disk since the last call are re-read."""
        with self._lock:
            return self._reload()

    def _reload(self) -> Agenda:
        changed = self._agenda is None
        seen: set[str] = set()
        for name, path in self._files():
            key = str(path)
            seen.add(key)
            try:
                st = path.stat()
                mtime = st.st_mtime
            except OSError:
                if key not in self._loaded:
                    self._warn(f"calendar {name}: not found ({path})")
                    self._loaded[key] = _Loaded(name, -1, None)
                    changed = True
                continue
            old = self._loaded.get(key)
            if old is not None and old.mtime == mtime:
                continue
            try:  # a regular file only (never /dev/zero or a FIFO), at most the limit read
                data = read_limited(path, MAX_CALENDAR_BYTES)
            except RefusedFile as exc:
                if exc.reason.startswith("file too large"):
                    self._warn(f"calendar {name}: too large ({max(st.st_size, MAX_CALENDAR_BYTES + 1) / 1e6:.0f} MB; "
                               f"the limit is {MAX_CALENDAR_BYTES // 1_000_000} MB), skipped")
                else:
                    self._warn(f"calendar {name} ({path}): {exc.reason}, skipped")
                self._loaded[key] = _Loaded(name, mtime, None)
                changed = True
                continue
            except OSError as exc:
                self._warn(f"calendar {name}: cannot read ({exc.strerror})")
                continue
            index = IcsIndex.build(data)  # a large calendar: parsed a window at a time
            if index is not None:
                self._loaded[key] = _Loaded(name, mtime, index)
                changed = True
                continue
            cal, warnings = parse_calendar(data, name)
            for w in warnings:
                self._warn(w)
            self._loaded[key] = _Loaded(name, mtime, cal)
            changed = True
        for key in list(self._loaded):
            if key not in seen:
                del self._loaded[key]
                changed = True
        if changed or self._agenda is None:
            cals = [(entry.name, entry.calendar) for entry in self._loaded.values() if entry.calendar is not None]
            self._agenda = Agenda(cals, self.tz)
        return self._agenda

    def refresh_remote(self, fetched_at: datetime) -> list[str]:
        """Fetch every http(s) source into the cache (a failed fetch keeps the old copy).
        Returns one line per source that could not be fetched."""
        problems: list[str] = []
        for src in self.sources:
            if not src.startswith(("http://", "https://", "webcal://")):
                continue
            url = "https://" + src[len("webcal://"):] if src.startswith("webcal://") else src
            if self.fetcher is None:
                problems.append(f"calendar {_url_name(src)}: no network fetcher")
                continue
            try:
                body = self.fetcher.get(url, self.timeout_s)
            except FetchError as exc:
                problems.append(f"calendar {_url_name(src)}: not refreshed ({exc})")
                continue
            if b"BEGIN:VCALENDAR" not in body[:4096].upper():
                problems.append(f"calendar {_url_name(src)}: not refreshed (not an iCalendar file)")
                continue
            path = self.cache_path(src)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, body)
            path.with_suffix(".json").write_text(json.dumps({"url": src, "fetched_at": fetched_at.isoformat()}))
        return problems

    def _warn(self, line: str) -> None:
        if line not in self.warnings:
            log.warning(line)
            self.warnings.append(line)


def _url_name(url: str) -> str:
    tail = url.rstrip("/").rsplit("/", 1)[-1] or url
    return tail.split("?", 1)[0]

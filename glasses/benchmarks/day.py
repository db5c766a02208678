"""Benchmark: intent + skill time for schedule questions over a generated calendar of 1,000
events (a third of them recurring, with exceptions and several time zones), and briefing
assembly time. Measured, not a timed test:

    python -m glasses.benchmarks.day            # prints JSON
    from glasses.benchmarks.day import run; run()
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from glasses.runtime.build import build_parser
from glasses.day.config import DayConfig
from glasses.fetch import OfflineFetcher
from glasses.day.places import PlaceIndex
from glasses.day.skill import DaySkill
from glasses.day.store import DayStore
from glasses.skills.base import Context

QUESTIONS = (
    "what's on my schedule today", "what's on my calendar tomorrow", "what do i have on friday",
    "what's next", "am i free at three", "am i free tomorrow afternoon", "when am i free tomorrow",
    "what's on my calendar this weekend", "what's on for the 20th",
)
ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Berlin", "UTC")


def generate_ics(n: int = 1000, start: datetime = datetime(2026, 3, 2), seed: int = 7) -> str:
    """An iCalendar body with ``n`` VEVENTs: one-off, all-day, multi-day and recurring
    (daily/weekly with EXDATEs and moved occurrences) across several zones."""
    rnd = random.Random(seed)
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//glasses bench//EN"]
    for i in range(n):
        zone = ZONES[i % len(ZONES)]
        day = start + timedelta(days=rnd.randint(-30, 60))
        hour = rnd.randint(7, 19)
        dt = day.replace(hour=hour, minute=rnd.choice((0, 15, 30, 45)))
        uid = f"ev{i}@bench"
        kind = i % 10
        lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"SUMMARY:Event {i}"]
        if kind == 0:
            lines += [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=rnd.randint(1, 3)):%Y%m%d}"]
        else:
            end = dt + timedelta(minutes=rnd.choice((15, 30, 60, 90)))
            tz = f";TZID={zone}" if zone != "UTC" else ""
            z = "Z" if zone == "UTC" else ""
            lines += [f"DTSTART{tz}:{dt:%Y%m%dT%H%M%S}{z}", f"DTEND{tz}:{end:%Y%m%dT%H%M%S}{z}"]
            if kind in (1, 2, 3):
                freq = "DAILY;INTERVAL=2" if kind == 1 else "WEEKLY"
                lines.append(f"RRULE:FREQ={freq};COUNT={rnd.randint(5, 40)}")
                ex = dt + timedelta(days=14 if kind != 1 else 4)
                lines.append(f"EXDATE{tz}:{ex:%Y%m%dT%H%M%S}{z}")
        lines.append("END:VEVENT")
        if kind == 2:
            rid = dt + timedelta(days=7)
            moved = rid + timedelta(hours=1)
            tz = f";TZID={zone}" if zone != "UTC" else ""
            z = "Z" if zone == "UTC" else ""
            lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"SUMMARY:Event {i} (moved)",
                      f"RECURRENCE-ID{tz}:{rid:%Y%m%dT%H%M%S}{z}", f"DTSTART{tz}:{moved:%Y%m%dT%H%M%S}{z}",
                      f"DTEND{tz}:{moved + timedelta(minutes=30):%Y%m%dT%H%M%S}{z}", "END:VEVENT"]
        out += lines
    out.append("END:VCALENDAR")
    return "\r\n".join(out) + "\r\n"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(rounds: int = 20, events: int = 1000) -> dict:
    tz = ZoneInfo("Europe/London")
    now = datetime(2026, 3, 2, 8, 0, tzinfo=tz)
    with tempfile.TemporaryDirectory() as tmp:
        cal = Path(tmp) / "bench.ics"
        cal.write_text(generate_ics(events))
        config = DayConfig(calendars=(str(cal),), data_dir=Path(tmp) / "data", home_name="Bench",
                           home_lat=51.5, home_lon=-0.12)
        skill = DaySkill(config, tz=tz, store=DayStore(config.db_path), fetcher=OfflineFetcher(),
                         places=PlaceIndex([]))
        parser = build_parser()
        t0 = time.perf_counter()
        skill.warm(Context(now=now, t_ms=0))
        load_ms = (time.perf_counter() - t0) * 1000
        timings, parse_only = [], []
        for r in range(rounds):
            for q in QUESTIONS:
                at = now + timedelta(minutes=7 * r)
                t1 = time.perf_counter()
                intent = parser.parse(q)
                t2 = time.perf_counter()
                skill.handle(intent, Context(now=at, t_ms=0))
                t3 = time.perf_counter()
                timings.append((t3 - t1) * 1000)
                parse_only.append((t2 - t1) * 1000)
        brief = []
        for r in range(max(5, rounds // 2)):
            t1 = time.perf_counter()
            skill.briefing(now + timedelta(minutes=r))
            brief.append((time.perf_counter() - t1) * 1000)
        occurrences = len(skill.calendars.agenda()._events)
        skill.close()
    return {
        "calendar_events": events,
        "occurrences_in_window": occurrences,
        "calendar_load_and_expand_ms": round(load_ms, 1),
        "schedule_questions": len(timings),
        "schedule_intent_plus_skill_p50_ms": round(statistics.median(timings), 2),
        "schedule_intent_plus_skill_p95_ms": round(_pct(timings, 0.95), 2),
        "intent_parse_p50_ms": round(statistics.median(parse_only), 2),
        "briefing_p50_ms": round(statistics.median(brief), 2),
        "briefing_p95_ms": round(_pct(brief, 0.95), 2),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

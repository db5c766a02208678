"""Issue 10 finding 6: a recurring event without an end (RRULE:FREQ=SECONDLY) must not hang
or fill memory: each window expands at most MAX_OCCURRENCES occurrences of one event, and
rules that are moved to the window keep their phase."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dayfix import LONDON, MONDAY_8AM, ask
from glasses.day import recurrence
from glasses.day.calendar import CalendarSet, expand, parse_calendar

STANDUP = """BEGIN:VEVENT
UID:standup@test
SUMMARY:Standup
DTSTART;TZID=Europe/London:20250106T093000
DTEND;TZID=Europe/London:20250106T094500
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
END:VEVENT
"""


def ics(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + "".join(events) + "END:VCALENDAR\n").encode()


def event(uid: str, rule: str, start: str = "20250101T090000", extra: str = "") -> str:
    return (f"BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART;TZID=Europe/London:{start}\n"
            f"DURATION:PT1S\n{rule}\n{extra}END:VEVENT\n")


def occurrences(data: bytes, start: datetime, days: float = 1.0):
    cal, warnings = parse_calendar(data, "t.ics")
    assert cal is not None and not warnings
    return expand([("t.ics", cal)], start, start + timedelta(days=days), LONDON)


def test_secondly_without_end_answers_the_schedule_question(make_skill, parser, tmp_path):
    path = tmp_path / "busy.ics"
    path.write_bytes(ics(event("Tick", "RRULE:FREQ=SECONDLY"), STANDUP))
    skill = make_skill(calendars=(str(path),))
    r = ask(skill, parser, "what's on my schedule today", MONDAY_8AM)
    assert "Standup" in r.text
    events = skill.calendars.agenda()._events          # the whole expanded window (~10 weeks)
    ticks = [e for e in events if e.title == "Tick"]
    assert 0 < len(ticks) <= recurrence.MAX_OCCURRENCES + 1
    assert len([e for e in events if e.title == "Standup"]) > 40   # the ordinary event is untouched
    assert any('"Tick" repeats very often' in w for w in skill.warnings)


@pytest.mark.parametrize("rule", [
    "RRULE:FREQ=SECONDLY;INTERVAL=1",
    "RRULE:FREQ=MINUTELY;BYSECOND=0,10,20,30,40,50",
    "RRULE:FREQ=MINUTELY;COUNT=99999999",
    "RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE=" + ",".join(map(str, range(60))),
])
def test_each_busy_rule_is_capped_per_window(rule):
    events, warnings = occurrences(ics(event("busy", rule)), MONDAY_8AM, days=30)
    assert 0 < len(events) <= recurrence.MAX_OCCURRENCES + 1
    assert warnings == ['calendar t.ics: event "busy" repeats very often; at most 2000 occurrences '
                        'from the start of each looked-up span are used']


def test_two_busy_rules_on_one_event_are_skipped_with_a_warning():
    two = event("double", "RRULE:FREQ=SECONDLY", extra="RRULE:FREQ=MINUTELY\n")
    events, warnings = occurrences(ics(two, STANDUP), MONDAY_8AM)
    assert [e.title for e in events] == ["Standup"]
    assert warnings == ['calendar t.ics: skipped event "double": it repeats too often to expand']


def test_a_moved_rule_keeps_its_phase_and_until():
    # every 7 minutes since 2001, until 10:00 on the asked day: same minutes as a plain walk would give
    rule = "RRULE:FREQ=MINUTELY;INTERVAL=7;UNTIL=20260302T100000Z"
    events, warnings = occurrences(ics(event("every7", rule, start="20010101T000300")), MONDAY_8AM, days=1)
    assert warnings                                          # it was moved
    first = datetime(2001, 1, 1, 0, 3, tzinfo=LONDON)
    for e in events:
        assert (e.start - first).total_seconds() % (7 * 60) == 0
    assert events[0].start - MONDAY_8AM < timedelta(minutes=7)
    assert events[-1].start <= datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
    minutes = range(8 * 60, 10 * 60 + 1)                      # 08:00..10:00 inclusive (UNTIL)
    gap0 = int((MONDAY_8AM - first).total_seconds() // 60)
    assert len(events) == sum(1 for m in minutes if (gap0 + m - 8 * 60) % 7 == 0)


def test_an_ordinary_calendar_is_not_touched():
    cal, _ = parse_calendar(ics(STANDUP, event("daily", "RRULE:FREQ=DAILY", start="19900101T120000")), "t.ics")
    bounded, warnings = recurrence.bound([("t.ics", cal)], MONDAY_8AM, MONDAY_8AM + timedelta(days=60))
    assert warnings == [] and bounded[0][1] is cal


def test_calendar_set_reads_a_secondly_file_quickly_enough_to_answer(tmp_path):
    path = tmp_path / "tick.ics"
    path.write_bytes(ics(event("Tick", "RRULE:FREQ=SECONDLY", start="20260302T075959")))
    cs = CalendarSet((str(path),), tmp_path / "cache", LONDON)
    got = cs.agenda().between(MONDAY_8AM, MONDAY_8AM + timedelta(hours=1))
    assert 0 < len(got) <= recurrence.MAX_OCCURRENCES


def test_an_oversized_calendar_file_is_skipped_unread(tmp_path, monkeypatch):
    from glasses.day import calendar
    monkeypatch.setattr(calendar, "MAX_CALENDAR_BYTES", 10_000)
    big = tmp_path / "big.ics"
    big.write_bytes(ics(*[event(f"e{i}", "RRULE:FREQ=DAILY") for i in range(200)]))
    small = tmp_path / "small.ics"
    small.write_bytes(ics(STANDUP))
    cs = CalendarSet((str(big), str(small)), tmp_path / "cache", LONDON)
    got = cs.agenda().between(MONDAY_8AM, MONDAY_8AM + timedelta(days=1))
    assert [e.title for e in got] == ["Standup"]
    assert any(w.startswith("calendar big.ics: too large") and w.endswith("skipped") for w in cs.warnings)


def test_a_busy_series_that_ended_before_the_window_shows_nothing():
    ended_count = event("counted", "RRULE:FREQ=SECONDLY;COUNT=100000", start="20250101T090000")
    ended_until = event("untiled", "RRULE:FREQ=SECONDLY;UNTIL=20250102T000000Z", start="20250101T090000")
    events, warnings = occurrences(ics(ended_count, ended_until, STANDUP), MONDAY_8AM)
    assert [e.title for e in events] == ["Standup"]
    assert len(warnings) == 2 and 'skipped event "counted"' in warnings[0]


def test_a_busy_counted_series_still_running_is_capped():
    running = event("running", "RRULE:FREQ=SECONDLY;COUNT=900000000", start="20260301T000000")
    events, _ = occurrences(ics(running), MONDAY_8AM)
    assert 0 < len(events) <= recurrence.MAX_OCCURRENCES + 1 and events[0].start >= MONDAY_8AM

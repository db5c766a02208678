"""Schedule answers over real .ics files: recurrence with exceptions, overrides, all-day and
multi-day events, several time zones, a malformed event."""

import logging
import os
from datetime import datetime, timedelta

from dayfix import DATA, LONDON, MONDAY_8AM, ask, ctx
from glasses.day.calendar import CalendarSet, parse_calendar
from glasses.day.schedule import day_span


def titles(skill, day):
    start, end = day_span(day, LONDON)
    return [(e.start.strftime("%H:%M"), e.title) for e in skill.calendars.agenda().between(start, end)]


def test_recurrence_exceptions_and_zones(make_skill):
    skill = make_skill()
    monday = MONDAY_8AM.date()
    assert titles(skill, monday) == [("00:00", "Sam's birthday"), ("09:30", "Standup"), ("12:00", "Lunch with Anna"),
                                     ("15:00", "Call with the New York team")]   # cancelled review left out
    tuesday = monday + timedelta(days=1)
    # 09:00 in Tokyo is midnight in London; a floating 15:00 is the wearer's 15:00
    assert titles(skill, tuesday) == [("00:00", "Tokyo office sync"), ("15:00", "Dentist"), ("18:30", "Yoga")]
    wednesday = monday + timedelta(days=2)
    assert titles(skill, wednesday) == []                                  # EXDATE removed the standup
    friday = monday + timedelta(days=4)
    assert ("11:00", "Standup (moved)") in titles(skill, friday)           # RECURRENCE-ID override
    assert ("09:30", "Standup") not in titles(skill, friday)
    assert ("00:00", "Trip to Berlin") in titles(skill, friday)            # multi-day all-day
    # New York moves to daylight time on 8 March, London on 29 March: the call is an hour earlier
    assert ("14:00", "Call with the New York team") in titles(skill, monday + timedelta(days=7))
    # yoga every other day, with two EXDATEs
    yoga_days = [d for d in range(1, 12) if ("18:30", "Yoga") in titles(skill, monday + timedelta(days=d))]
    assert yoga_days == [1, 7, 9, 11]


def test_malformed_event_skipped_with_one_warning(make_skill, caplog):
    caplog.set_level(logging.WARNING, logger="glasses.day")
    skill = make_skill()
    skill.calendars.agenda()
    lines = [r.getMessage() for r in caplog.records]
    assert len([l for l in lines if "Broken event" in l]) == 1
    assert any(l.startswith('calendar work.ics: skipped event "Broken event" (broken@test): bad DTSTART') for l in lines)
    assert "Broken" not in " ".join(t for _, t in titles(skill, MONDAY_8AM.date()))


def test_unreadable_file_named_and_rest_answers(tmp_path, make_skill, caplog, parser):
    bad = tmp_path / "junk.ics"
    bad.write_bytes(b"\x00\x01 this is not a calendar")
    caplog.set_level(logging.WARNING, logger="glasses.day")
    skill = make_skill(calendars=(str(bad), str(DATA / "work.ics")))
    reply = ask(skill, parser, "what's on my calendar today", MONDAY_8AM)
    assert "Standup" in reply.text
    assert any("junk.ics" in r.getMessage() for r in caplog.records)


def test_event_problems_are_specific():
    body = b"""BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:a
SUMMARY:No start
END:VEVENT
BEGIN:VEVENT
UID:b
SUMMARY:Backwards
DTSTART:20260302T100000Z
DTEND:20260302T090000Z
END:VEVENT
BEGIN:VEVENT
UID:c
SUMMARY:Bad rule
DTSTART:20260302T100000Z
RRULE:FREQ=SOMETIMES
END:VEVENT
BEGIN:VEVENT
UID:d
SUMMARY:Fine
DTSTART:20260302T100000Z
END:VEVENT
END:VCALENDAR
"""
    cal, warnings = parse_calendar(body, "x.ics")
    assert [e["SUMMARY"] for e in cal.walk("VEVENT")] == ["Fine"]
    assert len(warnings) == 3
    assert "no DTSTART" in warnings[0] and "ends before it starts" in warnings[1] and "RRULE" in warnings[2]


def test_today_speaks_count_then_events_in_order(make_skill, parser):
    skill = make_skill()
    reply = ask(skill, parser, "what's on my schedule today", MONDAY_8AM)
    assert reply.text == ("You have four events today: Sam's birthday, all day; at half past nine, Standup in Room 4; "
                          "at noon, Lunch with Anna at Cafe Luna; and at three, Call with the New York team.")
    assert reply.card.kind == "schedule" and reply.card.lines[1].startswith("09:30–09:45  Standup")


def test_today_later_leaves_out_what_is_over(make_skill, parser):
    skill = make_skill()
    reply = ask(skill, parser, "what's on my schedule", MONDAY_8AM.replace(hour=13, minute=30))
    assert reply.text.startswith("You have two more events today: Sam's birthday, all day; and at three, Call with")
    late = ask(skill, parser, "what's on my schedule", MONDAY_8AM.replace(hour=21))
    assert late.text.startswith("You have one more event today: Sam's birthday")


def test_other_days(make_skill, parser):
    skill = make_skill()
    assert ask(skill, parser, "what's on my calendar on wednesday", MONDAY_8AM).text == \
        "You have nothing on your calendar on Wednesday."
    friday = ask(skill, parser, "what do i have on friday", MONDAY_8AM).text
    assert friday == "You have two events on Friday: Trip to Berlin, all day until Saturday; and at eleven, Standup (moved) in Room 4."
    assert ask(skill, parser, "what's on my calendar tomorrow", MONDAY_8AM).text.startswith(
        "You have three events tomorrow: at midnight, Tokyo office sync")


def test_next_event(make_skill, parser):
    skill = make_skill()
    assert ask(skill, parser, "what's next", MONDAY_8AM).text == \
        "Next is Standup at half past nine, in an hour and a half, in Room 4."
    during = ask(skill, parser, "what's next", MONDAY_8AM.replace(hour=12, minute=20)).text
    assert during == "You're in Lunch with Anna until one. After that: Call with the New York team at three."
    evening = ask(skill, parser, "what's my next meeting", MONDAY_8AM.replace(hour=20)).text
    assert evening == "Next is Tokyo office sync tomorrow at midnight."


def test_free_busy(make_skill, parser):
    skill = make_skill()
    assert ask(skill, parser, "am i free at noon", MONDAY_8AM).text == \
        "No, you have Lunch with Anna from noon to one."
    assert ask(skill, parser, "am i free at 10:30", MONDAY_8AM).text == \
        "Yes, you're free at half past ten. Your next thing after that is Lunch with Anna at noon."
    # "at three" on Monday morning means 3 pm
    assert ask(skill, parser, "am i free at three", MONDAY_8AM).text.startswith("No, you have Call with the New York team")
    assert ask(skill, parser, "am i busy", MONDAY_8AM.replace(hour=9, minute=35)).text == \
        "No, you're in Standup until quarter to ten."
    tomorrow = ask(skill, parser, "when am i free tomorrow", MONDAY_8AM).text
    assert tomorrow == "Tomorrow, you're free until three and from four on."


def test_changed_file_is_reread(tmp_path, make_skill, parser):
    path = tmp_path / "cal.ics"
    path.write_bytes((DATA / "personal.ics").read_bytes())
    skill = make_skill(calendars=(str(tmp_path),))
    assert "Dentist" in ask(skill, parser, "what's on my calendar tomorrow", MONDAY_8AM).text
    path.write_bytes(path.read_bytes().replace(b"SUMMARY:Dentist", b"SUMMARY:Orthodontist"))
    os.utime(path, (1, 1))
    assert "Orthodontist" in ask(skill, parser, "what's on my calendar tomorrow", MONDAY_8AM).text


def test_remote_calendar_cached_and_kept_when_offline(tmp_path, server, make_skill, parser):
    url = server.url + "/cal/team.ics"
    server.calendar_body = (DATA / "personal.ics").read_bytes()
    skill = make_skill(calendars=(url,))
    assert ask(skill, parser, "what's on my calendar tomorrow", MONDAY_8AM).text == \
        "You have nothing on your calendar tomorrow."                  # nothing cached yet
    assert skill.refresh(ctx(MONDAY_8AM)) == []
    assert "Dentist" in ask(skill, parser, "what's on my calendar tomorrow", MONDAY_8AM).text
    server.mode = "500"
    problems = skill.refresh(ctx(MONDAY_8AM), force=True)
    assert any("team.ics: not refreshed (HTTP 500)" in p for p in problems)
    assert "Dentist" in ask(skill, parser, "what's on my calendar tomorrow", MONDAY_8AM).text
    # a new skill (after a restart, offline) still answers from the cache
    again = make_skill(calendars=(url,))
    assert "Dentist" in ask(again, parser, "what's on my calendar tomorrow", MONDAY_8AM).text

from datetime import date, datetime

import pytest

from glasses.day.numbers import tokens_of
from glasses.day.timeexpr import parse_day, parse_duration, parse_when, resolve_day, resolve_when

from dayfix import LONDON


@pytest.mark.parametrize("text, seconds", [
    ("ten minutes", 600), ("an hour and a half", 5400), ("5 and a half minutes", 330), ("90 seconds", 90),
    ("half an hour", 1800), ("a quarter of an hour", 900), ("one hour thirty minutes", 5400),
    ("2 hours 15 minutes", 8100), ("2.5 hours", 9000), ("10min", 600), ("twenty five minutes", 1500),
    ("a minute", 60), ("one hundred and twenty seconds", 120), ("five and a half minutes", 330),
    ("an hour and fifteen minutes", 4500), ("three quarters of an hour", 2700),
])
def test_durations(text, seconds):
    assert parse_duration(tokens_of(text)) == seconds


@pytest.mark.parametrize("text", ["", "minutes", "ten", "ten apples", "soon", "half"])
def test_not_durations(text):
    assert parse_duration(tokens_of(text)) is None


NOW = datetime(2026, 3, 2, 14, 0, tzinfo=LONDON)  # Monday 2 pm


@pytest.mark.parametrize("text, spec, expected", [
    ("at five", "at 05:00?", datetime(2026, 3, 2, 17, 0)),          # the next five o'clock: 5 pm
    ("at nine", "at 09:00?", datetime(2026, 3, 2, 21, 0)),
    ("at 5:30pm", "at 17:30", datetime(2026, 3, 2, 17, 30)),
    ("at 5:30 p.m.", "at 17:30", datetime(2026, 3, 2, 17, 30)),
    ("at half past six tonight", "today 18:30", datetime(2026, 3, 2, 18, 30)),
    ("at quarter to six", "at 05:45?", datetime(2026, 3, 2, 17, 45)),
    ("twenty past five", "at 05:20?", datetime(2026, 3, 2, 17, 20)),
    ("tomorrow at nine", "tomorrow 09:00?", datetime(2026, 3, 3, 9, 0)),
    ("tomorrow at 9 am", "tomorrow 09:00", datetime(2026, 3, 3, 9, 0)),
    ("tomorrow morning", "tomorrow 09:00", datetime(2026, 3, 3, 9, 0)),
    ("in ten minutes", "+600", datetime(2026, 3, 2, 14, 10)),
    ("in an hour and a half", "+5400", datetime(2026, 3, 2, 15, 30)),
    ("on friday", "friday 09:00", datetime(2026, 3, 6, 9, 0)),
    ("on friday at three", "friday 03:00?", datetime(2026, 3, 6, 15, 0)),
    ("at seven in the evening", "at 19:00", datetime(2026, 3, 2, 19, 0)),
    ("at noon", "at 12:00", datetime(2026, 3, 3, 12, 0)),
    ("at 17:00", "at 17:00", datetime(2026, 3, 2, 17, 0)),
    ("at five o'clock", "at 05:00?", datetime(2026, 3, 2, 17, 0)),
    ("on the 5th at 3", "---05 03:00?", datetime(2026, 3, 5, 15, 0)),
    ("december 5th at noon", "--12-05 12:00", datetime(2026, 12, 5, 12, 0)),
    ("next monday at ten", "next monday 10:00?", datetime(2026, 3, 9, 10, 0)),
])
def test_when(text, spec, expected):
    assert parse_when(tokens_of(text)) == spec
    assert resolve_when(spec, NOW) == expected.replace(tzinfo=LONDON)


def test_when_across_dst_keeps_wall_time():
    # UK clocks go forward on 29 March 2026: "in" is elapsed time, "at" is wall time
    sat = datetime(2026, 3, 28, 22, 0, tzinfo=LONDON)
    assert resolve_when("tomorrow 09:00", sat).utcoffset().total_seconds() == 3600
    assert resolve_when("tomorrow 09:00", sat).hour == 9
    assert (resolve_when("+43200", sat) - sat).total_seconds() == 43200


@pytest.mark.parametrize("text, day", [
    ("today", "today"), ("tomorrow", "tomorrow"), ("on friday", "friday"), ("next tuesday", "next tuesday"),
    ("the 5th of december", "--12-05"), ("december 5th", "--12-05"), ("the 21st", "---21"),
    ("the twenty first of march", "--03-21"), ("2026-04-01", "2026-04-01"), ("the day after tomorrow", "+2"),
])
def test_days(text, day):
    tokens = tokens_of(text)
    parsed = parse_day(tokens, 0)
    assert parsed is not None and parsed[0] == day and parsed[2] == len(tokens)


def test_resolve_days():
    monday = date(2026, 3, 2)
    assert resolve_day("monday", monday) == monday
    assert resolve_day("next monday", monday) == date(2026, 3, 9)
    assert resolve_day("friday", monday) == date(2026, 3, 6)
    assert resolve_day("---01", monday) == date(2026, 4, 1)      # the 1st has passed: next month's
    assert resolve_day("--01-10", monday) == date(2027, 1, 10)   # long past this year: next year's
    assert resolve_day("--02-20", monday) == date(2026, 2, 20)   # recent past stays
    with pytest.raises(ValueError):
        resolve_day("someday", monday)

"""The one spoken-language module: numbers of any size, ordinals, times, durations, lists,
and every skill saying the time the same way."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from glasses.day.numbers import parse_number, tokens_of
from glasses.understand.parser import number_words as heard_number_words
from glasses.skills import spoken
from glasses.skills.base import Context
from glasses.basics.skill import BasicsSkill
from glasses.events import Intent


@pytest.mark.parametrize("n, words", [
    (0, "zero"), (13, "thirteen"), (42, "forty two"), (101, "one hundred and one"),
    (999, "nine hundred and ninety nine"), (1000, "one thousand"), (1005, "one thousand and five"),
    (1234, "one thousand two hundred and thirty four"), (20_000, "twenty thousand"),
    (999_999_999_999, "nine hundred and ninety nine billion nine hundred and ninety nine million "
                      "nine hundred and ninety nine thousand nine hundred and ninety nine"),
    (-7, "minus seven"),
])
def test_numbers_at_any_size(n, words):
    assert spoken.number_words(n) == words


def test_recognizer_style_numbers_leave_out_and():
    assert heard_number_words(101) == "one hundred one"
    assert heard_number_words(2500) == "two thousand five hundred"


@given(st.integers(min_value=0, max_value=999))
def test_spoken_numbers_parse_back(n):
    value, end = parse_number(tokens_of(spoken.number_words(n)), 0)
    assert int(value) == n


@given(st.integers(min_value=0, max_value=10 ** 40))
def test_any_number_is_said_in_words_only(n):
    assert all(w.isalpha() for w in spoken.number_words(n).split())


@pytest.mark.parametrize("n, words", [(1, "first"), (2, "second"), (3, "third"), (12, "twelfth"),
                                      (20, "twentieth"), (22, "twenty second"), (31, "thirty first"),
                                      (102, "one hundred and second")])
def test_ordinals(n, words):
    assert spoken.ordinal_words(n) == words


def test_lists_durations_dates():
    assert spoken.join(["milk"]) == "milk" and spoken.join(["a", "b", "c"]) == "a, b and c"
    assert spoken.duration(5400) == "an hour and a half"
    assert spoken.count(1500, "item") == "one thousand five hundred items"
    assert spoken.date_words(date(2026, 3, 3), year=True) == "Tuesday the third of March, 2026"


def test_the_clock_skill_and_the_day_skill_say_the_time_one_way():
    now = datetime(2026, 3, 3, 8, 20, tzinfo=ZoneInfo("Europe/London"))
    reply = BasicsSkill(()).handle(Intent(0, "get_time"), Context(now=now, t_ms=0))
    assert reply.text == f"It's {spoken.clock(now, part_of_day=True)}." == "It's eight twenty in the morning."

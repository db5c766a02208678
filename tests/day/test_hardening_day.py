"""Issue 10, day side: lists match whole items (finding 8), numbers are spoken at any size and
far-off times get an answer instead of a crash (finding 5), through the real parser and skill."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from dayfix import MONDAY_8AM, ask
from glasses.day import numbers
from glasses.day import lists
from glasses.understand import parser as intents
from glasses.skills import spoken


@pytest.mark.parametrize("on_list, said", [("oat milk", "milk"), ("apple juice", "apple"),
                                            ("milk", "oat milk"), ("eggs", "egg cups")])
def test_a_shorter_or_longer_item_is_added_not_called_present(make_skill, parser, on_list, said):
    skill = make_skill()
    ask(skill, parser, f"add {on_list} to my shopping list", MONDAY_8AM)
    r = ask(skill, parser, f"add {said} to my shopping list", MONDAY_8AM)
    assert r.text == f"Added {said} to your shopping list."
    assert skill.store.items("shopping") == [on_list, said]


def test_the_same_item_normalized_is_already_there(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "add oat milk and eggs to my shopping list", MONDAY_8AM)
    assert ask(skill, parser, "add Oat  Milk to my shopping list", MONDAY_8AM).text == "Oat milk is already on it."
    assert ask(skill, parser, "add an egg to my shopping list", MONDAY_8AM).text.endswith("already on it.")
    assert skill.store.items("shopping") == ["oat milk", "eggs"]
    assert lists.present(["oat milk"], "milk") is None and lists.present(["Apple Juice"], "apple juices") == "Apple Juice"


@pytest.mark.parametrize("n, said", [
    (1000, "one thousand"), (1005, "one thousand and five"), (1100, "one thousand one hundred"),
    (12345, "twelve thousand three hundred and forty five"), (2_300_000, "two million three hundred thousand"),
    (999_999_999_999, "nine hundred and ninety nine billion nine hundred and ninety nine million "
                      "nine hundred and ninety nine thousand nine hundred and ninety nine"),
    (-40, "minus forty"), (10 ** 36, "one " + " ".join(["zero"] * 36)), (10 ** 5000, "an enormous number")],
    ids=lambda v: "huge" if isinstance(v, int) and v > 10 ** 40 else None)
def test_day_number_words_at_any_size(n, said):
    assert spoken.number_words(n) == said


@pytest.mark.parametrize("n, said", [(1000, "one thousand"), (1205, "one thousand two hundred five"),
                                    (7_000_001, "seven million one"), (-3, "minus three")])
def test_intent_number_words_at_any_size(n, said):
    assert intents.number_words(n) == said


_WORDS = set(numbers.UNITS) | set(numbers.TENS) | {"hundred", "and", "minus", "thousand", "million", "billion",
          "trillion", "quadrillion", "quintillion", "sextillion", "septillion", "octillion", "nonillion", "decillion"}


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10 ** 40, max_value=10 ** 40))
def test_number_words_never_fail_and_use_only_number_words(n):
    for words in (spoken.number_words(n), intents.number_words(n)):
        assert words and set(words.split()) <= _WORDS


def test_parse_number_reads_back_what_number_words_says_below_a_thousand():
    for n in range(0, 1000):
        assert numbers.parse_number(numbers.tokens_of(spoken.number_words(n)), 0)[0] == n


@pytest.mark.parametrize("question, answer", [
    ("remind me in 999999999999 minutes to check the oven", "I can only set reminders up to ten years ahead."),
    ("remind me in 4000 days to renew the passport", "I can only set reminders up to ten years ahead."),
    ("am I free in 99999999999 hours", "That's more than ten years away; I only look ten years ahead."),
])
def test_far_off_times_get_a_spoken_answer(make_skill, parser, question, answer):
    skill = make_skill()
    assert ask(skill, parser, question, MONDAY_8AM).text == answer
    assert skill.store.pending_reminders() == []


def test_a_reminder_within_ten_years_is_still_set(make_skill, parser):
    skill = make_skill()
    r = ask(skill, parser, "remind me in 3000 days to renew the passport", MONDAY_8AM)
    assert r.text.startswith("OK, I'll remind you to renew the passport")
    assert len(skill.store.pending_reminders()) == 1


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(_word, min_size=1, max_size=3), st.lists(_word, min_size=1, max_size=2))
def test_an_item_with_more_words_is_never_the_same_item(item, extra):
    longer = " ".join(extra + item)
    assert lists.present([longer], " ".join(item)) is None
    assert lists.present([" ".join(item)], longer) is None
    assert lists.present([" ".join(item).upper()], " ".join(item)) == " ".join(item).upper()

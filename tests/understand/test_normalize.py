"""Recognizer and typed text -> template words (glasses.understand.normalize), and the parser
applying it: Whisper's digits, symbols and punctuation parse like spoken words."""

from __future__ import annotations

import pytest

from glasses.runtime.build import build_parser
from glasses.understand.normalize import normalize, ordinal_words


@pytest.fixture(scope="module")
def parser():
    return build_parser()


@pytest.mark.parametrize("text, words", [
    ("Set a timer for 10 minutes.", "Set a timer for ten minutes"),
    ("5pm", "five pm"),
    ("Will it rain to day?", "Will it rain today"),
    ("What's the weather to morrow?", "What's the weather tomorrow"),
    ("at 5 p.m.", "at five pm"),
    ("at 5:30PM", "at 5:30 pm"),
    ("4:30", "4:30"),
    ("1/2", "half"),
    ("an hour and a 1/2", "an hour and a half"),
    ("1 1/2 hours", "one and a half hours"),
    ("3/4 of an hour", "three quarters of an hour"),
    ("½ an hour", "half an hour"),
    ("5 and half minutes", "five and a half minutes"),
    ("New York.", "New York"),
    ("20%", "twenty percent"),
    ("$3", "three dollars"),
    ("£12.50", "12.50 pounds"),
    ("1st", "first"),
    ("the 21st of March", "the twenty first of March"),
    ("the 30th", "the thirtieth"),
    ("10-minute", "ten minute"),
    ("What's the weather?", "What's the weather"),
    ("What’s the time?", "What's the time"),
    ("2.5 hours", "2.5 hours"),
    ("on 2026-03-02", "on 2026-03-02"),
    ("in the year 2026", "in the year 2026"),
    ("1,000 steps", "1000 steps"),
    ("eggs & bread", "eggs and bread"),
    ("Hey Jarvis, what time is it?", "what time is it"),
    ("Um, so, add milk to my list.", "add milk to my list"),
    ("  !!! ", ""),
    ("to-do list", "to do list"),
    ("call 999", "call nine hundred ninety nine"),
])
def test_normalize_table(text, words):
    assert normalize(text) == words


@pytest.mark.parametrize("n, words", [(1, "first"), (2, "second"), (12, "twelfth"), (20, "twentieth"),
                                      (21, "twenty first"), (30, "thirtieth"), (42, "forty second")])
def test_ordinal_words(n, words):
    assert ordinal_words(n) == words


@pytest.mark.parametrize("text, name, slots", [
    ("Set a timer for 10 minutes.", "start_timer", {"duration_s": "600"}),
    ("Set a 10-minute timer.", "start_timer", {"duration_s": "600"}),
    ("Set a timer for an hour and a 1/2.", "start_timer", {"duration_s": "5400"}),
    ("Set a timer for 1 1/2 hours", "start_timer", {"duration_s": "5400"}),
    ("Timer for 90 seconds!", "start_timer", {"duration_s": "90"}),
    ("What's the weather in New York?", "get_weather", {"place": "new york"}),
    ("Remind me to call Anna at 5pm.", "set_reminder", {"text": "call anna", "when": "at 17:00"}),
    ("Remind me at 4:30 to stretch.", "set_reminder", {"text": "stretch", "when": "at 04:30?"}),
    ("Add 2 eggs & bread to my shopping list.", "add_to_list", {"item": "two eggs; bread", "list": "shopping"}),
    ("Add milk to my to-do list", "add_to_list", {"item": "milk", "list": "to do"}),
    ("Hey Jarvis, what time is it?", "get_time", {}),
    ("What's the date today?", "get_date", {}),
])
def test_whisper_style_text_parses(parser, text, name, slots):
    intent = parser.parse(text)
    assert intent is not None, text
    assert (intent.name, dict(intent.slots)) == (name, slots)

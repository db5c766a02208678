"""Sentences out of a token stream, in order and as early as they are complete, without markdown."""

from __future__ import annotations

import random

import pytest

from glasses.ask.standin import ANSWER, tokens
from glasses.ask.sentences import SentenceSplitter, clean_for_speech, sentences


def arrivals(pieces: list[str]) -> list[tuple[int, str]]:
    """(index of the piece that completed it, sentence); the flushed rest gets len(pieces)."""
    split = SentenceSplitter()
    out = [(i, s) for i, p in enumerate(pieces) for s in split.feed(p)]
    return out + [(len(pieces), s) for s in split.flush()]


def test_each_sentence_is_given_as_soon_as_it_is_complete():
    pieces = tokens(ANSWER)
    got = arrivals(pieces)
    assert [s for _, s in got] == ["Hamlet was written by William Shakespeare.",
                                   "It was probably written between 1599 and 1601.",
                                   "It is his longest play, and one of the most performed plays in the world."]
    # "Shakespeare**." is piece 5; its end is certain when piece 6 (" It") brings the space
    assert [i for i, _ in got] == [6, 14, len(pieces)]
    assert len(pieces) == 29                           # so the first sentence waits for 7 of 29 tokens


@pytest.mark.parametrize("text, expected", [
    ("Paris.", ["Paris."]),
    ("Dr. Watson met Mr. Holmes at 221b Baker St. in London. They talked.",
     ["Dr. Watson met Mr. Holmes at 221b Baker St. in London.", "They talked."]),
    ("J. K. Rowling wrote it, e.g. in Edinburgh. The U.S. edition came later. It costs 3.5 euros.",
     ["J. K. Rowling wrote it, e.g. in Edinburgh.", "The U.S. edition came later.", "It costs 3.5 euros."]),
    ("Really? Yes! \"Quite so.\" (Indeed.) Then... fine", ["Really?", "Yes!", "\"Quite so.\"", "(Indeed.)",
                                                           "Then...", "fine."]),
    ("It was built in 1889. It is 330 metres tall.", ["It was built in 1889.", "It is 330 metres tall."]),
])
def test_sentence_ends(text, expected):
    assert sentences(text) == expected


def test_markdown_is_not_read_aloud():
    text = ("## How to get a red wine stain out\n\nAct **fast**:\n\n1. Blot it with a *paper towel*.\n"
            "2. Pour `cold` water on it\n- Cover it with [salt](https://example.org/salt) or __baking soda__.\n"
            "> Never rub it.\n\n---\n```bash\nrm -rf stain\n```\n| Stain | Fix |\n|---|---|\n| Wine | Salt |\n"
            "Done!")
    assert sentences(text) == ["How to get a red wine stain out.", "Act fast:", "Blot it with a paper towel.",
                               "Pour cold water on it.", "Cover it with salt or baking soda.", "Never rub it.",
                               "Stain, Fix.", "Wine, Salt.", "Done!"]


def test_code_is_dropped_even_when_the_fence_comes_one_character_at_a_time():
    text = "Use this:\n```\nprint('not spoken.')\nx = 1. y = 2.\n```\nThat is all."
    split = SentenceSplitter()
    out = [s for ch in text for s in split.feed(ch)] + split.flush()
    assert out == ["Use this:", "That is all."]
    assert sentences("Look:\n```\nunclosed fence. still code.") == ["Look:"]


@pytest.mark.parametrize("seed", range(20))
def test_how_the_stream_is_cut_does_not_change_the_sentences(seed):
    text = ("**Hamlet** was written by Shakespeare. It is long!\n\n1. Act one. Act two.\n2. The end\n"
            "```\ncode. here.\n```\nDr. Who? Maybe. J. Smith said 3.5 is a number... ok")
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, 40)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    split = SentenceSplitter()
    streamed = [s for p in pieces for s in split.feed(p)] + split.flush()
    assert streamed == sentences(text)


def test_a_long_sentence_is_cut_at_a_comma_so_speech_can_start():
    text = "First, " + ", ".join(f"item number {i}" for i in range(40)) + ", and the last one."
    split = SentenceSplitter(max_chars=120)
    early = []
    for i in range(0, len(text), 5):
        early += split.feed(text[i:i + 5])
    rest = split.flush()
    assert early, "something must be ready before the sentence ends"
    assert all(len(s) <= 120 for s in early + rest)
    assert all(s.endswith(",") for s in early)
    assert " ".join(early + rest) == text


def test_cleaning_keeps_words_and_drops_marks():
    assert clean_for_speech("**Bold**, *it*, _em_, snake_case and `code`") == "Bold, it, em, snake_case and code."
    assert clean_for_speech("### Heading") == "Heading."
    assert clean_for_speech("***") == "" and clean_for_speech("|---|:--:|") == ""
    assert clean_for_speech("![a cat](cat.png) sat<br>down", line_end=False) == "a cat sat down"
    assert clean_for_speech("   ") == ""

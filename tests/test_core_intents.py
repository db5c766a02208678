"""Intent parsing (pure), the fuzzy fallback, and the command language model."""

import math
import re

import pytest

from glasses.runtime.build import build_parser
from glasses.stt.lm import build_arpa


@pytest.fixture(scope="module")
def parser():
    return build_parser()


@pytest.mark.parametrize("text, name", [
    ("what time is it", "get_time"), ("What's the time?", "get_time"), ("tell me the time", "get_time"),
    ("what is the date today", "get_date"), ("what day is it", "get_date"), ("which day is it today", "get_date"),
    ("help", "help"), ("what can you do", "help"),
    ("stop", "stop"), ("never mind", "stop"), ("cancel", "stop"), ("be quiet", "stop"),
    ("say that again", "repeat"), ("repeat that", "repeat"), ("what did you say", "repeat"),
])
def test_core_phrasings(parser, text, name):
    intent = parser.parse(text)
    assert intent is not None and intent.name == name


def test_nonsense_is_not_an_intent(parser):
    assert parser.parse("purple elephants dance quickly on the moon") is None
    assert parser.parse("") is None
    assert parser.parse("   !!! ") is None


def test_the_same_words_asked_again_give_the_same_match_with_slots_of_their_own():
    """parse_slots keeps its last few answers (the recognizer, the turn judge and the assistant
    ask about the same words at a pause): a caller changing its slots changes no one else's."""
    fresh = build_parser()
    first = fresh.parse("set a ten minute pasta timer", t_ms=5)
    first.slots["name"] = "changed"
    again = fresh.parse("Set a ten minute pasta timer!", t_ms=9)
    assert again is not None and again.t_ms == 9
    assert again.slots == {"duration_s": "600", "name": "pasta"}
    assert fresh.parse("set a five minute tea timer").slots == {"duration_s": "300", "name": "tea"}
    assert fresh.parse("purple elephants dance quickly on the moon") is None
    assert fresh.parse("purple elephants dance quickly on the moon") is None


def test_near_miss_transcripts_find_their_intent(parser):
    # what a recognizer makes of "say that again" / "what is this"
    assert parser.parse("do that again").name == "repeat"
    assert parser.parse("what is that is").name == "identify_product"
    assert parser.parse("do that again", fuzzy=False) is None


def test_fuzzy_matching_never_guesses_a_slot_value(parser):
    # "does it contain got" is close to "does it contain nut", but guessing an allergen is unsafe
    assert parser.parse("does it contain got") is None
    assert parser.parse("does it contain nuts").slots == {"allergen": "nuts"}


def test_slots_are_normalized(parser):
    intent = parser.parse("set a ten minute pasta timer")
    assert intent.name == "start_timer" and intent.slots == {"duration_s": "600", "name": "pasta"}
    assert parser.parse("set a timer for an hour and a half").slots["duration_s"] == "5400"


def test_phrases_and_training_sentences_come_from_the_same_templates(parser):
    phrases = set(parser.phrases())
    assert "what time is it" in phrases and "say that again" in phrases
    assert not any("{" in p for p in phrases)
    sentences = parser.training_sentences(per_template=5)
    assert sentences == parser.training_sentences(per_template=5)  # deterministic
    timer = [s for s in sentences if " timer for " in s]
    assert any("seconds" in s or "minutes" in s for s in timer)  # wildcard filled from samples.yaml
    understood = sum(parser.parse(s, fuzzy=False) is not None for s in sentences)
    assert understood / len(sentences) > 0.98  # the model teaches what the parser understands


def _arpa(text):
    section, grams = None, {1: {}, 2: {}, 3: {}}
    for line in text.splitlines():
        m = re.match(r"\\(\d)-grams:", line)
        if m:
            section = int(m[1])
        elif section and line.strip() and not line.startswith("\\"):
            parts = line.split("\t")
            grams[section][tuple(parts[1].split())] = (float(parts[0]), float(parts[2]) if len(parts) > 2 else 0.0)
    return grams


def test_language_model_is_a_proper_distribution():
    text = build_arpa(["what time is it", "what is the date", "what time is it now", "say that again"])
    assert text.startswith("\\data\\") and text.rstrip().endswith("\\end\\")
    grams = _arpa(text)
    vocab = [w for (w,) in grams[1] if w != "<s>"]

    def p2(a, b):  # bigram probability with backoff
        if (a, b) in grams[2]:
            return 10 ** grams[2][(a, b)][0]
        return 10 ** (grams[1][(a,)][1] + grams[1][(b,)][0])

    for history in ("what", "<s>", "time", "again"):
        assert math.isclose(sum(p2(history, w) for w in vocab), 1.0, rel_tol=1e-3)
    assert p2("what", "time") > p2("what", "again")

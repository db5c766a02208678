"""No action on a guess (glasses.understand.confirm) with the real parser: exact matches act,
near misses of side-effect intents are asked about, and only a yes runs them."""

from __future__ import annotations

import pytest

from glasses.runtime.build import build_confirmation, build_parser
from glasses.skills.registry import installed
from glasses.understand.confirm import Confirmation, yes_or_no

SIDE_EFFECT_INTENTS = installed().side_effects()


@pytest.fixture(scope="module")
def parser():
    return build_parser()


@pytest.mark.parametrize("text, answer", [
    ("yes", True), ("Yes.", True), ("yeah please", True), ("Sure!", True), ("go ahead", True),
    ("that's right", True), ("correct", True), ("no", False), ("No, thanks.", False), ("nope", False),
    ("don't", False), ("never mind", False), ("maybe", None), ("what time is it", None), ("", None),
    ("yes I want to go to the cinema tomorrow evening", None),
])
def test_yes_or_no(text, answer):
    assert yes_or_no(text) is answer


def test_exact_matches_act_and_near_misses_of_actions_are_asked(parser):
    confirm = build_confirmation()
    exact = confirm.decide(parser.parse_scored("cancel the pizza timer"), 0)
    assert exact.kind == "act" and exact.intent.name == "cancel_timer"
    near = confirm.decide(parser.parse_scored("cancel the pizza tiber"), 0)
    assert near.kind == "ask" and near.say == "Did you mean: cancel the pizza timer?" and near.intent is None
    yes = confirm.decide(parser.parse_scored("Yes."), 3000)
    assert yes.kind == "act" and (yes.intent.name, dict(yes.intent.slots)) == ("cancel_timer", {"name": "pizza"})
    assert yes.intent.t_ms == 3000 and confirm.pending is None


def test_no_silence_or_something_else_drops_the_question(parser):
    confirm = build_confirmation(window_ms=10_000)
    assert confirm.decide(parser.parse_scored("set a tiber for 5 minutes"), 0).say == \
        "Did you mean: start a five minute timer?"
    assert confirm.decide(parser.parse_scored("no"), 2000).kind == "drop"
    assert confirm.decide(parser.parse_scored("yes"), 4000).kind == "none"    # nothing pending any more

    confirm.decide(parser.parse_scored("set a tiber for 5 minutes"), 0)
    late = confirm.decide(parser.parse_scored("yes"), 20_000)                  # silence: too late
    assert late.kind == "none" and confirm.pending is None

    confirm.decide(parser.parse_scored("set a tiber for 5 minutes"), 0)
    other = confirm.decide(parser.parse_scored("what's the weather"), 1000)   # a new request instead
    assert other.kind == "act" and other.intent.name == "get_weather" and confirm.pending is None


def test_near_misses_without_side_effects_act_unless_they_fill_a_slot(parser):
    confirm = build_confirmation()
    repeat = confirm.decide(parser.parse_scored("do that again"), 0)
    assert repeat.kind == "act" and repeat.intent.name == "repeat"
    camera = confirm.decide(parser.parse_scored("what is that is"), 0)        # would open the camera
    assert camera.kind == "ask"


@pytest.mark.parametrize("text", ["what is it", "what's the time please", "stop 5 minute timer",
                                  "time left on the 1 hour timer", "add 5 minutes to my timer",
                                  "purple elephants dance quickly on the moon"])
def test_the_reported_wrong_actions_are_gone(parser, text):
    scored = parser.parse_scored(text)
    wrong = {"what is it": "identify_product", "what's the time please": "identify_product",
             "stop 5 minute timer": "start_timer", "time left on the 1 hour timer": "start_timer",
             "add 5 minutes to my timer": "add_to_list"}.get(text)
    decision = build_confirmation().decide(scored, 0)
    assert not (decision.kind == "act" and decision.intent.name == wrong)
    if decision.kind == "act":
        assert decision.intent.name not in SIDE_EFFECT_INTENTS or scored.exact


def test_answers_alone_do_nothing(parser):
    assert build_confirmation().decide(parser.parse_scored("yes"), 0).kind == "none"
    assert build_confirmation().decide(parser.parse_scored("no thanks"), 0).kind == "none"

"""False-action rate on text: sentences that are not commands for the glasses — coffee orders
built from the real coffee-order slot phrases, and everyday sentences — go through the parser
and the confirmation policy as if heard after a wake. None may cause a side effect; some may
get a question ("Did you mean ...?"), which is safe: only a yes would act."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from glasses.runtime.build import build_confirmation, build_parser
from glasses.skills.registry import installed
from glasses.understand.confirm import Confirmation

SIDE_EFFECT_INTENTS = installed().side_effects()

HERE = Path(__file__).parent
FRAMES = ["i'd like {}", "can i get {}", "make me {}", "could i have {}", "i need {}", "we need {}",
          "give me {}", "{} please", "i want {}", "one {}", "I'll have {}", "let me get {}"]


def coffee_labels() -> Path | None:
    env = os.environ.get("GLASSES_COFFEE_ORDERS")
    if env:
        return Path(env) / "labels.json"
    for parent in Path(__file__).resolve().parents:
        path = parent / "shared" / "data" / "speech" / "coffee-orders" / "labels.json"
        if path.exists():
            return path
    return None


def coffee_sentences(labels: dict) -> list[str]:
    out = []
    for i, (_, label) in enumerate(sorted(labels.items())):
        slots = label["slots"]
        head = [slots[k] for k in ("size", "roast", "coffeeDrink") if slots.get(k)]
        extras = [slots[k] for k in ("milkAmount", "sugarAmount", "numberOfShots") if slots.get(k)]
        phrase = " ".join(["a", *head] + (["with", " and ".join(extras)] if extras else []))
        out.append(FRAMES[i % len(FRAMES)].format(phrase))
    return out


def everyday() -> list[str]:
    lines = (HERE / "data" / "everyday.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def parser():
    return build_parser()


def outcomes(parser, sentences: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"fired": [], "asked": [], "harmless": [], "nothing": []}
    for text in sentences:
        decision = build_confirmation().decide(parser.parse_scored(text), 0)
        if decision.kind == "act" and decision.intent.name in SIDE_EFFECT_INTENTS:
            out["fired"].append(f"{text!r} -> {decision.intent.name} {dict(decision.intent.slots)}")
        elif decision.kind == "ask":
            out["asked"].append(text)
        elif decision.kind == "act":
            out["harmless"].append(text)
        else:
            out["nothing"].append(text)
    return out


def test_everyday_sentences_cause_no_side_effect(parser):
    sentences = everyday()
    assert len(sentences) >= 50
    result = outcomes(parser, sentences)
    assert result["fired"] == []
    assert len(result["asked"]) <= len(sentences) // 10   # questions are safe but must stay rare


def test_coffee_orders_cause_no_side_effect(parser):
    path = coffee_labels()
    if path is None:
        pytest.skip("coffee-order labels not found: set $GLASSES_COFFEE_ORDERS or put shared/data beside the repo")
    sentences = coffee_sentences(json.loads(path.read_text(encoding="utf-8")))
    assert len(sentences) >= 100
    result = outcomes(parser, sentences)
    assert result["fired"] == []
    # "i need a large coffee" may be asked about as a shopping item; nothing else should be
    assert all(s.lower().startswith(("i need", "we need")) for s in result["asked"]), result["asked"]


def test_a_question_then_yes_is_the_only_way_a_loose_match_acts(parser):
    confirm = build_confirmation()
    ask = confirm.decide(parser.parse_scored("I need a break"), 0)
    assert ask.kind == "ask" and ask.say == "Did you mean: add break to the shopping list?"
    assert confirm.decide(parser.parse_scored("what a beautiful morning"), 2000).kind == "none"
    assert confirm.pending is None   # anything else dropped it

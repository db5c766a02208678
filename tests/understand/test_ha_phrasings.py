"""Home Assistant's English phrasings for the intents we share (time, date, weather, timers by
duration/name — start, status, cancel, pause, resume, add/take time — shopping and to-do lists,
never mind), sampled from the installed home-assistant-intents templates at test time, parsed
to our intent names and slots. Also the phrasings that went wrong in issue 8."""

from __future__ import annotations

from collections import Counter

import pytest

from glasses.runtime.build import build_confirmation, build_parser
from glasses.skills.registry import installed
from glasses.understand.confirm import Confirmation

SIDE_EFFECT_INTENTS = installed().side_effects()
from ha_phrasings import HA_TO_OURS, ha_phrasings


@pytest.fixture(scope="module")
def parser():
    return build_parser()


def right(parser, p) -> bool:
    scored = parser.parse_scored(p.text)
    return (scored.exact and scored.intent.name == p.intent
            and all(scored.intent.slots.get(k) == v for k, v in p.slots.items()))


def test_home_assistant_phrasings_parse_to_our_intents_and_slots(parser):
    phrasings = ha_phrasings(per_block=6, seed=8)
    assert {p.ha_intent for p in phrasings} == set(HA_TO_OURS)     # every shared intent is sampled
    assert len(phrasings) > 400
    ok = Counter(p.intent for p in phrasings if right(parser, p))
    total = Counter(p.intent for p in phrasings)
    share = sum(ok.values()) / len(phrasings)
    print(f"\nHA English phrasings understood: {sum(ok.values())}/{len(phrasings)} = {share:.1%}")
    for name in sorted(total):
        print(f"  {name:18} {ok[name]}/{total[name]}")
    assert share >= 0.97
    assert all(ok[name] / total[name] >= 0.8 for name in total), (ok, total)


def test_no_home_assistant_phrasing_causes_a_different_action(parser):
    wrong = []
    for p in ha_phrasings(per_block=3, seed=21):
        decision = build_confirmation().decide(parser.parse_scored(p.text), 0)
        if decision.kind == "act" and decision.intent.name in SIDE_EFFECT_INTENTS and \
                decision.intent.name != p.intent:
            wrong.append((p.text, decision.intent.name))
    assert wrong == []


@pytest.mark.parametrize("text, name, slots", [
    ("stop 5 minute timer", "cancel_timer", {"duration_s": "300"}),
    ("time left on the 1 hour timer", "timer_status", {"duration_s": "3600"}),
    ("what's the time please", "get_time", {}),
    ("cancel pizza timer", "cancel_timer", {"name": "pizza"}),
    ("status of my timers", "timer_status", {}),
    ("set timer called pizza for 5 minutes", "start_timer", {"duration_s": "300", "name": "pizza"}),
    ("5 minute timer for pizza", "start_timer", {"duration_s": "300", "name": "pizza"}),
    ("create a timer for five minutes", "start_timer", {"duration_s": "300"}),
    ("Create a timer for 5 minutes.", "start_timer", {"duration_s": "300"}),
    ("pause the pizza timer", "pause_timer", {"name": "pizza"}),
    ("resume my timer", "resume_timer", {}),
    ("continue the 10 minute timer", "resume_timer", {"duration_s": "600"}),
    ("add 5 minutes to the pizza timer", "add_timer_time", {"name": "pizza", "change_s": "300"}),
    ("take 2 minutes off my timer", "remove_timer_time", {"change_s": "120"}),
    ("cancel all my timers", "cancel_timer", {"name": "all"}),
    ("check off milk from my shopping list", "remove_from_list", {"item": "milk", "list": "shopping"}),
    ("put apples in my list", "add_to_list", {"item": "apples", "list": "shopping"}),
    ("never mind", "stop", {}),
])
def test_issue_phrasings(parser, text, name, slots):
    scored = parser.parse_scored(text)
    assert scored.exact, (text, scored)
    assert (scored.intent.name, dict(scored.intent.slots)) == (name, slots)

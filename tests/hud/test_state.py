"""The HUD reducer: events in, state out, and exactly one update per visible change."""

import json

from glasses.events import Button, Camera, Error, Frame, Say, State, Transcript, Wake, to_json
from glasses.hud import HudState, HudTracker, HudUpdate
import numpy as np


def run(events, state=None):
    tracker = HudTracker(state)
    updates = [u for e in events for u in tracker.process(e)]
    return tracker.state, updates


def test_modes_follow_state_events():
    s, _ = run([State(0, "listening")])
    assert s.mode == "listening"
    s, _ = run([State(0, "listening"), State(5, "thinking"), State(9, "speaking"), State(20, "idle")])
    assert s.mode == "idle"


def test_camera_indicator_follows_camera_events_and_any_frame_turns_it_on():
    s, _ = run([Camera(0, True, "look")])
    assert s.camera_on
    s, _ = run([Camera(0, True, "look"), Camera(10, False)])
    assert not s.camera_on
    s, _ = run([Frame(5, np.zeros((2, 2, 3), np.uint8))])
    assert s.camera_on  # a frame means capturing, announced or not


def test_heard_partial_then_final_and_wake_clears_turn():
    s, _ = run([Transcript(0, "what's the", False)])
    assert (s.heard, s.heard_final) == ("what's the", False)
    s, _ = run([Transcript(0, "what's the", False), Transcript(5, " what's the weather ", True)])
    assert (s.heard, s.heard_final) == ("what's the weather", True)
    s, _ = run([Transcript(0, "hi", True), Say(5, "hello"), Error(6, "x", "boom"), Wake(9, "wakeword")])
    assert (s.heard, s.card, s.error) == ("", None, "")


def test_say_without_card_shows_what_was_said_and_card_wins_when_given():
    s, _ = run([Say(100, "It is sunny.")])
    assert s.card.kind == "text" and s.card.lines == ("It is sunny.",) and s.card_t_ms == 100
    s, _ = run([Say(100, "It is sunny.", card={"kind": "weather", "title": "Sunny", "lines": ["21 C"]})])
    assert (s.card.kind, s.card.title, s.card.lines) == ("weather", "Sunny", ("21 C",))


def test_sloppy_card_is_tolerated():
    s, _ = run([Say(0, "x", card={"kind": "product", "lines": "one line", "price": 2.5, "rating": 9,
                                  "ends_at_ms": "soon", "reviews": True})])
    c = s.card
    assert (c.title, c.lines, c.price, c.rating, c.ends_at_ms, c.reviews) == ("", ("one line",), "2.50", 5.0,
                                                                              None, None)


def test_timer_card_starts_a_timer_that_outlives_the_card():
    timer = {"kind": "timer", "title": "Tea", "lines": [], "ends_at_ms": 60_000}
    s, _ = run([Say(0, "Timer set", card=timer), Wake(1000, "wakeword"),
                Say(2000, "Sunny", card={"kind": "weather", "title": "Sunny"})])
    assert s.card.kind == "weather"
    assert [(t.title, t.ends_at_ms) for t in s.timers] == [("Tea", 60_000)]


def test_timers_replace_by_title_sort_by_end_and_clear():
    a = {"kind": "timer", "title": "Tea", "ends_at_ms": 90_000}
    b = {"kind": "timer", "title": "Pasta", "ends_at_ms": 50_000}
    a2 = {"kind": "timer", "title": "Tea", "ends_at_ms": 30_000}
    s, _ = run([Say(0, "", card=a), Say(1, "", card=b), Say(2, "", card=a2)])
    assert [(t.title, t.ends_at_ms) for t in s.timers] == [("Tea", 30_000), ("Pasta", 50_000)]
    cancelled, _ = run([Say(3, "Timer cancelled", card={"kind": "timer", "title": "Timers"})], s)
    assert cancelled.timers == ()
    # double press (stop) clears only timers that have rung
    stopped, _ = run([Button(40_000, "double_press")], s)
    assert [t.title for t in stopped.timers] == ["Pasta"]
    # a rung timer lingers 60 s, then goes
    later, _ = run([State(30_000 + 60_001, "idle")], s)
    assert [t.title for t in later.timers] == ["Pasta"]


def test_one_update_per_visible_change_only():
    events = [State(0, "idle"),            # no change from the initial state
              State(10, "listening"),      # change
              State(20, "listening"),      # same
              Transcript(30, "", False),   # empty partial: nothing
              Transcript(40, "hi", True),  # change
              Button(50, "press"),         # not visible
              Frame(60, np.zeros((1, 1, 3), np.uint8)),  # camera indicator on: change
              Frame(70, np.zeros((1, 1, 3), np.uint8))]  # same
    _, updates = run(events)
    assert [u.t_ms for u in updates] == [10, 40, 60]
    assert updates[-1] == HudUpdate(t_ms=60, mode="listening", camera=True, heard="hi")


def test_tracker_ignores_its_own_updates():
    tracker = HudTracker()
    assert list(tracker.process(HudUpdate(0, "speaking", True))) == []
    assert tracker.state == HudState()


def test_hud_update_in_json_stream():
    _, updates = run([State(0, "speaking"), Camera(1, True),
                      Say(2, "Tea", card={"kind": "timer", "title": "Tea", "lines": ["5 min"],
                                          "ends_at_ms": 300_002})])
    out = json.loads(json.dumps(to_json(updates[-1])))
    assert out == {"type": "hud", "t_ms": 2, "mode": "speaking", "camera": True, "heard": "",
                   "heard_final": True, "error": "",
                   "card": {"kind": "timer", "title": "Tea", "lines": ["5 min"], "ends_at_ms": 300_002},
                   "timers": [{"title": "Tea", "ends_at_ms": 300_002}]}
    first = to_json(updates[0])
    assert "card" not in first and first["type"] == "hud"


def test_reducer_is_pure():
    s0 = HudState()
    s1, changed = s0.apply(State(0, "thinking"))
    assert changed and s0.mode == "idle" and s1.mode == "thinking"


def test_timer_cards_as_the_timers_skill_sends_them():
    from glasses.events import Intent

    pasta = {"kind": "timer", "title": "Pasta timer", "lines": ["10:00 left"], "ends_at_ms": 600_000,
             "timer_id": "1", "ringing": False}
    tea = {"kind": "timer", "title": "Tea timer", "lines": ["3:00 left"], "ends_at_ms": 180_000,
           "timer_id": "2", "ringing": False}
    summary = {"kind": "timer", "title": "Timers", "lines": ["tea timer  2:00 left", "pasta timer  9:00 left"],
               "ends_at_ms": 180_000}
    s, _ = run([Say(0, "", card=pasta), Say(1, "", card=tea), Say(60_000, "", card=summary)])
    assert [(t.key, t.ends_at_ms) for t in s.timers] == [("2", 180_000), ("1", 600_000)]  # no "Timers" badge
    ringing, _ = run([Say(180_000, "Your tea timer is done.", card={**tea, "ringing": True})], s)
    assert len(ringing.timers) == 2
    stopped, _ = run([Intent(185_000, "stop")], ringing)
    assert [t.key for t in stopped.timers] == ["1"]
    cancelled, _ = run([Say(190_000, "Cancelled your pasta timer.", card={**pasta, "cancelled": True})], stopped)
    assert cancelled.timers == ()
    none, _ = run([Say(1, "You have no timers running.",
                       card={"kind": "timer", "title": "Timers", "lines": ["none"]})], s)
    assert none.timers == ()


def test_a_card_with_nothing_to_show_shows_what_was_said():
    s, _ = run([Say(0, "The camera is off.", card={"kind": "camera", "on": False})])
    assert (s.card.kind, s.card.lines) == ("camera", ("The camera is off.",))

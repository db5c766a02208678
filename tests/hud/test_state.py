"""The HUD reducer: events in, state out, and exactly one update per visible change."""

import json

from glasses.events import (
    Button, Camera, Error, Frame, Say, State, TimerChange, TimerPhase, Transcript, Wake, to_json,
)
from glasses.hud import HudState, HudTracker, HudUpdate
import numpy as np
from cardfix import typed_card


def run(events, state=None):
    tracker = HudTracker(state)
    updates = [u for e in events for u in tracker.process(e)]
    return tracker.state, updates


def test_modes_follow_state_events():
    s, _ = run([State(0, "listening")])
    assert s.mode == "listening"
    s, _ = run([State(0, "listening"), State(5, "thinking"), State(9, "speaking"), State(20, "idle")])
    assert s.mode == "idle"


def test_camera_indicator_follows_the_camera_never_the_frames():
    s, _ = run([Camera(0, True, "look")])
    assert s.camera_on
    s, _ = run([Camera(0, True, "look"), Camera(10, False)])
    assert not s.camera_on
    s, _ = run([Frame(5, np.zeros((2, 2, 3), np.uint8))])
    assert not s.camera_on  # a frame arriving is not the camera's state
    s, _ = run([Camera(0, True, "look"), Camera(10, False), Frame(20, np.zeros((2, 2, 3), np.uint8))])
    assert not s.camera_on  # frames after "camera off" (a session's, a late one) leave it off


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
    s, _ = run([Say(100, "It is sunny.", card=typed_card("weather", title="Sunny", lines=["21 C"]))])
    assert (s.card.kind, s.card.title, s.card.lines) == ("weather", "Sunny", ("21 C",))


def test_sloppy_card_is_tolerated():
    s, _ = run([Say(0, "x", card=typed_card("product", lines="one line", price=2.5, rating=9,
                                  ends_at_ms="soon", reviews=True, cancelled=None))])
    c = s.card
    assert (c.title, c.lines, c.price, c.rating, c.ends_at_ms, c.reviews) == ("", ("one line",), "2.50", 5.0,
                                                                              None, None)


def started(t_ms, key, title, ends):
    return TimerChange(t_ms, key, title, ends, TimerPhase.STARTED)


def test_a_started_timer_outlives_its_card_and_a_card_alone_starts_none():
    timer = typed_card("timer", title="Tea", lines=[], ends_at_ms=60_000)
    s, _ = run([Say(0, "Timer set", card=timer), started(0, "1", "Tea", 60_000), Wake(1000, "wakeword"),
                Say(2000, "Sunny", card=typed_card("weather", title="Sunny"))])
    assert s.card.kind == "weather"
    assert [(t.title, t.ends_at_ms) for t in s.timers] == [("Tea", 60_000)]
    alone, _ = run([Say(0, "Timers", card=typed_card("timer", title="Timers", ends_at_ms=60_000))])
    assert alone.timers == ()


def test_timers_replace_by_id_sort_by_end_and_go_when_cancelled_stopped_or_stale():
    s, _ = run([started(0, "1", "Tea", 90_000), started(1, "2", "Pasta", 50_000), started(2, "1", "Tea", 30_000)])
    assert [(t.title, t.ends_at_ms) for t in s.timers] == [("Tea", 30_000), ("Pasta", 50_000)]
    cancelled, _ = run([TimerChange(3, "2", "Pasta", 50_000, TimerPhase.CANCELLED)], s)
    assert [t.title for t in cancelled.timers] == ["Tea"]
    # "stop" or a double press: the timers skill announces each timer it silenced
    stopped, _ = run([Button(40_000, "double_press"), TimerChange(40_000, "1", "Tea", 30_000, TimerPhase.CANCELLED)], s)
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
              Camera(60, True, "look"),    # camera indicator on: change
              Frame(70, np.zeros((1, 1, 3), np.uint8))]  # not visible
    _, updates = run(events)
    assert [u.t_ms for u in updates] == [10, 40, 60]
    assert updates[-1] == HudUpdate(t_ms=60, mode="listening", camera=True, heard="hi")


def test_tracker_ignores_its_own_updates():
    tracker = HudTracker()
    assert list(tracker.process(HudUpdate(0, "speaking", True))) == []
    assert tracker.state == HudState()


def test_hud_update_in_json_stream():
    _, updates = run([State(0, "speaking"), Camera(1, True),
                      Say(2, "Tea", card=typed_card("timer", title="Tea", lines=["5 min"],
                                          ends_at_ms=300_002)), started(2, "1", "Tea", 300_002)])
    out = json.loads(json.dumps(to_json(updates[-1])))
    assert out == {"type": "hud", "t_ms": 2, "mode": "speaking", "camera": True, "heard": "",
                   "heard_final": True, "error": "", "badge": "",
                   "card": {"kind": "timer", "title": "Tea", "lines": ["5 min"], "ends_at_ms": 300_002},
                   "timers": [{"title": "Tea", "ends_at_ms": 300_002}]}
    first = to_json(updates[0])
    assert "card" not in first and first["type"] == "hud"


def test_reducer_is_pure():
    s0 = HudState()
    s1, changed = s0.apply(State(0, "thinking"))
    assert changed and s0.mode == "idle" and s1.mode == "thinking"


def test_a_turn_instruction_leaves_the_captions_card_but_an_answer_replaces_it():
    from glasses.captions.events import Caption
    from glasses.captions.cards import CaptionsCard
    from glasses.events import Wake
    from glasses.nav.guidance import NavUpdate

    card = CaptionsCard(title="Captions", lines=("The museum opens at ten.",))
    caption = Caption(1_000, "The museum opens at ten.", "en", "transcribe", 0, 900, card)
    turn = NavUpdate(1_500, 90.0, 40.0, 40.0, "In 40 metres, turn right onto Fabianinkatu", "Fabianinkatu",
                     300.0, "Kauppatori", False, "guiding")
    s, _ = run([caption, turn, Say(1_500, "In 40 metres, turn right onto Fabianinkatu.")])
    assert s.card.kind == "captions" and s.card.lines == ("The museum opens at ten.",)   # still captioning
    assert s.nav is not None                                                            # the band shows the turn
    s, _ = run([caption, Wake(2_000, "wakeword"), Say(2_100, "It's Tuesday the third of March.")])
    assert s.card.lines == ("It's Tuesday the third of March.",)                        # asked: the answer shows
    s, _ = run([caption, Wake(2_000, "wakeword"), Say(2_100, "It's Tuesday."),
                Caption(3_000, "Tickets cost twelve euros.", "en", "transcribe", 2_000, 2_900,
                        CaptionsCard(title="Captions", lines=("The museum opens at ten.", "Tickets cost twelve euros."))),
                Say(3_500, "Turn left onto Bulevardi.")])
    assert s.card.kind == "captions" and len(s.card.lines) == 2                        # and captions come back


def test_the_egress_badge_shows_while_a_request_is_in_flight_and_is_drawn():
    """An event with badge() (the ask skill's asking/egress/asked) sets and clears it; a wake and
    going idle clear it too; the layout draws it in the status bar."""
    from dataclasses import dataclass

    from glasses.hud.config import HudConfig
    from glasses.hud.layout import layout

    @dataclass(frozen=True)
    class Sending:
        t_ms: int
        host: str

        def badge(self) -> str:
            return self.host

    s, changed = HudState().apply(Sending(1, "192.168.1.20"))
    assert changed and s.badge == "192.168.1.20" and s.update(1).badge == "192.168.1.20"
    drawn = [op for op in layout(s, 1, HudConfig()) if getattr(op, "role", "") == "egress"]
    assert drawn and "192.168.1.20" in drawn[0].text
    assert s.apply(Sending(2, ""))[0].badge == ""
    assert s.apply(State(3, "idle"))[0].badge == "" and s.apply(State(3, "speaking"))[0].badge == "192.168.1.20"
    assert s.apply(Wake(4, "button"))[0].badge == ""

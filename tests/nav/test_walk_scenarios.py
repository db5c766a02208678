"""Scenario tests: sessions with a location.jsonl (walks synthesized along real routes of the
Helsinki extract, with GNSS-like noise and a compass heading) replayed through the whole
assistant. Spoken instructions must come before each turn, the HUD arrow must point the way,
a wrong turn must re-route, and the walk must arrive; a timer or a question on the way does
not end the navigation."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from glasses.config import Config
from glasses.replay import json_events, replay
from glasses.session import load_session
from navfix import DATA, walk_route, write_session, wrong_turn_walk

SPEED = 1.4


def run(root):
    """Replay through the assistant as ``glasses replay`` builds it, minus the ears (these
    sessions have typed commands and no audio; the CLI test below runs the full pipeline)."""
    import tempfile
    from pathlib import Path

    from glasses.runtime.build import build

    session = load_session(root)
    with tempfile.TemporaryDirectory() as tmp:
        built = build(Config(), origin=session.started_at, tz=session.tz, ears=False, replay=True,
                      session_root=Path(root), data_dir=Path(tmp))
        try:
            return list(json_events(replay(session, built.pipeline)))
        finally:
            built.close()


def says(events):
    return [(e["t_ms"], e["text"]) for e in events if e["type"] == "say"]


@pytest.fixture(scope="module")
def station_to_ekberg(helsinki):
    start = helsinki.find("Rautatientori")
    return helsinki.plan(start, helsinki.find("Cafe Ekberg", near=(start.lat, start.lon)))


def test_walk_to_a_cafe_with_a_timer_and_questions_on_the_way(tmp_path, station_to_ekberg):
    route = station_to_ekberg
    fixes = walk_route(route, start_ms=1000, seed=11)
    mid = fixes[len(fixes) // 2].t_ms
    root = write_session(tmp_path / "walk", texts=[
        (500, "navigate to cafe ekberg"),
        (mid, "set a timer for ten minutes"),
        (mid + 4000, "how far is it"),
        (mid + 8000, "what time is it"),
    ], fixes=fixes)
    events = run(root)
    spoken = says(events)
    intents = [e["name"] for e in events if e["type"] == "intent"]
    assert intents[:1] == ["navigate_to"] and "start_timer" in intents and "nav_distance" in intents
    assert any(t.startswith("Walking to Cafe Ekberg") for _, t in spoken)
    # every turn is announced before the walker reaches it
    after = 0
    for step in (s for s in route.steps if s.turn not in ("depart", "arrive")):  # in order
        reach_ms = 1000 + step.at_m / SPEED * 1000
        heard = [t_ms for t_ms, text in spoken if t_ms >= after and step.instruction.lower() in text.lower()]
        assert heard and heard[0] < reach_ms, (step.instruction, heard, reach_ms)
        after = heard[0] + 1
    far = next(text for t_ms, text in spoken if t_ms >= mid + 4000 and "to Cafe Ekberg" in text)
    metres = int(far.split()[0]) if far.split()[0].isdigit() else None
    left_m = route.distance_m - (mid + 4000 - 1000) / 1000 * SPEED
    assert metres is not None and abs(metres - left_m) < 60, (far, left_m)
    # the navigation survived the timer and the questions: it still arrives
    assert spoken[-1][1] == "You have arrived. " + _arrival(route)
    # the HUD showed the arrow along the way, pointing roughly where the wearer walks
    navs = [e["nav"] for e in events if e["type"] == "hud" and e.get("nav")]
    assert len(navs) > 20
    assert np.median([abs(n["arrow_deg"]) for n in navs]) <= 30
    shown = {n["instruction"] for n in navs}
    assert {s.instruction for s in route.steps if s.turn != "depart"} - {"Arrived"} <= shown
    last_hud = [e for e in events if e["type"] == "hud"][-1]
    assert "nav" not in last_hud  # the band is gone after arrival


def _arrival(route) -> str:
    side = route.steps[-1].instruction
    for s in ("left", "right"):
        if side.endswith(f"on the {s}"):
            return f"Cafe Ekberg is on the {s}."
    return "Cafe Ekberg is here."


def test_a_wrong_turn_is_rerouted_and_stop_ends_guidance(tmp_path, station_to_ekberg):
    route = station_to_ekberg
    turn = next(s for s in route.steps if s.turn in ("left", "right", "sharp left", "sharp right"))
    fixes = wrong_turn_walk(route, turn.at_m, straight_m=170, seed=4)
    end = fixes[-1].t_ms
    root = write_session(tmp_path / "wrong", texts=[(500, "walk me to cafe ekberg"), (end + 500, "stop navigation")],
                         fixes=fixes)
    events = run(root)
    spoken = says(events)
    reroutes = [t for t, text in spoken if text.startswith("Re-routing.")]
    assert reroutes  # walking on, away from each new route, re-routes again, never more often than 10 s
    assert all(b - a >= 10_000 for a, b in zip(reroutes, reroutes[1:]))
    went_off = next(e["t_ms"] for e in events if e["type"] == "nav" and e["off_route"])
    assert reroutes[0] - went_off >= 9000
    assert spoken[-1][1] == "Navigation stopped."
    huds = [e for e in events if e["type"] == "hud"]
    assert any(e.get("nav") and e["nav"]["off_route"] for e in huds)
    assert "nav" not in huds[-1]


def test_next_meeting_when_to_leave_and_the_briefing(tmp_path, helsinki):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from glasses.skills.spoken import clock
    from glasses.nav.places import Place

    here = helsinki.find("Rautatientori")
    from glasses.events import Location

    fixes = [Location(t, here.lat, here.lon, 5.0, 180.0) for t in range(200, 20_000, 1000)]
    root = write_session(tmp_path / "meeting", texts=[
        (1000, "when do I need to leave"), (6000, "how far is my next meeting"),
        (11000, "take me to my next meeting")], fixes=fixes, calendar=DATA / "meeting.ics",
        started_at="2026-03-02T09:00:00+02:00")
    events = run(root)
    spoken = [t for _, t in says(events)]
    route = helsinki.plan(Place("p", here.lat, here.lon, "point"), helsinki.find("Cafe Ekberg"))
    start = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    leave = (start - timedelta(seconds=route.duration_s) - timedelta(minutes=5)).replace(second=0)
    leave_line = next(t for t in spoken if t.startswith("Leave by"))
    assert f"Leave by {clock(leave)}" in leave_line and "Design review starts at ten" in leave_line
    # the first wake of the day gave the briefing, with when to leave for the first meeting
    briefing = next(t for t in spoken if t.startswith("Good morning"))
    assert f"For Design review: leave by {clock(leave)}" in briefing
    assert any(t.startswith("Design review is at Cafe Ekberg") for t in spoken)
    assert any(t.startswith("Design review. Walking to Cafe Ekberg") for t in spoken)


def test_replay_command_prints_nav_events(tmp_path, station_to_ekberg, glasses_cli):
    fixes = walk_route(station_to_ekberg, start_ms=1000, seed=2)[:60]
    # typed commands only: the lighter recognizer keeps the whole-pipeline build short
    root = write_session(tmp_path / "cli", texts=[(500, "navigate to cafe ekberg")], fixes=fixes,
                         config={"stt": {"engine": "pocketsphinx"}})
    r = glasses_cli("replay", str(root), "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    navs = [row for row in rows if row["type"] == "nav"]
    assert len(navs) == 60 and {"arrow_deg", "to_turn_m", "instruction", "street", "remaining_m"} <= set(navs[0])
    assert navs[-1]["remaining_m"] < navs[0]["remaining_m"] - 50


def test_spoken_request_through_the_full_pipeline(make_session, helsinki):
    """Speech (espeak-ng) -> wake by button -> recognizer -> the nav intent -> a route from the fix.
    (About 10 s: it builds the whole listening pipeline, as glasses replay does.)"""
    from glasses.events import Location
    from glasses.location.jsonl import write_locations

    root = make_session({
        "started_at": "2026-03-02T09:00:00+02:00", "timezone": "Europe/Helsinki", "noise_dbfs": -55,
        "lines": [{"at": 1.0, "button": "press"}, {"after": 0.4, "say": "walk me to the station", "speed": 140}],
    }, "spoken_nav")
    here = helsinki.find("Kauppatori")
    write_locations(root / "location.jsonl", [Location(t, here.lat, here.lon, 5.0, 270.0) for t in (200, 600)])
    session = load_session(root)
    from glasses.runtime.build import replay_pipeline

    with replay_pipeline(session, Config()) as pipeline:
        events = list(json_events(replay(session, pipeline)))
    intents = [e for e in events if e["type"] == "intent"]
    assert intents and intents[0]["name"] == "navigate_to" and intents[0]["slots"] == {"destination": "the station"}
    assert any(t.startswith("Walking to Helsinki station") for _, t in says(events))

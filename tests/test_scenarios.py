"""Scenario tests: whole sessions (spoken with espeak-ng) replayed through the whole
assistant; the JSON event stream must match the scenario's expected events.

Each tests/scenarios/*.yaml reads like the conversation it tests (glasses.scriptgen format,
plus ``expected`` rows, ``strict`` event types that must have no extras, and ``assets``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from glasses.runtime.build import replay_pipeline
from glasses.config import Config, with_overrides
from glasses.day.config import DEMO_DIR, DEMO_FORECAST
from glasses.expect import compare
from glasses.replay import json_events, replay
from glasses.session import load_session

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def run(session_dir: Path) -> list[dict]:
    session = load_session(session_dir)
    config = with_overrides(Config(), session.config_overrides, "session") if session.config_overrides else Config()
    with replay_pipeline(session, config) as pipeline:
        return list(json_events(replay(session, pipeline)))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path, make_session):
    script = yaml.safe_load(path.read_text())
    root = make_session(script, path.stem)
    assets = script.get("assets") or {}
    if assets.get("calendar"):
        shutil.copy(DEMO_DIR / "demo.ics", root / "calendar.ics")
    if assets.get("forecast"):
        (root / "weather").mkdir()
        shutil.copy(DEMO_FORECAST, root / "weather" / "forecast.json")
    events = run(root)
    problems = compare(events, script["expected"], strict=tuple(script.get("strict", ())))
    stream = "\n".join(str(e) for e in events if e["type"] not in ("state", "hud"))
    assert not problems, "\n".join(problems) + "\n--- stream:\n" + stream


def test_demo_session_meets_its_expectations_and_is_deterministic(glasses_cli):
    demo = Path(__file__).resolve().parents[1] / "glasses" / "data" / "demo"
    first, second = run(demo), run(demo)
    assert first == second
    assert compare(first, load_session(demo).expected) == []
    result = glasses_cli("demo")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("heard: what time is it" in line.lower() for line in lines)
    assert any("said:  Oat drink by Northfield" in line for line in lines)
    assert lines[-1].startswith("demo: ") and "0 errors" in lines[-1]


def test_replay_json_and_speak_to(tmp_path, make_session, glasses_cli):
    import numpy as np

    from glasses.audio import read_wav

    root = make_session({"started_at": "2026-03-03T10:00:00+00:00", "noise_dbfs": -60,
                         "config": {"day": {"briefing_on_first_wake": False}},
                         "lines": [{"at": 1.0, "text": "what time is it"}, {"at": 6.0, "text": "help"}]})
    out = tmp_path / "said.wav"
    result = glasses_cli("replay", str(root), "--json", "--speak-to", str(out))
    assert result.returncode == 0, result.stderr
    import json
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert all("type" in r and isinstance(r["t_ms"], int) for r in rows)
    says = [r for r in rows if r["type"] == "say"]
    assert [s["t_ms"] for s in says] == [1000, 6000]
    assert {"wake", "transcript", "intent", "say", "state", "hud"} <= {r["type"] for r in rows}
    audio = read_wav(out).astype(np.float64)

    def loud(start_ms, end_ms):
        seg = audio[start_ms * 16:end_ms * 16]
        return np.sqrt(np.mean(seg ** 2)) if len(seg) else 0.0

    first_len = says[0]["duration_ms"]
    assert loud(0, 950) == 0                       # nothing said before the first answer
    assert loud(1000, 1000 + first_len) > 500        # the answer is where the session says
    assert loud(1000 + first_len + 100, 5950) == 0   # silence between answers
    assert loud(6000, 6000 + says[1]["duration_ms"]) > 500

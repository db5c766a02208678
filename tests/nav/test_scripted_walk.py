"""make-session scripts place GPS fixes (issue 20, item 6): a fix, or a walk to a place at a
speed, written to location.jsonl and replayed through navigation."""

from __future__ import annotations

import json

import yaml

from glasses.session import load_session

SCRIPT = {
    "started_at": "2026-03-03T09:00:00+02:00", "timezone": "Europe/Helsinki", "tail_s": 2,
    "lines": [
        {"at": 0.5, "fix": "Rautatientori"},
        {"at": 1.0, "text": "navigate to Kauppatori"},
        {"at": 4.0, "walk": "Kauppatori", "speed_kmh": 12, "every": 1},
        {"after": 1.0, "text": "where am I"},
    ],
}


def test_a_scripted_walk_writes_fixes_along_the_route_and_navigation_follows_it(make_session, glasses_cli):
    root = make_session(SCRIPT)
    session = load_session(root)
    fixes = session.locations
    assert len(fixes) > 60 and fixes[0].t_ms == 500 and fixes[1].t_ms == 4000
    steps = [b.t_ms - a.t_ms for a, b in zip(fixes[1:-1], fixes[2:-1])]
    assert set(steps) == {1000}
    assert all(f.heading_deg is not None for f in fixes[1:])
    where_am_i = next(e for e in session.events if e.get("text") == "where am I")
    assert where_am_i["t_ms"] == fixes[-1].t_ms + 1000   # "after" counts from the arrival
    result = glasses_cli("replay", str(root), "--json")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    said = [e["text"] for e in events if e["type"] == "say"]
    assert said[0].startswith("Walking to Kauppatori:")
    assert any(s.startswith("You have arrived. Kauppatori") for s in said), said
    assert any(e["type"] == "nav" for e in events)
    assert said[-1].startswith("You're ") and "Kauppatori" in said[-1]


def test_bad_walks_are_one_line_naming_the_line(tmp_path, glasses_cli):
    for line, needle in (({"at": 1, "walk": "Kauppatori"}, "line 1: a walk needs from:"),
                         ({"at": 1, "walk": "Nowhere Zebra Plaza", "from": "Rautatientori"}, "line 1: walk: "),
                         ({"at": 1, "fix": "91.5,24.9"}, "line 1: '91.5,24.9' is not a latitude,longitude")):
        script = tmp_path / "s.yaml"
        script.write_text(yaml.safe_dump({"started_at": "2026-03-03T09:00:00+02:00", "lines": [line]}))
        result = glasses_cli("make-session", str(script), str(tmp_path / "out"))
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr

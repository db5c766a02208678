"""The emulator's --gps: a walker that follows the planned route until arrival, and GPX playback."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from glasses.errors import GlassesError
from glasses.events import Location, Say, TextInput
from glasses.location.emulated import GpxPlayback, emulated_location


def test_walk_follows_the_planned_route_to_arrival(helsinki):
    from glasses.config import Config
    from glasses.nav.skill import NavSkill
    from glasses.runtime.build import build_text_assistant

    nav = NavSkill(Config().nav, lambda: helsinki)
    a = build_text_assistant(Config(), origin=datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("UTC")), skills=[nav])
    walker = emulated_location("walk@Kauppatori", a.p.router.skills, speed_kmh=18.0)
    start = helsinki.find("Kauppatori")
    first = walker.poll(0)
    assert [(f.lat, f.lon) for f in first] == [(start.lat, start.lon)] and walker.poll(500) == []
    for fix in first:
        a.process(fix)
    said = [e.text for e in a.process(TextInput(600, "navigate to cafe ekberg")) if isinstance(e, Say)]
    assert said[0].startswith("Walking to Cafe Ekberg")
    heard = []
    for t in range(1000, 400_000, 100):
        for fix in walker.poll(t):
            assert fix.t_ms == t and fix.heading_deg is not None
            heard += [e.text for e in a.process(fix) if isinstance(e, Say)]
        if heard and heard[-1].startswith("You have arrived"):
            break
    assert heard[-1].startswith("You have arrived") and nav.trip is None


def test_gpx_playback_and_bad_arguments(helsinki):
    fixes = [Location(0, 60.17, 24.94, 5.0, None), Location(5000, 60.171, 24.941, 5.0, None)]
    gpx = GpxPlayback(fixes)
    assert [f.t_ms for f in gpx.poll(100)] == [100] and gpx.poll(4000) == []
    assert [f.lat for f in gpx.poll(5200)] == [60.171]
    assert emulated_location(None, []) is None
    with pytest.raises(GlassesError, match="expected a .gpx file"):
        emulated_location("somewhere", [])

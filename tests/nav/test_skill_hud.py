"""The navigation skill through the assistant (text in, replies and events out), its intents,
and the HUD band it drives."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from glasses.app import build_parser, build_router
from glasses.assistant import Assistant, Parts
from glasses.config import Config
from glasses.devices.speaker import RecordingSpeaker
from glasses.events import Location, Say, TextInput
from glasses.nav.guidance import NavUpdate
from glasses.nav.skill import NavSkill
from glasses.tts import SilentVoice
from glasses.wake import NoWakeWord

TZ = ZoneInfo("Europe/Helsinki")


class _Calendar:
    def __init__(self, events):
        self.events = events

    def __call__(self, start, end):
        return [e for e in self.events if e.start < end and e.end > start]


@pytest.fixture
def assistant(helsinki):
    from glasses.app import Features, NullRecognizer, _NoVad

    skill = NavSkill(Config().nav, lambda: helsinki)
    router = build_router(Features(skills=[skill]))
    a = Assistant(Parts(wake=NoWakeWord(), vad=_NoVad(), transcriber=NullRecognizer(), parser=build_parser(),
                        router=router, voice=SilentVoice(), speaker=RecordingSpeaker(),
                        origin=datetime(2026, 3, 2, 9, tzinfo=TZ)))
    a.skill = skill
    return a


def said(events) -> list[str]:
    return [e.text for e in events if isinstance(e, Say)]


@pytest.mark.parametrize("text,intent", [
    ("navigate to Kauppatori", "navigate_to"), ("walk me to the station", "navigate_to"),
    ("take me to my next meeting", "navigate_meeting"), ("take me home", "navigate_to"),
    ("how far is it", "nav_distance"), ("when do I need to leave", "when_to_leave"),
    ("where am I", "where_am_i"), ("stop navigation", "stop_navigation"),
    ("how far is my next meeting", "meeting_distance"), ("where does the map come from", "map_credits"),
])
def test_phrasings(text, intent):
    parsed = build_parser().parse(text)
    assert parsed is not None and parsed.name == intent
    if text == "take me home":
        assert parsed.slots == {"destination": "home"}


def test_asked_before_a_fix_routes_when_the_fix_comes(assistant, helsinki):
    first = said(assistant.process(TextInput(0, "walk me to the station")))
    assert first == ["I'll guide you to Helsinki station as soon as I have a GPS fix."]
    ekberg = helsinki.find("Cafe Ekberg")
    out = assistant.process(Location(1000, ekberg.lat, ekberg.lon, 5.0, 0.0))
    assert said(out)[0].startswith("Walking to ") and assistant.skill.trip is not None
    assert assistant.skill.trip.dest.kind == "station"
    assert any(isinstance(e, NavUpdate) and e.state == "guiding" for e in out)


def test_map_credits_card(assistant):
    (say,) = [e for e in assistant.process(TextInput(0, "map credits")) if isinstance(e, Say)]
    assert "OpenStreetMap contributors" in say.text and say.card["title"] == "About the map"
    assert "(c) OpenStreetMap contributors" in say.card["lines"]


def test_where_am_i_and_plain_errors(assistant, helsinki):
    assert said(assistant.process(TextInput(0, "where am i"))) == ["I don't know where you are yet: there is no GPS fix."]
    ekberg = helsinki.find("Cafe Ekberg")
    assistant.process(Location(1000, ekberg.lat, ekberg.lon, 5.0, None))
    where = said(assistant.process(TextInput(2000, "where am i")))[0]
    assert where.startswith("You're on ") and "Cafe Ekberg" in where
    assert said(assistant.process(TextInput(3000, "navigate to zzyzx qwerty"))) == [
        "Sorry, I can't find zzyzx qwerty on the map."]
    assert said(assistant.process(TextInput(4000, "how far is it")))[0].startswith("You're not navigating")
    assert said(assistant.process(TextInput(5000, "stop navigation"))) == ["You're not navigating anywhere."]
    assistant.process(Location(6000, 60.30, 24.90, 5.0, None))         # walked off the map
    reply = said(assistant.process(TextInput(7000, "navigate to kauppatori")))[0]
    assert reply.startswith("Sorry, ") and "off the map" in reply


def test_stop_and_other_requests_during_navigation(assistant, helsinki):
    start = helsinki.find("Rautatientori")
    assistant.process(Location(0, start.lat, start.lon, 5.0, 180.0))
    assert said(assistant.process(TextInput(1000, "navigate to cafe ekberg")))[0].startswith("Walking to Cafe Ekberg")
    assistant.process(TextInput(2000, "what time is it"))
    assistant.process(TextInput(3000, "stop"))                 # the plain stop silences, it does not end the walk
    assert assistant.skill.trip is not None
    out = assistant.process(TextInput(4000, "stop navigation"))
    assert said(out) == ["Navigation stopped."] and assistant.skill.trip is None
    assert any(isinstance(e, NavUpdate) and e.state == "stopped" for e in out)
    after = assistant.process(Location(5000, start.lat, start.lon, 5.0, 180.0))
    assert not any(isinstance(e, NavUpdate) for e in after) and not said(after)


def test_take_me_home_with_no_home_saved_says_how_to_save_it(assistant):
    text = " ".join(said(assistant.process(TextInput(0, "take me home"))))
    assert text == ("I don't know where home is: it isn't saved. Add home to config.yaml under nav, places, "
                    "as a place on the map or a latitude and longitude.")
    assert assistant.skill.trip is None and assistant.skill.pending is None


def test_when_to_leave_without_a_fix_uses_home(helsinki):
    from datetime import timedelta

    from glasses.day.calendar import CalendarEvent
    from glasses.nav.maps import NavMap
    from glasses.skills.base import Context

    now = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    ev = CalendarEvent("Design review", now + timedelta(hours=1), now + timedelta(hours=2), location="Kauppatori")
    bare = CalendarEvent("Call", now + timedelta(minutes=30), now + timedelta(minutes=45))
    navmap = NavMap(helsinki.graph, {"home": "Cafe Ekberg"})
    skill = NavSkill(Config().nav, lambda: navmap, _Calendar([ev]))
    from glasses.events import Intent

    reply = skill.handle(Intent(0, "when_to_leave"), Context(now, 0)).text
    assert reply.startswith("Leave by ") and "Design review starts at ten" in reply
    skill2 = NavSkill(Config().nav, lambda: navmap, _Calendar([bare, ev]))
    assert "has no location" in skill2.handle(Intent(0, "when_to_leave"), Context(now, 0)).text
    late = skill.handle(Intent(0, "when_to_leave"), Context(now + timedelta(minutes=55), 0)).text
    assert late.startswith("Leave now") and "late" in late
    none = NavSkill(Config().nav, lambda: navmap, _Calendar([]))
    assert none.handle(Intent(0, "navigate_meeting"), Context(now, 0)).text == "You have no meetings coming up."


def test_hud_band_arrow_points_where_to_walk():
    from glasses.hud.layout import layout
    from glasses.hud.config import HudConfig
    from glasses.hud.nav import Arrow
    from glasses.hud.render import render
    from glasses.hud.state import HudState, HudTracker

    tracker = HudTracker()
    upd = NavUpdate(1000, 90.0, 180.0, 42.0, "Turn left onto Mannerheimintie", "Mannerheimintie", 800.0, "Cafe Ekberg")
    (hud,) = tracker.process(upd)
    assert hud.nav["arrow_deg"] == 90 and hud.nav["distance"] == "40 m"
    # GPS jitter of a few degrees and metres does not redraw the display
    assert tracker.process(NavUpdate(2000, 92.0, 181.0, 41.0, upd.instruction, upd.street, 799.0, "Cafe Ekberg")) == ()
    state = tracker.state
    ops = layout(state, 1000, HudConfig())
    arrow = next(op for op in ops if isinstance(op, Arrow))
    texts = {getattr(op, "role", ""): getattr(op, "text", "") for op in ops}
    assert texts["nav_distance"] == "40 m" and "Mannerheimintie" in texts["nav_instruction"]
    assert "OpenStreetMap" in texts["credit"]
    img = render(state, 1000)
    green = np.argwhere((img[:, :, 1] > 180) & (img[:, :, 0] < 140) & (img[:, :, 2] < 140))
    assert len(green) > 50
    # pointing right (90 degrees): the arrow's tip, its green pixel farthest from the centre, is to the right
    far = green[np.argmax(np.hypot(green[:, 0] - arrow.cy, green[:, 1] - arrow.cx))]
    assert far[1] - arrow.cx > 0.7 * arrow.r and abs(far[0] - arrow.cy) < 0.2 * arrow.r
    (cleared,) = tracker.process(NavUpdate(3000, None, 0.0, 0.0, "", "", 0.0, "Cafe Ekberg", False, "stopped"))
    assert cleared.nav is None and HudState().nav is None


def test_a_failing_location_skill_does_not_end_the_loop(assistant, monkeypatch):
    def broken(fix, ctx):
        raise RuntimeError("compass on fire")

    monkeypatch.setattr(assistant.skill, "locate", broken)
    out = assistant.process(Location(0, 60.17, 24.94, 5.0, None))
    assert [e.code for e in out if hasattr(e, "code")] == ["skill_failed"]
    assert said(assistant.process(TextInput(1000, "what time is it")))


def test_a_meeting_at_home_with_no_home_saved_is_said_not_guessed(helsinki):
    from datetime import timedelta

    from glasses.day.calendar import CalendarEvent
    from glasses.events import Intent
    from glasses.skills.base import Context

    now = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    ev = CalendarEvent("Plumber", now + timedelta(hours=1), now + timedelta(hours=2), location="Home")
    skill = NavSkill(Config().nav, lambda: helsinki, _Calendar([ev]))
    text = skill.handle(Intent(0, "navigate_meeting"), Context(now, 0)).text
    assert text.startswith("Plumber is at Home. I don't know where home is: it isn't saved.")
    skill.locate(Location(0, 60.1676, 24.9526, 5.0, None), Context(now, 0))
    assert skill.leave_note(now) == ""     # the morning briefing skips it instead of failing

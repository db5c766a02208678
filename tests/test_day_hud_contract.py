"""The day -> HUD timer contract: the real DaySkill (real SQLite store) answers through the
assistant, and the HUD reduces what comes out. Countdowns are on the session clock and tick
down, two timers show together, and a cancelled or stopped timer leaves the HUD."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import re

import pytest

from glasses.runtime.build import build_text_assistant
from glasses.runtime.pipeline import Pipeline
from glasses.config import Config
from glasses.day.config import DayConfig
from glasses.day.skill import DaySkill
from glasses.day.store import DayStore
from glasses.events import AudioChunk, Say, TextInput, TimerChange
from glasses.hud import HudConfig, HudTracker
from glasses.hud.layout import format_remaining, layout

TZ = ZoneInfo("Europe/London")
ORIGIN = datetime(2026, 3, 3, 12, 0, tzinfo=TZ)
SILENCE = b"\0\0" * 640  # 40 ms


@pytest.fixture
def pipeline(tmp_path):
    config = DayConfig(data_dir=tmp_path / "day", calendars=(), briefing_on_first_wake=False, alarm_repeat_s=5.0)
    day = DaySkill(config, tz=TZ, store=DayStore(config.db_path))
    hud = HudTracker()
    assistant = build_text_assistant(Config(), origin=ORIGIN, skills=[day])
    yield Pipeline(assistant, [hud]), hud
    day.close()


def badges(hud: HudTracker, t_ms: int) -> list[str]:
    return [op.text for op in layout(hud.state, t_ms, HudConfig()) if op.role == "timer"]


def test_timers_count_down_show_together_and_leave_when_cancelled_or_stopped(pipeline):
    p, hud = pipeline
    out = p.process(TextInput(1_000, "set a timer for thirty seconds"))
    out += p.process(TextInput(2_000, "set a ten minute pasta timer"))
    changes = [e for e in out if isinstance(e, TimerChange)]
    assert [(c.ends_at_ms, c.phase) for c in changes] == [(31_000, "started"), (602_000, "started")]
    assert [(t.title, t.ends_at_ms) for t in hud.state.timers] == [
        ("Thirty second timer", 31_000), ("Pasta timer", 602_000)]
    assert badges(hud, 2_000)[0] == "Thirty second timer 0:29"
    assert badges(hud, 21_000)[0] == "Thirty second timer 0:10"  # ticks down on the session clock

    rung = p.process(AudioChunk(31_000, SILENCE))
    assert [c.phase for c in rung if isinstance(c, TimerChange)] == ["ringing"]
    p.process(TextInput(40_500, "stop"))
    assert [t.title for t in hud.state.timers] == ["Pasta timer"]  # the stopped timer left the HUD
    for t in range(41_000, 50_000, 1_000):  # and stays gone
        p.process(AudioChunk(t, SILENCE))
    assert [t.title for t in hud.state.timers] == ["Pasta timer"]

    out = p.process(TextInput(60_000, "cancel the pasta timer"))
    assert [c.phase for c in out if isinstance(c, TimerChange)] == ["cancelled"]
    assert hud.state.timers == ()
    assert badges(hud, 60_000) == []


def test_a_paused_timer_stops_counting_on_the_hud_and_resumes_with_its_new_end(pipeline):
    p, hud = pipeline
    p.process(TextInput(0, "set a ten minute pasta timer"))
    assert [(t.title, t.ends_at_ms) for t in hud.state.timers] == [("Pasta timer", 600_000)]
    out = p.process(TextInput(60_000, "pause the pasta timer"))
    assert [c.phase for c in out if isinstance(c, TimerChange)] == ["paused"]
    assert hud.state.timers == ()  # no countdown runs while it is paused
    out = p.process(TextInput(120_000, "resume the pasta timer"))
    assert [(c.phase, c.ends_at_ms) for c in out if isinstance(c, TimerChange)] == [("updated", 660_000)]
    assert [(t.title, t.ends_at_ms) for t in hud.state.timers] == [("Pasta timer", 660_000)]


def card_texts(hud: HudTracker, t_ms: int) -> tuple[list[str], list[str]]:
    """(the card's big countdown, the card's body lines) as drawn at ``t_ms``."""
    ops = layout(hud.state, t_ms, HudConfig())
    return [op.text for op in ops if op.role == "countdown"], [op.text for op in ops if op.role == "body"]


def test_the_timer_card_text_and_its_countdown_agree_while_it_ticks(pipeline):
    p, hud = pipeline
    p.process(TextInput(0, "set a two minute timer"))
    for t_ms in (0, 4_000, 61_500):   # the answer is read a few seconds after it was made
        big, body = card_texts(hud, t_ms)
        left = format_remaining(120_000 - t_ms)
        assert big == [left]
        stale = [line for line in body if re.search(r"\d+:\d\d", line) and left not in line]
        assert stale == [], f"at {t_ms} ms the card says {body} under {big}"
    p.process(TextInput(10_000, "how long is left on my timer"))
    big, body = card_texts(hud, 14_000)
    assert big == ["1:46"]
    assert all("1:46" in line for line in body if re.search(r"\d+:\d\d", line))


def test_the_card_lists_the_timers_the_answer_counts(pipeline):
    p, hud = pipeline
    p.process(TextInput(0, "set a ten minute pasta timer"))
    out = p.process(TextInput(5_000, "set a five minute tea timer"))
    said = " ".join(e.text for e in out if isinstance(e, Say))
    assert "two timers running" in said
    big, body = card_texts(hud, 6_000)
    assert big == ["4:59"]                      # the new timer's countdown
    assert any("Pasta timer" in line and "9:54" in line for line in body), body
    assert any("Tea timer" in line and "4:59" in line for line in body), body
    out = p.process(TextInput(7_000, "how much time is left on my timers"))
    assert "left on your tea timer" in " ".join(e.text for e in out if isinstance(e, Say))
    big, body = card_texts(hud, 9_000)
    assert any("Pasta timer" in line and "9:51" in line for line in body), body
    assert any("Tea timer" in line and "4:56" in line for line in body), body

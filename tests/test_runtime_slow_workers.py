"""Nothing blocks the voice: while a frame is read (OCR 0.35-0.6 s) or a forecast is fetched
(up to 3 s) on a worker, the button, the wake word and "stop" still barge in on the very event
(chunk) they arrive with. The slow parts are gated: they block until the test lets them go, so
a loop that waited on them would answer instead of stopping (or hang)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import datetime, timezone

import numpy as np
import pytest

from glasses.runtime.build import build_text_assistant
from glasses.config import Config
from glasses.day.config import DEMO_FORECAST, DayConfig
from glasses.fetch import FileFetcher
from glasses.day.skill import DaySkill
from glasses.day.store import DayStore
from glasses.events import AssistantState, AudioChunk, Button, Camera, Frame, Intent, Say, State, TextInput, Wake
from glasses.assistant.workers import ThreadWorkers
from glasses.skills.base import Reply

ORIGIN = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)   # the demo forecast's day
SILENCE = b"\0\0" * 640
LOUD = b"\0\x10" * 640
FRAME = np.zeros((48, 64, 3), dtype=np.uint8)


class Gate:
    def __init__(self) -> None:
        self.entered, self.release, self.returned = threading.Event(), threading.Event(), False

    def block(self) -> None:
        self.entered.set()
        self.release.wait(10)
        self.returned = True


class SlowReader:
    """A look skill whose OCR blocks until released (the engine's cost, gated)."""

    intents = ("read_text",)

    def __init__(self) -> None:
        self.gate = Gate()

    def needs_camera(self, intent) -> bool:
        return True

    def see(self, bgr):
        self.gate.block()
        return "EXIT"

    def answer(self, intent, sighting, frames_seen, ctx):
        return Reply(f"It says {sighting}." if sighting else "I can't read anything.")

    def handle(self, intent, ctx):
        return Reply("unused")


class GatedFetcher:
    """The network, slow: a fetch blocks until released, then answers from the demo forecast."""

    def __init__(self) -> None:
        self.gate, self.inner = Gate(), FileFetcher({"/v1/forecast": DEMO_FORECAST})

    def get(self, url, timeout_s):
        self.gate.block()
        return self.inner.get(url, timeout_s)


class WakeOnLoud:
    """Stands in for the wake-word model: fires on a loud chunk (detection is tested elsewhere)."""

    def feed(self, samples):
        return 0.9 if np.abs(samples).max() > 1000 else None


def assistant_with(skill, workers):
    assistant = build_text_assistant(Config(), origin=ORIGIN, skills=[skill])
    assistant.p = replace(assistant.p, workers=workers, wake=WakeOnLoud())
    return assistant


@pytest.fixture
def looking():
    """An assistant looking, its OCR blocked on the first frame (released at the end)."""
    workers, reader = ThreadWorkers(1), SlowReader()
    assistant = assistant_with(reader, workers)
    try:
        assert Camera(0, True, "look") in assistant.process(TextInput(0, "read this sign"))
        assistant.process(Frame(40, FRAME))
        assert reader.gate.entered.wait(5) and assistant.mode is AssistantState.LOOKING
        yield assistant, reader
    finally:
        reader.gate.release.set()
        workers.close()


def test_button_stops_a_look_while_ocr_runs(looking):
    assistant, reader = looking
    out = assistant.process(Button(80, "double_press"))
    assert not reader.gate.returned                       # OCR still running
    assert Camera(80, False, "look") in out and State(80, AssistantState.IDLE) in out
    reader.gate.release.set()
    late = assistant.process(AudioChunk(120, SILENCE)) + assistant.finish(200)
    assert not [e for e in late if isinstance(e, Say)]   # the abandoned reading is not spoken


def test_wake_word_barges_in_on_the_chunk_it_is_heard_while_ocr_runs(looking):
    assistant, reader = looking
    assert not [e for e in assistant.process(AudioChunk(80, SILENCE)) if isinstance(e, Wake)]
    out = assistant.process(AudioChunk(120, LOUD))
    assert not reader.gate.returned
    assert Camera(120, False, "look") in out
    assert [e.source for e in out if isinstance(e, Wake)] == ["wakeword"]
    assert assistant.mode is AssistantState.LISTENING


def test_a_finished_reading_lands_as_an_answer(looking):
    assistant, reader = looking
    reader.gate.release.set()
    out = []
    for t in range(80, 1440, 40):  # paced like a microphone (the look times out at 1500)
        time.sleep(0.04)
        out += assistant.process(AudioChunk(t, SILENCE))
        if any(isinstance(e, Say) for e in out):
            break
    assert [e.text for e in out if isinstance(e, Say)] == ["It says EXIT."]


def weather_assistant(tmp_path, workers):
    fetcher = GatedFetcher()
    config = DayConfig(home_name="London", home_lat=51.5, home_lon=-0.12, data_dir=tmp_path)
    skill = DaySkill(config, tz=timezone.utc, store=DayStore(config.db_path), fetcher=fetcher)
    return assistant_with(skill, workers), fetcher, skill


@pytest.mark.parametrize("asked, intent", [("will it rain today", "will_it_rain"), ("good morning", "briefing")])
def test_stop_barges_in_while_the_forecast_is_fetched(tmp_path, asked, intent):
    workers = ThreadWorkers(1)
    assistant, fetcher, skill = weather_assistant(tmp_path, workers)
    try:
        out = assistant.process(TextInput(0, asked))
        assert [e.name for e in out if isinstance(e, Intent)] == [intent]
        assert fetcher.gate.entered.wait(5) and assistant.mode is AssistantState.THINKING
        assert not [e for e in out if isinstance(e, Say)]
        out = assistant.process(TextInput(40, "stop"))
        assert not fetcher.gate.returned
        assert [e.name for e in out if isinstance(e, Intent)] == ["stop"]
        assert assistant.mode is AssistantState.IDLE
        fetcher.gate.release.set()
        late = assistant.finish(200)
        assert not [e for e in late if isinstance(e, Say)]
    finally:
        fetcher.gate.release.set()
        workers.close()
        skill.close()


def test_the_fetched_forecast_is_the_answer(tmp_path):
    workers = ThreadWorkers(1)
    assistant, fetcher, skill = weather_assistant(tmp_path, workers)
    try:
        assistant.process(TextInput(0, "will it rain today"))
        fetcher.gate.release.set()
        out = assistant.finish(200)
        says = [e.text for e in out if isinstance(e, Say)]
        assert len(says) == 1 and "London" in says[0]
    finally:
        workers.close()
        skill.close()

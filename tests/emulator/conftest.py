"""Emulator test fixtures: an isolated home, and the real assistant wired as the emulator does."""

from __future__ import annotations

import queue
from dataclasses import replace
import threading
import time

import pytest

from glasses.config import Config
from glasses.devices.speaker import RecordingSpeaker
from glasses.emulator.assistant_loop import AssistantLoop
from glasses.emulator.board import Board
from glasses.emulator.recorder import RecordSwitch, default_folders
from glasses.runtime.build import LiveRuntime


@pytest.fixture(autouse=True)
def emulator_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("emulator-home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return home


class Collector:
    """A pipeline observer that keeps every event (inputs and outputs)."""

    def __init__(self) -> None:
        self.events: list = []
        self._lock = threading.Lock()

    def process(self, event) -> tuple:
        with self._lock:
            self.events.append(event)
        return ()

    def of(self, cls) -> list:
        with self._lock:
            return [e for e in self.events if isinstance(e, cls)]


class Rig:
    """The emulator's assistant thread on real parts, minus the window."""

    def __init__(self, tmp_path, *, feed=None, policy=None, config: Config | None = None) -> None:
        self.collector = Collector()
        # the live runtime runs on the wall clock: without this, the first wake of a morning would
        # add the day's briefing to whatever a test is about
        config = config or replace(Config(), day=replace(Config().day, briefing_on_first_wake=False))
        self.runtime = LiveRuntime(config, speaker=RecordingSpeaker(), observers=[self.collector])
        self.origin = self.runtime.origin
        self.pipeline = self.runtime.pipeline
        self.board = Board()
        self.commands: queue.Queue = queue.Queue()
        self.lines: list[str] = []
        self.recorder = RecordSwitch(default_folders(tmp_path / "rec", lambda: tmp_path / "rec"), self.origin)
        self.loop = AssistantLoop(self.pipeline, self.board, self.commands, recorder=self.recorder, feed=feed,
                                  policy=policy, say=self.lines.append)
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, mic) -> Rig:
        self.thread = threading.Thread(target=self.loop.run_live, args=(mic, self.stop), daemon=True)
        self.thread.start()
        return self

    def wait_for(self, condition, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if condition():
                return
            assert self.thread is None or self.thread.is_alive() or condition(), "the assistant thread ended"
            time.sleep(0.05)
        raise AssertionError(f"timed out; lines so far: {self.lines}")

    def said(self) -> list[str]:
        return [e.text for e in self.board.snapshot().entries if e.kind == "said"]

    def close(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=10)
        self.loop.close()
        self.runtime.close()


@pytest.fixture
def rig(tmp_path):
    made: list[Rig] = []

    def make(**kwargs) -> Rig:
        r = Rig(tmp_path, **kwargs)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()

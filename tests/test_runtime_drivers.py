"""`glasses run` and `glasses emulate` are thin drivers around one live runtime: both start the
same background work (the notification inbox and the refresh thread), and the emulator no
longer skips them. Probed from inside each driver's running loop through its microphone."""

from __future__ import annotations

import queue
import socket
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from glasses.config import Config
from glasses.devices.speaker import RecordingSpeaker
from glasses.emulator.sources import SilentMicrophone

DEMO_FRAME = sorted((Path(__file__).resolve().parents[1] / "glasses" / "data" / "demo" / "frames").iterdir())[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ProbeMicrophone(SilentMicrophone):
    """Silence, and on the first read a look at what the driver started before listening."""

    def __init__(self, port: int) -> None:
        super().__init__(chunk_ms=40)
        self.port = port
        self.seen: dict[str, bool] | None = None

    def read(self, timeout: float = 1.0):
        if self.seen is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                inbox = True
            except OSError:
                inbox = False
            refresh = any(t.name == "refresh" and t.is_alive() for t in threading.enumerate())
            self.seen = {"inbox": inbox, "refresh": refresh}
        return super().read(timeout)


class HeadlessWindow:
    closed = False

    def show(self, image) -> None:
        pass

    def wait_key(self, ms: int) -> int:
        return -1

    def close(self) -> None:
        pass


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / ".local" / "share"))
    base = Config()
    return replace(base, day=replace(base.day, data_dir=tmp_path / "day", calendars=(), inbox_port=free_port()))


def no_refresh_left() -> bool:
    return not any(t.name == "refresh" and t.is_alive() for t in threading.enumerate())


def test_run_starts_inbox_and_refresh(config):
    from glasses.live import run_live

    mic = ProbeMicrophone(config.day.inbox_port)
    code = run_live(config, push_to_talk=True, mic=mic, speaker=RecordingSpeaker(), keys=queue.Queue(),
                    max_seconds=0.2)
    assert code == 0
    assert mic.seen == {"inbox": True, "refresh": True}
    assert no_refresh_left()  # shut down with the run


def test_emulator_starts_the_same_background_work(config):
    from glasses.emulator.run import run_emulator

    mic = ProbeMicrophone(config.day.inbox_port)
    code = run_emulator(config, camera=str(DEMO_FRAME), push_to_talk=True, mic=mic, speaker=RecordingSpeaker(),
                        window_factory=HeadlessWindow, commands=queue.Queue(), seconds=0.5, fps=10)
    assert code == 0
    assert mic.seen == {"inbox": True, "refresh": True}
    assert no_refresh_left()

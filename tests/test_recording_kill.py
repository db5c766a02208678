"""Recording streams to disk: ``glasses record`` and ``glasses run --record`` (their code,
record_session and run_live) killed with SIGKILL mid-session leave a loadable session that
holds everything up to about a second before the kill (audio, typed commands), repaired on
load. (The run case takes about 20 s: the live loop loads its models first.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from glasses.audio import write_wav
from glasses.session import load_session
from tests.conftest import ROOT
from tests.test_cli_and_devices import _asoundrc

RATE = 16000


DRIVER = """
import sys
from pathlib import Path
from glasses.config import Config
from glasses.devices.mic import WavMicrophone
from glasses.live import record_session, run_live

mic = WavMicrophone(Path(sys.argv[2]), realtime=True)  # paced like a real microphone
out = Path(sys.argv[3])
if sys.argv[1] == "record":
    record_session(Config(), out, mic=mic)
else:
    run_live(Config(), record_to=out, push_to_talk=True, mic=mic)
"""


def _start(command: str, wav: Path, out: Path, home: Path) -> subprocess.Popen:
    """The real recording code in its own process, on a WAV paced as a microphone (this
    machine has none: ALSA's null device delivers audio faster than real time)."""
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local" / "share"), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", DRIVER, command, str(wav), str(out)], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for(proc: subprocess.Popen, word: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if word in line:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"exited with {proc.returncode} before {word!r}")
    raise AssertionError(f"no {word!r} within {timeout} s")


@pytest.mark.parametrize("command", ["record", "run"])
def test_kill_9_while_recording_leaves_a_loadable_session(isolated_home, tmp_path, command):
    wav = tmp_path / "mic.wav"
    write_wav(wav, (3000 * np.sin(2 * np.pi * 440 * np.arange(RATE * 60) / RATE)).astype(np.int16))
    _asoundrc(isolated_home, None, tmp_path / "speaker.raw")
    out = tmp_path / "rec"
    proc = _start(command, wav, out, isolated_home)
    try:
        _wait_for(proc, "recording" if command == "record" else "listening")
        started = time.monotonic()
        proc.stdin.write("what's the date\n")
        proc.stdin.flush()
        time.sleep(4.0)
        proc.send_signal(signal.SIGKILL)
        killed_after = time.monotonic() - started
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
        proc.stdin.close()
    assert proc.returncode == -signal.SIGKILL
    assert (out / ".recording").exists()  # the writer never finished

    session = load_session(out)

    seconds = len(session.audio) / RATE
    assert seconds >= killed_after - 1.5, (seconds, killed_after)  # at most about a second lost
    assert np.abs(session.audio[: RATE]).max() > 2000  # the microphone's tone, not silence
    assert [e["text"] for e in session.events if e["type"] == "text"] == ["what's the date"]
    assert not (out / ".recording").exists()  # repaired: the WAV header now matches the samples
    assert (out / "audio.wav").stat().st_size == 44 + len(session.audio) * 2


def test_the_emulators_recording_is_on_disk_before_it_is_stopped(tmp_path):
    """The emulator's R key writes through the same streaming writer: a recording that was
    never stopped (the emulator crashed) loads, with everything given to it."""
    from datetime import datetime, timezone

    from glasses.emulator.recorder import Recording
    from glasses.events import AudioChunk, Frame, TextInput

    rec = Recording(tmp_path / "emu", datetime(2026, 3, 3, 8, tzinfo=timezone.utc), 1000)
    for i in range(50):  # two seconds of 40 ms chunks
        rec.add(AudioChunk(1000 + 40 * i, (np.full(640, i + 1, np.int16)).tobytes()))
    rec.add(TextInput(1500, "what time is it"))
    rec.add(Frame(1600, np.full((48, 64, 3), 128, np.uint8)))
    # no rec.close(): the process died here
    session = load_session(tmp_path / "emu")
    assert len(session.audio) == 50 * 640 and session.audio[-1] == 50
    assert session.events == [{"t_ms": 500, "type": "text", "text": "what time is it"}]
    assert [f.t_ms for f in session.frames] == [600]


def test_position_fixes_are_streamed_too(tmp_path):
    from datetime import datetime, timezone

    from glasses.events import Location
    from glasses.session import SessionWriter

    writer = SessionWriter(tmp_path / "walk", datetime(2026, 3, 3, 8, tzinfo=timezone.utc))
    writer.add_audio(np.zeros(1600, np.int16).tobytes())
    writer.add_location(Location(40, 60.1675, 24.9427, 5.0, 270.0))
    writer.add_location(Location(20, 60.1676, 24.9428, 4.0, None))
    # never closed: loaded as a crash would leave it
    fixes = load_session(tmp_path / "walk").locations
    assert [(f.t_ms, f.lat, f.heading_deg) for f in fixes] == [(20, 60.1676, None), (40, 60.1675, 270.0)]

"""Replaying a recorded session through the whole assistant, on a virtual clock.

Deterministic: the same session and config give the same event stream.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
import wave
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from glasses.audio import RATE
from glasses.errors import GlassesError
from glasses.events import Interrupted, Say, SayMore, SpeechAudio, Transcript, to_json
from glasses.limits import MAX_SESSION_MS, printable
from glasses.session import Session


def replay(session: Session, assistant, *, realtime: bool = False, progress=None) -> Iterator:
    """Feed every input of ``session`` to ``assistant``; yield inputs' outputs in order."""
    start = time.monotonic()
    for event in session.inputs():
        if realtime:
            delay = start + event.t_ms / 1000 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        yield from assistant.process(event)
        if progress is not None and event.__class__.__name__ == "AudioChunk":
            progress(event.t_ms)
    yield from assistant.finish(session.duration_ms)


def _clips(events: Iterable) -> list[tuple[int, np.ndarray]]:
    """(start sample, int16 samples) of everything said, cut where it was interrupted."""
    clips: list[tuple[int, np.ndarray]] = []
    for e in events:
        if isinstance(e, SpeechAudio):
            clips.append((e.t_ms * RATE // 1000, np.frombuffer(e.pcm, dtype=np.int16)))
        elif isinstance(e, Interrupted):  # an answer may be several clips (one per sentence)
            cut = e.t_ms * RATE // 1000
            clips = [(start, pcm[: max(0, cut - start)]) for start, pcm in clips]
    return clips


def _track_length(clips: list[tuple[int, np.ndarray]], length_ms: int) -> int:
    end = max([length_ms * RATE // 1000] + [start + len(p) for start, p in clips])
    if end > MAX_SESSION_MS * RATE // 1000:
        raise GlassesError(f"the speech track would last {end // RATE} s, beyond the 24-hour limit")
    return end


def _mix(clips: list[tuple[int, np.ndarray]], start: int, end: int) -> np.ndarray:
    block = np.zeros(end - start, dtype=np.int32)
    for at, pcm in clips:
        lo, hi = max(at, start), min(at + len(pcm), end)
        if lo < hi:
            block[lo - start:hi - start] += pcm[lo - at:hi - at]
    return np.clip(block, -32768, 32767).astype(np.int16)


def speech_track(events: Iterable, length_ms: int) -> np.ndarray:
    """Everything the assistant said, placed at its session times (cut where interrupted)."""
    clips = _clips(events)
    return _mix(clips, 0, _track_length(clips, length_ms))


def write_speech(path: Path, events: list, length_ms: int, block_s: int = 60) -> None:
    """The speech track as a WAV, written a minute at a time (a long session's track is never
    held in memory)."""
    clips = _clips(events)
    end = _track_length(clips, length_ms)
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f, wave.open(f, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            for start in range(0, end, block_s * RATE):
                w.writeframes(_mix(clips, start, min(end, start + block_s * RATE)).tobytes())
    except OSError as exc:
        raise GlassesError(f"cannot write: {exc.strerror or exc}", where=str(path)) from None


@contextmanager
def exit_on_sigterm() -> Iterator[None]:
    """SIGTERM ends a replay the way Ctrl-C does, through every ``with`` block, so a zip's
    unpacked copy and the replay's state folder are removed (exit code 143)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame) -> None:
        sys.exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_output(path: Path | None) -> None:
    """Fail before a long replay, not after it, when ``path`` cannot be written."""
    if path is not None and Path(path).is_dir():
        raise GlassesError("cannot write: Is a directory", where=str(path))


def conversation_line(event) -> str | None:
    """The plain-text line for an event in the conversation view, or None."""
    stamp = f"[{event.t_ms / 1000:7.2f}s]"
    if isinstance(event, Transcript) and event.final:
        verb = "typed:" if event.engine == "text" else "heard:"
        return f"{stamp} {verb} {printable(event.text) or '(nothing)'}"
    if isinstance(event, Say):
        return f"{stamp} said:  {printable(event.text)}"
    if isinstance(event, SayMore):  # a streamed answer's next sentence
        return f"{stamp}        {printable(event.text)}"
    if isinstance(event, Interrupted):
        return f"{stamp} (stopped speaking after {event.played_ms / 1000:.1f}s: {event.reason})"
    note = getattr(event, "note", None)  # what left the device (the ask skill's egress event)
    if callable(note):
        return f"{stamp} ({printable(note())})"
    return None


def json_events(events: Iterable) -> Iterator[dict]:
    """The --json stream: every output event but raw audio."""
    for e in events:
        if not isinstance(e, SpeechAudio):
            yield to_json(e)

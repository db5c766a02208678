"""R in the emulator: record what goes into the assistant as a session ``glasses replay`` takes.

A recording starts at any point of the emulator's session clock; its own clock starts
at zero there. Only inputs are written (microphone audio, button presses, typed
commands, camera frames — frames exist only while the camera captures), and frames
pass through ``frame_filter`` (the face blurrer) first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

import numpy as np

from glasses.events import AudioChunk, Button, Frame, TextInput
from glasses.session import SessionWriter


def free_folder(base: Path) -> Path:
    """``base`` if it holds no session yet, else base-2, base-3, ..."""
    base = Path(base)
    candidate, n = base, 1
    while (candidate / "session.yaml").exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


class Recording:
    def __init__(self, root: Path, origin: datetime, start_ms: int,
                 frame_filter: Callable[[np.ndarray], np.ndarray] | None = None,
                 notes: str = "recorded in the glasses emulator") -> None:
        self.start_ms = start_ms
        self.writer = SessionWriter(root, origin + timedelta(milliseconds=start_ms), notes=notes,
                                    frame_filter=frame_filter)
        self.root = self.writer.root

    def add(self, event: object) -> None:
        if isinstance(event, AudioChunk):
            if event.t_ms < self.start_ms:
                return
            self.writer.add_audio(event.pcm)
            return
        t = getattr(event, "t_ms", 0) - self.start_ms
        if t < 0:
            return
        if isinstance(event, Frame):
            self.writer.add_frame(t, event.bgr)
        elif isinstance(event, Button):
            self.writer.add_event({"t_ms": t, "type": "button", "action": event.action})
        elif isinstance(event, TextInput):
            self.writer.add_event({"t_ms": t, "type": "text", "text": event.text})

    def close(self) -> Path:
        return self.writer.close()


class RecordSwitch:
    """The R key: start a Recording at the current session time, or stop and save it.

    ``folders`` yields where each new recording goes (``--record DIR`` first)."""

    def __init__(self, folders: Callable[[], Path], origin: datetime,
                 frame_filter: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        self.folders = folders
        self.origin = origin
        self.frame_filter = frame_filter
        self.current: Recording | None = None

    @property
    def on(self) -> bool:
        return self.current is not None

    def toggle(self, t_ms: int) -> str:
        """Start or stop; returns the line to show."""
        if self.current is None:
            self.current = Recording(free_folder(self.folders()), self.origin, t_ms, self.frame_filter)
            return f"recording to {self.current.root}"
        return f"session saved to {self.stop()}"

    def add(self, event: object) -> None:
        if self.current is not None:
            self.current.add(event)

    def stop(self) -> Path | None:
        if self.current is None:
            return None
        current, self.current = self.current, None
        return current.close()


def default_folders(first: Path | None, make_default: Callable[[], Path]) -> Callable[[], Path]:
    """``first`` for the first recording and its numbered siblings after; else fresh defaults."""
    def next_folder() -> Path:
        return first if first is not None else make_default()

    return next_folder

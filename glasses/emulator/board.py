"""What the assistant thread publishes for the window, behind one lock.

The assistant thread writes (``publish``, ``add``); the window reads a consistent
``snapshot`` once per frame. HudState and Entry are immutable, so sharing them is safe.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

import numpy as np

from glasses.emulator.view import Entry
from glasses.hud.state import HudState


@dataclass(frozen=True)
class Snapshot:
    t_ms: int
    hud: HudState
    entries: tuple[Entry, ...]
    camera: str                                   # what the camera is doing, for the status row
    capturing: bool
    recording: bool
    frame: tuple[int, np.ndarray] | None          # a session's last frame (t_ms, bgr)
    done: bool
    error: BaseException | None


class Board:
    def __init__(self, keep: int = 30) -> None:
        self._lock = threading.Lock()
        self._t_ms = 0
        self._hud = HudState()
        self._entries: deque[Entry] = deque(maxlen=keep)
        self._camera = ""
        self._capturing = False
        self._recording = False
        self._frame: tuple[int, np.ndarray] | None = None
        self._done = False
        self._error: BaseException | None = None

    def publish(self, t_ms: int, hud: HudState, *, camera: str | None = None, capturing: bool | None = None,
                recording: bool | None = None) -> None:
        with self._lock:
            self._t_ms, self._hud = t_ms, hud
            if camera is not None:
                self._camera = camera
            if capturing is not None:
                self._capturing = capturing
            if recording is not None:
                self._recording = recording

    def add(self, entry: Entry) -> None:
        with self._lock:
            self._entries.append(entry)

    def show_frame(self, t_ms: int, bgr: np.ndarray) -> None:
        with self._lock:
            self._frame = (t_ms, bgr)

    def finish(self, error: BaseException | None = None) -> None:
        with self._lock:
            self._done, self._error = True, error

    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(self._t_ms, self._hud, tuple(self._entries), self._camera, self._capturing,
                            self._recording, self._frame, self._done, self._error)

"""A thread that owns the camera: opens it only while wanted, keeps the latest frame.

The window and the assistant thread never touch the camera: they ask for it
(``want(True/False)``) and take the newest frame (``latest``). Opening a webcam can
take a second; that happens here, not in the window's loop. A camera that cannot be
opened leaves ``problem`` set (shown in the window) and the view blank.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from glasses.errors import GlassesError


class CameraFeed:
    def __init__(self, camera, interval_s: float = 0.0, idle_s: float = 0.02) -> None:
        self.camera = camera
        self.interval_s = interval_s
        self.idle_s = idle_s
        self.problem = ""
        self.frames_read = 0
        self._want = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._frame: np.ndarray | None = None
        self._seq = 0
        self._thread = threading.Thread(target=self._run, name="camera", daemon=True)

    def start(self) -> CameraFeed:
        self._thread.start()
        return self

    def want(self, on: bool) -> None:
        if on:
            self._want.set()
        else:
            self._want.clear()

    @property
    def wanted(self) -> bool:
        return self._want.is_set()

    @property
    def is_open(self) -> bool:
        return bool(getattr(self.camera, "is_open", False))

    def latest(self) -> tuple[int, np.ndarray | None]:
        """(sequence number, newest frame); the number grows with every new frame."""
        with self._lock:
            return self._seq, self._frame

    def _run(self) -> None:
        next_at = 0.0
        failed = False
        while not self._stop.is_set():
            if not self._want.is_set():
                failed = False
                if self.is_open:
                    self.camera.close()
                    with self._lock:
                        self._frame = None
                self._want.wait(0.1)
                continue
            if failed:
                self._stop.wait(self.idle_s * 5)
                continue
            now = time.monotonic()
            if now < next_at:
                self._stop.wait(min(next_at - now, 0.1))
                continue
            next_at = now + self.interval_s
            try:
                bgr = self.camera.read()  # opens on first read
            except GlassesError as exc:
                self.problem, failed = str(exc), True
                continue
            if bgr is None:
                self._stop.wait(self.idle_s)
                continue
            if not self._want.is_set():  # switched off while reading: drop the frame
                continue
            with self._lock:
                self._frame, self._seq = bgr, self._seq + 1
            self.frames_read += 1
        self.camera.close()

    def close(self) -> None:
        self._stop.set()
        self._want.set()  # wake the thread
        self._want.clear()
        if self._thread.is_alive():
            self._thread.join(timeout=3)
        self.camera.close()

"""The emulator's input when there is no device: a silent microphone that keeps the session
clock running when the laptop has none (``--camera SRC`` parsing is glasses.camera.choice)."""

from __future__ import annotations

import time

from glasses.audio import CHUNK_MS
from glasses.events import AudioChunk

RATE = 16_000


class SilentMicrophone:
    """The microphone's twin for a laptop without one: silent chunks, paced in real time,
    so the session clock (and timers, look timeouts) keep running. Same interface as
    devices.mic.SoundDeviceMicrophone."""

    exhausted = False

    def __init__(self, chunk_ms: int = CHUNK_MS, rate: int = RATE, clock=time.monotonic, sleep=time.sleep) -> None:
        self.rate = rate
        self.chunk_ms = chunk_ms
        self._pcm = bytes(2 * rate * chunk_ms // 1000)
        self._n = 0
        self._clock, self._sleep = clock, sleep
        self._start = clock()

    def read(self, timeout: float = 1.0) -> AudioChunk | None:
        t_ms = self._n * self.chunk_ms
        due = self._start + (t_ms + self.chunk_ms) / 1000  # a chunk exists once its audio has "happened"
        wait = due - self._clock()
        if wait > timeout:
            self._sleep(timeout)
            return None
        if wait > 0:
            self._sleep(wait)
        self._n += 1
        return AudioChunk(t_ms, self._pcm, self.rate)

    def close(self) -> None:
        pass

"""Audio input: the real microphone (sounddevice) and a WAV-file twin with the same interface.

The PortAudio callback only hands bytes to a queue; timestamps come from the sample
count (the session clock), never from the wall clock inside the pipeline.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path
from typing import Iterator

from glasses.audio import CHUNK_MS, RATE, read_wav  # openWakeWord buffers its own 80 ms
from glasses.devices.portaudio import no_device
from glasses.errors import DeviceError
from glasses.events import AudioChunk

NO_MICROPHONE = ("no microphone found; without one, `glasses emulate` runs the assistant in a window (type "
                 "to it) and `glasses ask \"what time is it\"` answers typed text; `glasses doctor` checks the devices")


class SoundDeviceMicrophone:
    """The default (or named) input device, read by a small thread that only queues bytes.

    The queue holds up to a minute of audio; when the assistant falls that far behind the
    reader waits (PortAudio then reports an overflow, counted in ``overflows``) instead of
    dropping audio silently.
    """

    exhausted = False  # a live microphone never runs out

    def __init__(self, device: str | int | None = None, rate: int = RATE, chunk_ms: int = CHUNK_MS) -> None:
        try:
            import sounddevice as sd
        except OSError as exc:
            raise DeviceError(f"no microphone: {exc} (sudo apt-get install libportaudio2)") from None
        self.rate = rate
        self._block = rate * chunk_ms // 1000
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=60_000 // chunk_ms)
        self._samples = 0
        self.overflows = 0
        self._running = True
        try:
            dev = int(device) if isinstance(device, str) and device.isdigit() else device
            self._stream = sd.RawInputStream(samplerate=rate, channels=1, dtype="int16", device=dev,
                                             blocksize=self._block)
            self._stream.start()
        except Exception as exc:  # PortAudioError when there is no input device
            if no_device(exc, dev):
                raise DeviceError(NO_MICROPHONE) from None
            raise DeviceError(f"no usable microphone ({exc}); check `glasses doctor`") from None
        self._thread = threading.Thread(target=self._pump, name="microphone", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        while self._running:
            try:
                data, overflowed = self._stream.read(self._block)
            except Exception:  # the device went away
                self._running = False
                break
            self.overflows += bool(overflowed)
            self._queue.put(bytes(data))

    def read(self, timeout: float = 1.0) -> AudioChunk | None:
        try:
            pcm = self._queue.get(timeout=timeout)
        except queue.Empty:
            return None
        chunk = AudioChunk(self._samples * 1000 // self.rate, pcm, self.rate)
        self._samples += len(pcm) // 2
        return chunk

    def close(self) -> None:
        self._running = False
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass
        self._thread.join(timeout=2)
        self._stream.stop()
        self._stream.close()


class WavMicrophone:
    """A WAV file as a microphone (paced in real time unless ``realtime`` is False)."""

    def __init__(self, path: Path, realtime: bool = True, chunk_ms: int = CHUNK_MS) -> None:
        self.rate = RATE
        self._pcm = read_wav(path).tobytes()
        self._step = RATE * chunk_ms // 1000 * 2
        self._pos = 0
        self._realtime = realtime
        self._start = time.monotonic()

    @property
    def exhausted(self) -> bool:
        return self._pos >= len(self._pcm)

    def read(self, timeout: float = 1.0) -> AudioChunk | None:
        if self._pos >= len(self._pcm):
            return None
        t_ms = self._pos // 2 * 1000 // RATE
        if self._realtime:
            delay = self._start + t_ms / 1000 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        pcm = self._pcm[self._pos:self._pos + self._step]
        self._pos += self._step
        return AudioChunk(t_ms, pcm, RATE)

    def close(self) -> None:
        pass


class SilentMicrophone:
    """No microphone: silence on the wall clock (so timers and reminders still come due), for a
    run that takes typed lines only. ``stop()`` (stdin ended: nothing more can come) ends it."""

    def __init__(self, chunk_ms: int = CHUNK_MS) -> None:
        self.rate = RATE
        self._step = RATE * chunk_ms // 1000 * 2
        self._chunk_ms = chunk_ms
        self._n = 0
        self._start = time.monotonic()
        self.exhausted = False

    def stop(self) -> None:
        self.exhausted = True

    def read(self, timeout: float = 1.0) -> AudioChunk | None:
        if self.exhausted:
            return None
        t_ms = self._n * self._chunk_ms
        delay = self._start + t_ms / 1000 - time.monotonic()
        if delay > 0:
            time.sleep(min(delay, timeout))
            if self._start + t_ms / 1000 > time.monotonic():
                return None
        self._n += 1
        return AudioChunk(t_ms, bytes(self._step), RATE)

    def close(self) -> None:
        pass


def chunks(mic, seconds: float | None = None) -> Iterator[AudioChunk]:
    """A microphone's chunks until ``seconds`` of audio or the end of a file; a live
    microphone's read timeouts are waited out."""
    while True:
        chunk = mic.read(timeout=1.0)
        if chunk is None:
            if getattr(mic, "exhausted", True):
                return
            continue
        if seconds is not None and chunk.t_ms >= seconds * 1000:
            return
        yield chunk

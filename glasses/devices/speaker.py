"""Audio output: the real speaker (sounddevice) and its recording twin.

``play`` returns at once; a second ``play`` replaces what is playing; ``queue`` appends
to it (the next sentence of an answer, runtime/speech.py); ``stop`` cuts it off. The PortAudio callback only copies from a buffer it was handed.
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from glasses.devices.portaudio import no_device
from glasses.errors import DeviceError


class SoundDeviceSpeaker:
    def __init__(self, device: str | int | None = None, rate: int = 16_000) -> None:
        try:
            import sounddevice as sd
        except OSError as exc:  # libportaudio2 missing
            raise DeviceError(f"no audio output: {exc} (sudo apt-get install libportaudio2)") from None
        self._lock = threading.Lock()
        self._buffer = np.zeros(0, dtype=np.int16)
        self._pos = 0
        try:
            self._stream = sd.OutputStream(samplerate=rate, channels=1, dtype="int16",
                                           device=_device(device), callback=self._callback)
            self._stream.start()
        except Exception as exc:  # sd.PortAudioError, ValueError for a bad device
            if no_device(exc, _device(device)):
                raise DeviceError("no speaker found") from None
            raise DeviceError(f"cannot open the speaker: {exc}") from None

    def _callback(self, outdata, frames, time_info, status) -> None:
        with self._lock:
            chunk = self._buffer[self._pos:self._pos + frames]
            self._pos += len(chunk)
        outdata[:len(chunk), 0] = chunk
        outdata[len(chunk):, 0] = 0

    def play(self, pcm: bytes) -> None:
        with self._lock:
            self._buffer = np.frombuffer(pcm, dtype=np.int16).copy()
            self._pos = 0

    def queue(self, pcm: bytes) -> None:
        """Play ``pcm`` after what is playing (at once if nothing is)."""
        with self._lock:
            rest = self._buffer[self._pos:]
            self._buffer = np.concatenate([rest, np.frombuffer(pcm, dtype=np.int16)])
            self._pos = 0

    def stop(self) -> None:
        with self._lock:
            self._pos = len(self._buffer)

    def busy(self) -> bool:
        with self._lock:
            return self._pos < len(self._buffer)

    def close(self) -> None:
        self._stream.stop()
        self._stream.close()


class RecordingSpeaker:
    """No sound card: counts what would have been played (replay, tests, ``glasses ask``) and
    keeps only the last few clips, so a long session does not hold every answer's audio
    (``--speak-to`` builds its track from the SpeechAudio events instead)."""

    KEEP = 8

    def __init__(self) -> None:
        self.played: deque[bytes] = deque(maxlen=self.KEEP)
        self.clips = 0
        self.stops = 0

    def play(self, pcm: bytes) -> None:
        self.played.append(pcm)
        self.clips += 1

    def queue(self, pcm: bytes) -> None:
        self.play(pcm)

    def stop(self) -> None:
        self.stops += 1

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        pass


def _device(device: str | int | None):
    if device is None:
        return None
    return int(device) if isinstance(device, str) and device.isdigit() else device

"""Voice activity: a pure endpointing state machine, and the Silero VAD model that feeds it.

``Endpointer`` is handed "speech or not" for each slice of audio and its duration; it
never reads a clock, so it is tested with plain numbers. ``SileroVad`` scores 30 ms
frames with the Silero ONNX model that ships inside the openwakeword wheel.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable
from pathlib import Path

import numpy as np

from glasses.wake_scorer import openwakeword_models_dir

ENDPOINT_SILENCE_MS = 200  # the one default for the trailing silence that ends a command (listen.*)
EARLY_END_MS = 60          # the pause after which a complete, confident command may end at once (glasses.understand.turn)

class EndpointEvent(str, Enum):
    SPEECH_START = "speech_start"   # the wearer started talking
    END = "end"                     # they stopped: enough trailing silence
    MAX_LENGTH = "max_length"       # they talked past the maximum command length
    TIMEOUT = "timeout"             # nobody said anything after the wake


@dataclass
class Endpointer:
    """Decides when a spoken command starts and ends. All durations in milliseconds."""

    timeout_ms: int = 8000
    silence_ms: int = ENDPOINT_SILENCE_MS
    min_speech_ms: int = 150
    max_ms: int = 12000

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.waited_ms = 0       # time since listening started, before speech
        self.speech_ms = 0       # speech heard in the current command
        self.silence_ms_run = 0  # trailing silence in the current command
        self.total_ms = 0        # length of the current command
        self.in_speech = False

    def update(self, is_speech: bool, duration_ms: int) -> EndpointEvent | None:
        if not self.in_speech:
            if is_speech:
                self.speech_ms += duration_ms
                self.total_ms += duration_ms
                if self.speech_ms >= self.min_speech_ms:
                    self.in_speech = True
                    self.silence_ms_run = 0
                    return EndpointEvent.SPEECH_START
                return None
            if self.speech_ms:  # a blip shorter than min_speech_ms: forget it
                self.speech_ms = self.total_ms = 0
            self.waited_ms += duration_ms
            return EndpointEvent.TIMEOUT if self.waited_ms >= self.timeout_ms else None
        self.total_ms += duration_ms
        if is_speech:
            self.speech_ms += duration_ms
            self.silence_ms_run = 0
        else:
            self.silence_ms_run += duration_ms
            if self.silence_ms_run >= self.silence_ms:
                return EndpointEvent.END
        return EndpointEvent.MAX_LENGTH if self.total_ms >= self.max_ms else None


def silero_model_path() -> Path:

    return openwakeword_models_dir() / "silero_vad.onnx"


class SileroVad:
    """Speech probability per 30 ms frame (480 samples at 16 kHz), Silero VAD via onnxruntime."""

    frame_samples = 480

    def __init__(self, model_path: Path | None = None) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        self.session = ort.InferenceSession(str(model_path or silero_model_path()), sess_options=options,
                                            providers=["CPUExecutionProvider"])
        self._sr = np.array(16000, dtype=np.int64)
        self._buffer = np.zeros(0, dtype=np.int16)
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((2, 1, 64), dtype=np.float32)
        self._c = np.zeros((2, 1, 64), dtype=np.float32)
        self._buffer = np.zeros(0, dtype=np.int16)

    def probabilities(self, samples: np.ndarray) -> list[float]:
        """Feed int16 samples; one probability per complete 30 ms frame (remainder kept)."""
        self._buffer = np.concatenate([self._buffer, samples])
        out = []
        n = self.frame_samples
        while self._buffer.size >= n:
            frame = (self._buffer[:n].astype(np.float32) / 32767)[None, :]
            self._buffer = self._buffer[n:]
            prob, self._h, self._c = self.session.run(
                None, {"input": frame, "h": self._h, "c": self._c, "sr": self._sr})
            out.append(float(prob[0][0]))
        return out


class LazyVad:
    """A VAD made on first use: a skill that listens only when asked (captions) costs nothing in
    ``glasses ask`` or a session without audio (SileroVad loads onnxruntime, 64 MB)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._vad: Any = None

    def _get(self) -> Any:
        if self._vad is None:
            self._vad = self._make()
        return self._vad

    def reset(self) -> None:
        if self._vad is not None:
            self._vad.reset()

    def probabilities(self, samples: np.ndarray) -> list[float]:
        return self._get().probabilities(samples)


class NoVad:
    """A voice-activity detector that hears nothing (the assistant without ears: ``glasses ask``)."""

    def reset(self) -> None:
        pass

    def probabilities(self, samples) -> list[float]:
        return []

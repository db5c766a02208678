"""Wake word: openWakeWord's ONNX models (they ship inside the openwakeword 0.5.1 wheel).

The pre-trained models (hey_jarvis, alexa, hey_mycroft, hey_rhasspy) are CC BY-NC-SA 4.0:
non-commercial use only. ``NoWakeWord`` is the twin for push-to-talk-only setups.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from glasses.errors import ModelError

BUNDLED = ("hey_jarvis", "alexa", "hey_mycroft", "hey_rhasspy")
FRAME = 1280  # openWakeWord scores 80 ms frames at 16 kHz


def wake_model_path(name: str) -> Path:
    """The .onnx file for a bundled model name, or ``name`` itself as a path."""
    if name in BUNDLED:
        import openwakeword

        folder = Path(openwakeword.__file__).parent / "resources" / "models"
        return folder / f"{name}_v0.1.onnx"
    path = Path(name).expanduser()
    if path.suffix != ".onnx":
        raise ModelError(f"wake.model: {name!r} is neither one of {', '.join(BUNDLED)} nor an .onnx file")
    return path


class WakeWordDetector:
    """Feed int16 audio; ``feed`` returns the score when the wake word is heard, else None."""

    def __init__(self, model: str = "hey_jarvis", threshold: float = 0.5) -> None:
        path = wake_model_path(model)
        if not path.exists():
            raise ModelError("wake-word model not found", where=str(path))
        from openwakeword.model import Model

        self.name = model
        self.threshold = threshold
        self._model = Model(wakeword_models=[str(path)], inference_framework="onnx")
        self._buffer = np.zeros(0, dtype=np.int16)
        self._cooldown = 0  # frames to ignore after a detection (the score stays high for a while)

    def reset(self) -> None:
        self._model.reset()
        self._buffer = np.zeros(0, dtype=np.int16)

    def feed(self, samples: np.ndarray) -> float | None:
        self._buffer = np.concatenate([self._buffer, samples])
        hit = None
        while self._buffer.size >= FRAME:
            frame, self._buffer = self._buffer[:FRAME], self._buffer[FRAME:]
            scores = self._model.predict(frame)
            score = float(max(scores.values()))
            if self._cooldown:
                self._cooldown -= 1
                continue
            if score >= self.threshold and hit is None:
                hit = score
                self._cooldown = 12  # about one second
                self._model.reset()
        return hit


class NoWakeWord:
    """Push-to-talk only: never hears a wake word."""

    name = "none"
    threshold = 1.0

    def reset(self) -> None:
        pass

    def feed(self, samples: np.ndarray) -> float | None:
        return None

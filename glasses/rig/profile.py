"""Which profile to run: ``pi`` on a Raspberry Pi (cheaper settings), ``desktop`` elsewhere.

The board is read from /proc/device-tree/model ("Raspberry Pi 4 Model B Rev 1.5\\0").
``choose_profile(flag)`` lets ``--profile pi|desktop`` win over detection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from glasses.errors import ConfigError

MODEL_PATH = Path("/proc/device-tree/model")
PROFILES = ("auto", "pi", "desktop")


@dataclass(frozen=True, slots=True)
class Board:
    model: str        # as the firmware names it
    family: str       # pi5, pi4, pi3, zero2, zero, pi400, pi500, cm4, cm5, other-pi
    ram_class: str    # small (512 MB or less on these boards) or normal


def read_model(path: Path = MODEL_PATH) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return raw.rstrip(b"\x00").decode("utf-8", "replace").strip() or None


def board_from_model(model: str | None) -> Board | None:
    """The Raspberry Pi board described by ``model``, or None when it is not a Pi."""
    if not model or not model.startswith("Raspberry Pi"):
        return None
    rules = [(r"Zero 2", "zero2"), (r"Zero", "zero"), (r"Pi 500", "pi500"), (r"Pi 400", "pi400"),
             (r"Compute Module 5", "cm5"), (r"Compute Module 4", "cm4"), (r"Pi 5", "pi5"),
             (r"Pi 4", "pi4"), (r"Pi 3", "pi3")]
    family = next((f for pattern, f in rules if re.search(pattern, model)), "other-pi")
    small = family in ("zero2", "zero", "other-pi")
    return Board(model=model, family=family, ram_class="small" if small else "normal")


def detect_profile(path: Path = MODEL_PATH) -> str:
    return "pi" if board_from_model(read_model(path)) else "desktop"


def choose_profile(flag: str | None = None, path: Path = MODEL_PATH) -> str:
    """``flag`` (pi or desktop) if given, else what this machine is."""
    if flag in (None, "", "auto"):
        return detect_profile(path)
    if flag not in PROFILES:
        raise ConfigError(f"unknown profile {flag!r}: use one of {', '.join(PROFILES)}")
    return flag


# The pi profile as config overrides (same shape as config.yaml) for the keys that exist in
# glasses.config today; the camera resolution and OCR passes belong to the look section.
PI_OVERRIDES: dict[str, dict] = {
    "stt": {"mode": "command", "whisper": "tiny.en"},            # half the CPU of base on a Pi
    "look": {"camera_width": 640, "camera_height": 480, "ocr_passes": 1, "ocr_max_side": 640},
}
# Boards with 512 MB or less cannot hold Whisper (about 260 MB) beside the rest of the loop:
# they keep pocketsphinx's command model, the small fallback.
SMALL_PI_STT = {"engine": "pocketsphinx", "mode": "command"}


def pi_overrides(path: Path = MODEL_PATH) -> dict[str, dict]:
    """The pi profile for this board: PI_OVERRIDES, with the small recognizer on small boards."""
    board = board_from_model(read_model(path))
    if board is not None and board.ram_class == "small":
        return {**PI_OVERRIDES, "stt": dict(SMALL_PI_STT)}
    return PI_OVERRIDES

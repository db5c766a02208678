"""Capture's card: what was just taken (the emulator and the HUD show the last capture)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from glasses.cards import Card, Color

CAPTURE_ACCENT: Color = (255, 255, 255)   # white, as the privacy LED


@dataclass(frozen=True, slots=True)
class CaptureCard(Card):
    """A photo or video that was saved (file: its gallery id), or a recording in progress."""

    kind: ClassVar[str] = "capture"
    accent: ClassVar[Color] = CAPTURE_ACCENT
    item: str | None = None          # the gallery id ("20261202-094012-photo-3fa2c1")
    media: str | None = None         # photo | video
    recording: bool | None = None    # True while a video records
    faces_blurred: int | None = None


CARDS = (CaptureCard,)

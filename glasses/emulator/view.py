"""What the emulator window shows, as a pure function of state: no window, no clock.

    +------------------------------+
    | camera view with the HUD     |   HudRenderer.frame: the HUD composited over the
    | composited over it           |   camera (a blank grey view when there is none)
    +------------------------------+
    | heard: what time is it       |   the conversation strip: the last lines heard and
    | said:  It's 8:31.            |   said, wrapped, newest at the bottom
    | REC  mic: ...  camera: ...   |   status row
    | SPACE talk  L look ...       |   keys
    +------------------------------+
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from glasses.events import Error, Interrupted, Say, Transcript
from glasses.hud.render import HudRenderer
from glasses.hud.state import HudState
from glasses.hud.text import FONT, ellipsize, wrap
from glasses.emulator.keys import HELP

MIN_WIDTH = 480          # tiny rig-panel HUDs are scaled up (nearest neighbour) to this width
STRIP_BG = (30, 28, 26)
STRIP_RULE = (70, 70, 70)
KIND_COLORS = {"heard": (120, 230, 120), "typed": (120, 230, 120), "said": (255, 190, 120), "note": (150, 150, 150),
               "error": (90, 90, 240)}
KIND_LABELS = {"heard": "heard: ", "typed": "typed: ", "said": "said:  ", "note": "", "error": ""}
STATUS_COLOR = (200, 200, 200)
HELP_COLOR = (130, 130, 130)
REC_COLOR = (40, 40, 235)
SCALE = 0.5
ROW_H = 20
PAD = 8


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the conversation strip. kind: heard, typed, said, note or error."""

    kind: str
    text: str


def entry_for(event: object) -> Entry | None:
    """The strip line for an output event, or None (only what the wearer would care about)."""
    if isinstance(event, Transcript) and event.final:
        return Entry("typed" if event.engine == "text" else "heard", event.text or "(nothing)")
    if isinstance(event, Say):
        return Entry("said", event.text)
    if isinstance(event, Interrupted):
        return Entry("note", f"(stopped speaking: {event.reason})")
    if isinstance(event, Error) and event.code != "not_understood":
        return Entry("error", event.message)
    return None


def strip_rows(entries: Sequence[Entry], width: int, rows: int) -> list[tuple[str, str]]:
    """The last ``rows`` visual rows (kind, text) of the wrapped entries, oldest first."""
    out: list[tuple[str, str]] = []
    for entry in entries:
        label = KIND_LABELS.get(entry.kind, "")
        lines = wrap(label + entry.text, width, FONT, SCALE, 1) or [label.strip()]
        out.extend((entry.kind, line) for line in lines)
    return out[-rows:] if rows > 0 else []


def strip_height(rows: int) -> int:
    return PAD + rows * ROW_H + 2 * ROW_H + PAD


def render_strip(entries: Sequence[Entry], status: str, recording: bool, width: int,
                 rows: int = 5) -> np.ndarray:
    """The conversation strip as a BGR image ``strip_height(rows)`` x ``width``."""
    img = np.full((strip_height(rows), width, 3), STRIP_BG, np.uint8)
    inner = width - 2 * PAD
    y = PAD + ROW_H - 5
    for kind, line in strip_rows(entries, inner, rows):
        cv2.putText(img, line, (PAD, y), FONT, SCALE, KIND_COLORS.get(kind, STATUS_COLOR), 1, cv2.LINE_AA)
        y += ROW_H
    rule_y = PAD + rows * ROW_H + 2
    cv2.line(img, (0, rule_y), (width, rule_y), STRIP_RULE, 1)
    y = rule_y + ROW_H - 4
    x = PAD
    if recording:
        cv2.circle(img, (x + 6, y - 5), 6, REC_COLOR, -1, cv2.LINE_AA)
        cv2.putText(img, "REC", (x + 16, y), FONT, SCALE, REC_COLOR, 1, cv2.LINE_AA)
        x += 56
    cv2.putText(img, ellipsize(status, width - x - PAD, FONT, SCALE, 1), (x, y), FONT, SCALE,
                STATUS_COLOR, 1, cv2.LINE_AA)
    cv2.putText(img, ellipsize(HELP, inner, FONT, 0.45, 1), (PAD, y + ROW_H), FONT, 0.45, HELP_COLOR, 1,
                cv2.LINE_AA)
    return img


def held_frame(last: tuple[int, np.ndarray] | None, t_ms: int, hold_ms: int) -> np.ndarray | None:
    """A recorded session's camera view at ``t_ms``: its last frame until ``hold_ms`` after
    it (frames are only recorded while the camera captures), then a blank view."""
    if last is None:
        return None
    t_frame, bgr = last
    return bgr if 0 <= t_ms - t_frame <= hold_ms else None


class EmulatorView:
    """Composes one window image per call; the strip is redrawn only when it changes."""

    def __init__(self, hud: HudRenderer, rows: int = 5) -> None:
        self.hud = hud
        self.rows = rows
        width = hud.config.width
        self.zoom = max(1, math.ceil(MIN_WIDTH / width))
        self.width = width * self.zoom
        self.hud_height = hud.config.height * self.zoom
        self.height = self.hud_height + strip_height(rows)
        self._strip_key: tuple | None = None
        self._strip: np.ndarray | None = None

    def strip(self, entries: Sequence[Entry], status: str, recording: bool) -> np.ndarray:
        key = (tuple(entries), status, recording)
        if key != self._strip_key or self._strip is None:
            self._strip = render_strip(entries, status, recording, self.width, self.rows)
            self._strip_key = key
        return self._strip

    def frame(self, state: HudState, t_ms: int, camera: np.ndarray | None, entries: Sequence[Entry],
              status: str, recording: bool = False) -> np.ndarray:
        top = self.hud.frame(state, t_ms, camera)
        if self.zoom > 1:
            top = cv2.resize(top, (self.width, self.hud_height), interpolation=cv2.INTER_NEAREST)
        out = np.empty((self.height, self.width, 3), np.uint8)
        out[:self.hud_height] = top
        out[self.hud_height:] = self.strip(entries, status, recording)
        return out

"""The drawing operations of the HUD and its colours: text, boxes, dots and stars, each with
the pixel box it covers (pure data; glasses/hud/render.py draws them)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2

Color = tuple[int, int, int]  # BGR

WHITE: Color = (245, 245, 245)
GREY: Color = (170, 170, 170)
DIM: Color = (120, 120, 120)
PANEL: Color = (38, 34, 30)
BAR: Color = (22, 22, 22)
RED: Color = (40, 40, 235)
GOLD: Color = (0, 200, 255)
MODE_COLORS: dict[str, Color] = {
    "idle": (150, 150, 150), "listening": (90, 220, 90), "thinking": (0, 215, 255),
    "looking": (255, 200, 40), "speaking": (255, 150, 90),
}
MODE_LABELS = {"idle": "Ready", "listening": "Listening", "thinking": "Thinking",
               "looking": "Looking", "speaking": "Speaking"}
TIMER: Color = (0, 165, 255)  # countdowns in the status bar and on cards (a card's own colour is its accent)


@dataclass(frozen=True, slots=True)
class Text:
    x: int
    y: int  # baseline
    text: str
    font: int
    scale: float
    thickness: int
    color: Color
    role: str = ""  # what the text is (mode, timer, camera, title, price, body, page, heard, error)

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1), descenders and stroke included."""
        (w, h), base = cv2.getTextSize(self.text, self.font, self.scale, self.thickness)
        pad = self.thickness // 2 + 1
        return (self.x - pad, self.y - h - pad, self.x + w + pad, self.y + base + pad)


@dataclass(frozen=True, slots=True)
class Box:
    x0: int
    y0: int
    x1: int
    y1: int
    color: Color
    thickness: int = -1  # -1: filled
    role: str = ""

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True, slots=True)
class Dot:
    cx: int
    cy: int
    r: int
    color: Color
    role: str = ""

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.cx - self.r, self.cy - self.r, self.cx + self.r, self.cy + self.r)


@dataclass(frozen=True, slots=True)
class Star:
    cx: int
    cy: int
    r: int
    fill: float  # 0..1: how much of the star, from the left, is gold
    role: str = "rating"

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.cx - self.r, self.cy - self.r, self.cx + self.r, self.cy + self.r)


Op = Text | Box | Dot | Star


def ascent(font: int, scale: float, th: int) -> int:
    return cv2.getTextSize("A", font, scale, th)[0][1] + th // 2 + 1


def descent(font: int, scale: float, th: int) -> int:
    return cv2.getTextSize("g", font, scale, th)[1] + th // 2 + 1

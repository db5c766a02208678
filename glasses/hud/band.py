"""The directions band of the HUD (a glasses.cards.Band): an arrow pointing the way relative to
where the wearer faces, the distance to the next turn, the instruction, and the map's credit.
``band_ops`` lays it out under the status bar (pure, like the rest of the layout)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from glasses.cards import Band
from glasses.hud.ops import BAR, GREY, WHITE, Box, Text, ascent
from glasses.hud.text import ellipsize, line_height, to_ascii

COLOR = (90, 220, 90)        # BGR green: the way to go
OFF_COLOR = (0, 165, 255)    # orange: off the route, pointing back to it


@dataclass(frozen=True, slots=True)
class Arrow:
    """A filled arrow in a circle, pointing ``deg`` clockwise from straight up."""

    cx: int
    cy: int
    r: int
    deg: float
    color: tuple[int, int, int]
    role: str = "arrow"

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.cx - self.r, self.cy - self.r, self.cx + self.r, self.cy + self.r)

    def points(self) -> np.ndarray:
        shape = [(0.0, -0.85), (0.55, -0.05), (0.2, -0.05), (0.2, 0.75), (-0.2, 0.75), (-0.2, -0.05),
                 (-0.55, -0.05)]
        a = math.radians(self.deg)
        ca, sa = math.cos(a), math.sin(a)
        return np.array([[round(self.cx + self.r * (x * ca - y * sa)), round(self.cy + self.r * (x * sa + y * ca))]
                         for x, y in shape], dtype=np.int32)

    def draw(self, img: np.ndarray) -> None:
        cv2.circle(img, (self.cx, self.cy), self.r, (60, 60, 60), max(1, self.r // 12), cv2.LINE_AA)
        cv2.fillPoly(img, [self.points()], self.color, cv2.LINE_AA)


def band_ops(ops: list, view: Band, top: int, cfg, f) -> int:
    """Draw the band from ``top``; returns the new top for the rest of the layout."""
    m = f.margin
    bfont, bscale, bth = f.title
    sfont, sscale, sth = f.small
    h = line_height(bfont, bscale, bth) + 2 * line_height(sfont, sscale, sth) + m
    r = (h - m) // 2
    ops.append(Box(0, top, cfg.width - 1, top + h, BAR, role="band"))
    deg = view.arrow_deg if view.arrow_deg is not None else view.bearing_deg
    ops.append(Arrow(m + r, top + h // 2, r, deg, OFF_COLOR if view.off_route else COLOR))
    x = 2 * m + 2 * r
    room = cfg.width - x - m
    y = top + m // 2
    head = "Back to the route" if view.off_route else view.distance
    ops.append(Text(x, y + ascent(bfont, bscale, bth), ellipsize(to_ascii(head), room, bfont, bscale, bth),
                    bfont, bscale, bth, WHITE, role="band_distance"))
    y += line_height(bfont, bscale, bth)
    what = view.instruction if not view.off_route else f"to {view.destination}"
    ops.append(Text(x, y + ascent(sfont, sscale, sth), ellipsize(to_ascii(what), room, sfont, sscale, sth),
                    sfont, sscale, sth, WHITE, role="band_instruction"))
    y += line_height(sfont, sscale, sth)
    ops.append(Text(x, y + ascent(sfont, sscale, sth), ellipsize(to_ascii(view.credit), room, sfont, sscale, sth),
                    sfont, sscale, sth, GREY, role="credit"))
    return top + h

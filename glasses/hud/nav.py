"""The navigation band of the HUD: an arrow pointing the way relative to where the wearer
faces, the distance to the next turn, the street, and the OpenStreetMap credit.

``nav_view`` reduces a NavUpdate to what is drawn, rounded so that GPS jitter does not
redraw the display every second (arrow to 10 degrees, distance as spoken); ``nav_band``
lays it out under the status bar (pure, like the rest of the layout).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from glasses.nav import OSM_CREDIT
from glasses.nav.speech import spoken_distance

ARROW_STEP_DEG = 10
COLOR = (90, 220, 90)        # BGR green: the way to go
OFF_COLOR = (0, 165, 255)    # orange: off the route, pointing back to it
CREDIT = OSM_CREDIT.replace("©", "(c)")  # the HUD font draws ASCII only


@dataclass(frozen=True, slots=True)
class NavView:
    arrow_deg: int | None      # relative to where the wearer faces; None: heading unknown (north-up)
    bearing_deg: int
    distance: str              # "40 metres"
    instruction: str
    street: str
    destination: str
    off_route: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"arrow_deg": self.arrow_deg, "bearing_deg": self.bearing_deg, "distance": self.distance,
                "instruction": self.instruction, "street": self.street, "destination": self.destination,
                "off_route": self.off_route}


def nav_view(update: Any) -> NavView | None:
    """The band for a NavUpdate, or None once navigation stopped or arrived."""
    if update.state != "guiding":
        return None
    arrow = None if update.arrow_deg is None else int(round(update.arrow_deg / ARROW_STEP_DEG) * ARROW_STEP_DEG)
    if arrow == -180:
        arrow = 180
    return NavView(arrow, int(round(update.bearing_deg / ARROW_STEP_DEG) * ARROW_STEP_DEG) % 360,
                   spoken_distance(update.to_turn_m).replace(" metres", " m").replace(" kilometres", " km"),
                   update.instruction, update.street, update.destination, update.off_route)


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


def nav_band(ops: list, view: NavView, top: int, cfg, f) -> int:
    """Draw the band from ``top``; returns the new top for the rest of the layout."""
    from glasses.hud.layout import BAR, GREY, WHITE, Box, Text, _ascent
    from glasses.hud.text import ellipsize, line_height, to_ascii

    m = f.margin
    bfont, bscale, bth = f.title
    sfont, sscale, sth = f.small
    h = line_height(bfont, bscale, bth) + 2 * line_height(sfont, sscale, sth) + m
    r = (h - m) // 2
    ops.append(Box(0, top, cfg.width - 1, top + h, BAR, role="nav"))
    deg = view.arrow_deg if view.arrow_deg is not None else view.bearing_deg
    ops.append(Arrow(m + r, top + h // 2, r, deg, OFF_COLOR if view.off_route else COLOR))
    x = 2 * m + 2 * r
    room = cfg.width - x - m
    y = top + m // 2
    head = "Back to the route" if view.off_route else view.distance
    ops.append(Text(x, y + _ascent(bfont, bscale, bth), ellipsize(to_ascii(head), room, bfont, bscale, bth),
                    bfont, bscale, bth, WHITE, role="nav_distance"))
    y += line_height(bfont, bscale, bth)
    what = view.instruction if not view.off_route else f"to {view.destination}"
    ops.append(Text(x, y + _ascent(sfont, sscale, sth), ellipsize(to_ascii(what), room, sfont, sscale, sth),
                    sfont, sscale, sth, WHITE, role="nav_instruction"))
    y += line_height(sfont, sscale, sth)
    ops.append(Text(x, y + _ascent(sfont, sscale, sth), ellipsize(CREDIT, room, sfont, sscale, sth),
                    sfont, sscale, sth, GREY, role="credit"))
    return top + h

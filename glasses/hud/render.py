"""Drawing the HUD: ``render(state, t_ms, config)`` -> HxWx3 uint8 BGR image.

Black means "nothing drawn" (transparent on a see-through display); ``composite``
lays the HUD over a camera frame as the wearer would see it. ``HudRenderer`` keeps
the last image and redraws only when something visible (content, a timer's second, a
page) changed, so calling it for every camera frame is cheap.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from glasses.hud.config import HudConfig
from glasses.hud.layout import Box, Dot, Op, Star, Text, layout
from glasses.hud.state import HudState

_STAR_GREY = (90, 90, 90)
_STAR_GOLD = (0, 200, 255)


def render(state: HudState, t_ms: int, config: HudConfig | None = None) -> np.ndarray:
    """The HUD for ``state`` at session time ``t_ms`` as a new BGR image."""
    cfg = config or HudConfig()
    img = np.zeros((cfg.height, cfg.width, 3), np.uint8)
    draw(img, layout(state, t_ms, cfg))
    if cfg.mirror:
        img = np.ascontiguousarray(img[:, ::-1])
    return img


def draw(img: np.ndarray, ops: list[Op]) -> None:
    for op in ops:
        if isinstance(op, Text):
            cv2.putText(img, op.text, (op.x, op.y), op.font, op.scale, op.color, op.thickness, cv2.LINE_AA)
        elif isinstance(op, Box):
            cv2.rectangle(img, (op.x0, op.y0), (op.x1, op.y1), op.color, op.thickness)
        elif isinstance(op, Dot):
            cv2.circle(img, (op.cx, op.cy), op.r, op.color, -1, cv2.LINE_AA)
        elif isinstance(op, Star):
            _star(img, op)
        elif hasattr(op, "draw"):  # ops that draw themselves (the navigation arrow)
            op.draw(img)


def _star_points(cx: int, cy: int, r: int) -> np.ndarray:
    pts = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    return np.round(np.array(pts)).astype(np.int32)


def _star(img: np.ndarray, op: Star) -> None:
    pts = _star_points(op.cx, op.cy, op.r)
    cv2.fillPoly(img, [pts], _STAR_GREY, cv2.LINE_AA)
    if op.fill <= 0:
        return
    split = op.cx - op.r + int(round(2 * op.r * op.fill)) + 1
    x0, x1 = max(0, op.cx - op.r - 1), min(img.shape[1], split)
    y0, y1 = max(0, op.cy - op.r - 1), min(img.shape[0], op.cy + op.r + 2)
    if x1 <= x0:
        return
    roi = img[y0:y1, x0:x1]
    cv2.fillPoly(roi, [pts - np.array([x0, y0], np.int32)], _STAR_GOLD, cv2.LINE_AA)


def composite(frame: np.ndarray | None, hud: np.ndarray, opacity: float = 0.85) -> np.ndarray:
    """The camera ``frame`` (scaled and centre-cropped to the HUD's size) with the HUD over it.

    Where the HUD is black the camera shows through; elsewhere the HUD covers it at
    ``opacity``. With no frame the HUD is drawn over a dark grey view.
    """
    h, w = hud.shape[:2]
    if frame is None:
        view = np.full_like(hud, 40)
    else:
        view = _cover(frame, w, h)
    mask = cv2.cvtColor(hud, cv2.COLOR_BGR2GRAY)
    blended = cv2.addWeighted(hud, opacity, view, 1.0 - opacity, 0.0)
    cv2.copyTo(blended, mask, view)
    return view


def _cover(frame: np.ndarray, w: int, h: int) -> np.ndarray:
    fh, fw = frame.shape[:2]
    if (fw, fh) == (w, h):
        return frame.copy()
    scale = max(w / fw, h / fh)
    nw, nh = max(w, round(fw * scale)), max(h, round(fh * scale))
    resized = cv2.resize(frame, (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    x, y = (nw - w) // 2, (nh - h) // 2
    return np.ascontiguousarray(resized[y:y + h, x:x + w])


class HudRenderer:
    """``render`` with a one-image memory: redraws only when the picture would differ."""

    def __init__(self, config: HudConfig | None = None) -> None:
        self.config = config or HudConfig()
        self._key: tuple | None = None
        self._image: np.ndarray | None = None
        self.redraws = 0

    def render(self, state: HudState, t_ms: int) -> np.ndarray:
        """The HUD image (read-only; copy it before drawing on it)."""
        key = _time_key(state, t_ms, self.config)
        if key != self._key or self._image is None:
            image = render(state, t_ms, self.config)
            image.flags.writeable = False
            self._key, self._image = key, image
            self.redraws += 1
        return self._image

    def frame(self, state: HudState, t_ms: int, camera: np.ndarray | None) -> np.ndarray:
        """The camera view with the HUD composited over it (what the emulator shows)."""
        return composite(camera, self.render(state, t_ms), self.config.opacity)


def _time_key(state: HudState, t_ms: int, cfg: HudConfig) -> tuple:
    """Everything time-dependent that the picture shows: page, timer seconds, blink phase."""
    page = (t_ms - state.card_t_ms) // cfg.page_ms if state.card is not None else 0
    ends = [x.ends_at_ms for x in state.timers]
    if state.card is not None and state.card.ends_at_ms is not None:
        ends.append(state.card.ends_at_ms)
    if state.card is not None:
        ends.extend(e for _, e in state.card.countdowns)
    seconds = tuple(max(0, math.ceil((e - t_ms) / 1000)) for e in ends)
    blink = (t_ms // 500) % 2 if any(e <= t_ms for e in ends) else 0
    return (state.visible(), page, seconds, blink)

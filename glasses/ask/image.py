"""A camera frame as the picture for look-and-ask: a JPEG data URL at most ``max_side`` pixels
on its long side, with faces blurred, and at most ``max_bytes`` (quality, then size, is lowered
until it fits). The frame is checked before anything is allocated."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np

from glasses.errors import GlassesError
from glasses.limits import MAX_FRAME_PIXELS

MAX_SIDE = 768
MAX_JPEG_BYTES = 300_000
QUALITIES = (85, 75, 60, 45)


@dataclass(frozen=True, slots=True)
class Picture:
    data_url: str
    width: int
    height: int
    jpeg_bytes: int
    faces_blurred: int


def frame_to_data_url(bgr: np.ndarray, blurrer, *, max_side: int = MAX_SIDE,
                      max_bytes: int = MAX_JPEG_BYTES) -> Picture:
    """``bgr`` (H x W x 3 uint8, or H x W grey) resized, face-blurred by ``blurrer`` (an object
    with ``faces`` and ``blur``, e.g. glasses.vision.faces.FaceBlurrer) and JPEG-encoded."""
    import cv2

    if not isinstance(bgr, np.ndarray) or bgr.dtype != np.uint8 or bgr.ndim not in (2, 3) \
            or (bgr.ndim == 3 and bgr.shape[2] not in (1, 3, 4)):
        raise GlassesError("the frame is not an 8-bit grey, BGR or BGRA image", where="ask.image")
    h, w = bgr.shape[:2]
    if h == 0 or w == 0 or h * w > MAX_FRAME_PIXELS:
        raise GlassesError(f"the frame is {w}x{h}; at most {MAX_FRAME_PIXELS} pixels", where="ask.image")
    if bgr.ndim == 2 or bgr.shape[2] == 1:
        bgr = cv2.cvtColor(bgr, cv2.COLOR_GRAY2BGR)
    elif bgr.shape[2] == 4:
        bgr = cv2.cvtColor(bgr, cv2.COLOR_BGRA2BGR)
    side = max_side
    while True:
        scale = min(1.0, side / max(h, w))
        img = bgr if scale == 1.0 else cv2.resize(bgr, (max(1, round(w * scale)), max(1, round(h * scale))),
                                                  interpolation=cv2.INTER_AREA)
        faces = len(blurrer.faces(img))
        img = blurrer.blur(img) if faces else img
        for quality in QUALITIES:
            ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
            if not ok:
                raise GlassesError("the frame could not be encoded as JPEG", where="ask.image")
            if len(enc) <= max_bytes:
                data = base64.b64encode(enc.tobytes()).decode("ascii")
                return Picture(f"data:image/jpeg;base64,{data}", img.shape[1], img.shape[0], len(enc), faces)
        if side <= 64:
            raise GlassesError(f"the frame does not fit in {max_bytes} bytes as a JPEG", where="ask.image")
        side = int(side * 0.7)

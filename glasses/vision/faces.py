"""Blurring faces in frames that are about to be recorded (privacy by default).

Uses the frontal and profile Haar cascades that ship inside the opencv-python 4.x wheel
(``cv2.data.haarcascades``); no model download. A Haar cascade misses some faces (strong
turn, poor light), so detected boxes are grown by ``margin`` and blurred hard; the blur
is pixelation followed by a Gaussian so nothing of the face remains readable.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from glasses.errors import ModelError

CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml")


class FaceBlurrer:
    """``blur(bgr) -> bgr`` with every detected face pixelated; ``faces(bgr)`` gives the boxes."""

    def __init__(self, min_size: int = 24, margin: float = 0.25, max_side: int = 640) -> None:
        self.min_size = min_size
        self.margin = margin
        self.max_side = max_side
        self._cascades: list = []
        self._lock = threading.Lock()

    def _load(self) -> list:
        import cv2

        with self._lock:
            if self._cascades:
                return self._cascades
            folder = Path(getattr(getattr(cv2, "data", None), "haarcascades", "") or "")
            loaded = []
            for name in CASCADES:
                path = folder / name
                c = cv2.CascadeClassifier(str(path)) if path.is_file() else None
                if c is not None and not c.empty():
                    loaded.append(c)
            if not loaded:
                raise ModelError("no Haar face cascade found in cv2.data.haarcascades "
                                 "(opencv-python 4.x ships them; 5.x does not)")
            self._cascades = loaded
            return loaded

    def faces(self, bgr: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Face boxes (x, y, w, h) in frame pixels."""
        import cv2

        cascades = self._load()
        h, w = bgr.shape[:2]
        scale = min(1.0, self.max_side / max(h, w))
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        if scale < 1.0:
            gray = cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        gray = cv2.equalizeHist(gray)
        min_side = max(12, round(self.min_size * scale))
        found: list[tuple[int, int, int, int]] = []
        for i, c in enumerate(cascades):
            for flip in ((False, True) if i > 0 else (False,)):  # profile cascade sees one side
                img = cv2.flip(gray, 1) if flip else gray
                rects = c.detectMultiScale(img, scaleFactor=1.1, minNeighbors=4,
                                           minSize=(min_side, min_side))
                for (x, y, fw, fh) in rects if len(rects) else ():
                    if flip:
                        x = img.shape[1] - x - fw
                    found.append((round(x / scale), round(y / scale), round(fw / scale), round(fh / scale)))
        return found

    def blur(self, bgr: np.ndarray) -> np.ndarray:
        """A copy of ``bgr`` with faces pixelated and blurred (the input is not changed)."""
        import cv2

        out = bgr.copy()
        h, w = out.shape[:2]
        for (x, y, fw, fh) in self.faces(bgr):
            mx, my = round(fw * self.margin), round(fh * self.margin)
            x0, y0 = max(0, x - mx), max(0, y - my)
            x1, y1 = min(w, x + fw + mx), min(h, y + fh + my)
            roi = out[y0:y1, x0:x1]
            if roi.size == 0:
                continue
            small = cv2.resize(roi, (max(1, (x1 - x0) // 12), max(1, (y1 - y0) // 12)),
                               interpolation=cv2.INTER_AREA)
            pix = cv2.resize(small, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)
            k = max(3, ((x1 - x0) // 6) | 1)
            out[y0:y1, x0:x1] = cv2.GaussianBlur(pix, (k, k), 0)
        return out


class NoBlur:
    """Leaves frames as they are (config: look.blur_faces false)."""

    def faces(self, bgr: np.ndarray) -> list[tuple[int, int, int, int]]:
        return []

    def blur(self, bgr: np.ndarray) -> np.ndarray:
        return bgr

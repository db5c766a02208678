"""Reading text with PP-OCR ONNX models (rapidocr-onnxruntime), in reading order.

``RapidOcrEngine`` loads its models lazily, once, on the first ``read`` (about 365 MB
RSS and a second or two of start-up), so a session that never reads text never pays.
``order_lines`` turns the detector's word boxes into the lines a person would read:
top to bottom, left to right, boxes on the same baseline joined with spaces.
Test doubles (fixed lines) live in glasses/vision/fakes.py.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from glasses.errors import ModelError


@dataclass(frozen=True, slots=True)
class TextBox:
    """One detected piece of text: its words, recognition confidence 0..1, and box
    as (x0, y0, x1, y1) in pixels of the analysed frame."""

    text: str
    confidence: float
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line in reading order: joined text, mean confidence, the line's box."""

    text: str
    confidence: float
    box: tuple[float, float, float, float]


@runtime_checkable
class OcrEngine(Protocol):
    name: str

    def read(self, bgr: np.ndarray) -> list[TextLine]: ...


def order_lines(boxes: Sequence[TextBox], min_confidence: float = 0.0) -> list[TextLine]:
    """Group boxes into lines (vertical overlap over half the smaller height) and sort.

    Boxes are first sorted by their vertical centre; a box joins the current line when it
    overlaps the line's vertical extent by at least half of the smaller of the two
    heights. Lines are ordered top to bottom, boxes in a line left to right.
    """
    kept = [b for b in boxes if b.text.strip() and b.confidence >= min_confidence]
    kept.sort(key=lambda b: (b.box[1] + b.box[3]) / 2)
    lines: list[list[TextBox]] = []
    extents: list[list[float]] = []
    for b in kept:
        y0, y1 = b.box[1], b.box[3]
        placed = False
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            ly0, ly1 = extents[i]
            overlap = min(y1, ly1) - max(y0, ly0)
            if overlap >= 0.5 * min(y1 - y0, ly1 - ly0):
                lines[i].append(b)
                extents[i] = [min(ly0, y0), max(ly1, y1)]
                placed = True
                break
        if not placed:
            lines.append([b])
            extents.append([y0, y1])
    out: list[TextLine] = []
    for group, (ly0, ly1) in sorted(zip(lines, extents), key=lambda z: (z[1][0] + z[1][1]) / 2):
        group.sort(key=lambda b: b.box[0])
        text = " ".join(" ".join(b.text.split()) for b in group)
        conf = sum(b.confidence * len(b.text) for b in group) / max(1, sum(len(b.text) for b in group))
        box = (min(b.box[0] for b in group), ly0, max(b.box[2] for b in group), ly1)
        out.append(TextLine(text, round(conf, 3), box))
    return out


class RapidOcrEngine:
    """PP-OCRv4 detection + recognition through onnxruntime (models ship in the wheel).

    max_side: frames are scaled down so the longer side is at most this many pixels
    (speed); min_confidence: recognised boxes below it are dropped.
    """

    name = "rapidocr-onnxruntime"

    def __init__(self, max_side: int = 960, min_confidence: float = 0.5, threads: int = 0,
                 use_angle_cls: bool = False) -> None:
        self.max_side = max_side
        self.min_confidence = min_confidence
        self.threads = threads
        self.use_angle_cls = use_angle_cls
        self._engine = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def load(self) -> None:
        """Load the models now (otherwise the first ``read`` does it)."""
        with self._lock:
            if self._engine is not None:
                return
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError:
                raise ModelError("text reading needs rapidocr-onnxruntime: "
                                 "pip install rapidocr-onnxruntime") from None
            kwargs = {}
            if self.threads:
                kwargs = {"intra_op_num_threads": self.threads, "inter_op_num_threads": 1}
            try:
                self._engine = RapidOCR(use_cls=self.use_angle_cls, **kwargs)
            except Exception as exc:  # missing or damaged model files inside the wheel
                raise ModelError(f"cannot load the OCR models: {str(exc).splitlines()[0]}") from None

    def boxes(self, bgr: np.ndarray) -> list[TextBox]:
        import cv2

        self.load()
        h, w = bgr.shape[:2]
        scale = min(1.0, self.max_side / max(h, w))
        img = cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA) \
            if scale < 1.0 else bgr
        with self._lock:
            result, _elapse = self._engine(img, use_cls=self.use_angle_cls)
        out: list[TextBox] = []
        for pts, text, score in result or ():
            xs = [p[0] / scale for p in pts]
            ys = [p[1] / scale for p in pts]
            out.append(TextBox(str(text), float(score), (min(xs), min(ys), max(xs), max(ys))))
        return out

    def read(self, bgr: np.ndarray) -> list[TextLine]:
        return order_lines(self.boxes(bgr), self.min_confidence)


class NullOcrEngine:
    """Reads nothing (the null twin when OCR is switched off)."""

    name = "null"

    def __init__(self) -> None:
        self.calls = 0

    def read(self, bgr: np.ndarray) -> list[TextLine]:
        self.calls += 1
        return []

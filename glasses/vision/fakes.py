"""Test doubles for the vision engines (same interfaces as the real ones), kept out of the
production modules: ``FakeOcrEngine`` reads fixed lines, ``FixedBarcodeReader`` finds fixed
barcodes, both in every frame, counting calls."""

from __future__ import annotations

import numpy as np

from glasses.vision.barcode import Barcode, ReadResult
from glasses.vision.ocr import TextLine


class FakeOcrEngine:
    """Returns the same lines for every frame; counts calls."""

    name = "fake"

    def __init__(self, *lines: str, confidence: float = 0.95) -> None:
        self.lines = [TextLine(t, confidence, (0.0, i * 20.0, 100.0, i * 20.0 + 18)) for i, t in
                      enumerate(lines)]
        self.calls = 0

    def read(self, bgr: np.ndarray) -> list[TextLine]:
        self.calls += 1
        return list(self.lines)


class FixedBarcodeReader:
    """Finds the same barcodes in every frame (a fake twin for tests of the skill)."""

    name = "fixed"

    def __init__(self, *barcodes: Barcode) -> None:
        self.barcodes = tuple(barcodes)
        self.calls = 0

    def scan(self, bgr: np.ndarray) -> ReadResult:
        self.calls += 1
        return ReadResult(self.barcodes)

    def read(self, bgr: np.ndarray) -> list[Barcode]:
        return list(self.scan(bgr).barcodes)

"""Barcode reading: EAN-13, EAN-8, UPC-A, UPC-E and QR from a BGR frame.

Two readers share one interface (``read(bgr) -> list[Barcode]``):

- ``ZxingReader`` (zxing-cpp): on the real photos in ../shared/data/barcodes it decodes
  twice as many as OpenCV, at about 1 ms a frame instead of 18 (see docs/look.md).
- ``OpenCVReader`` (``cv2.barcode`` + ``cv2.QRCodeDetector``): no extra package; on our
  blurred synthetic packaging it catches some codes zxing-cpp misses.

``make_reader("auto")`` chains them (``ChainReader``): zxing-cpp first, OpenCV only on
frames where zxing-cpp found nothing.
Retail codes come back in the catalog's canonical form (``gtin.canonical``): GTIN-13,
or 8 digits for EAN-8, so a UPC-A and the EAN-13 that OpenCV reports for it agree.
``NullBarcodeReader`` finds nothing (the null twin); test doubles live in glasses/vision/fakes.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

from glasses.errors import GlassesError
from glasses.products import gtin

TYPES = ("ean13", "ean8", "upca", "upce", "qr")


@dataclass(frozen=True, slots=True)
class Barcode:
    """A decoded barcode. type: one of TYPES; value: canonical (GTIN-13 for retail codes);
    raw: the text as the symbol carries it (12 digits for UPC-A, 8 for UPC-E)."""

    type: str
    value: str
    raw: str = ""

    @property
    def retail(self) -> bool:
        return self.type != "qr"

    def to_json(self) -> dict[str, str]:
        return {"type": self.type, "value": self.value}


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Decoded barcodes plus how many symbols were seen but could not be decoded."""

    barcodes: tuple[Barcode, ...]
    undecoded: int = 0


@runtime_checkable
class BarcodeReader(Protocol):
    name: str

    def read(self, bgr: np.ndarray) -> list[Barcode]: ...

    def scan(self, bgr: np.ndarray) -> ReadResult: ...


def _gray(bgr: np.ndarray) -> np.ndarray:
    import cv2

    if bgr.ndim == 2:
        return bgr
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


def _dedupe(codes: list[Barcode]) -> list[Barcode]:
    seen: dict[tuple[str, str], Barcode] = {}
    for c in codes:
        seen.setdefault((c.type, c.value), c)
    return list(seen.values())


def _retail(kind: str, text: str) -> Barcode | None:
    text = text.strip()
    if not text.isdigit():
        return None
    value = gtin.canonical(text, kind)
    if kind != "upce" and not gtin.is_valid(value):
        return None
    if kind == "ean13" and value.startswith("0"):
        kind = "upca"  # an EAN-13 with a leading 0 is a UPC-A
    return Barcode(kind, value, text)


class ZxingReader:
    """zxing-cpp reader. try_harder: also rotated, inverted and downscaled passes."""

    name = "zxing-cpp"

    def __init__(self, try_harder: bool = True) -> None:
        try:
            import zxingcpp
        except ImportError:
            raise GlassesError("zxing-cpp is not installed: pip install zxing-cpp "
                               "(or set look.barcode_reader: opencv)") from None
        self._z = zxingcpp
        F = zxingcpp.BarcodeFormat
        self._formats = (F.EAN13, F.EAN8, F.UPCA, F.UPCE, F.QRCode)
        self._kinds = {F.EAN13: "ean13", F.EAN8: "ean8", F.UPCA: "upca", F.UPCE: "upce",
                       F.QRCode: "qr"}
        self.try_harder = try_harder

    def scan(self, bgr: np.ndarray) -> ReadResult:
        gray = np.ascontiguousarray(_gray(bgr))
        h = self.try_harder
        results = self._z.read_barcodes(gray, formats=self._formats, try_rotate=h,
                                        try_downscale=h, try_invert=h, return_errors=True)
        out: list[Barcode] = []
        undecoded = 0
        for r in results:
            kind = self._kinds.get(r.format)
            if kind is None:
                continue
            if not r.valid:
                undecoded += 1
                continue
            if kind == "qr":
                out.append(Barcode("qr", r.text, r.text))
            else:
                code = _retail(kind, r.text)
                if code:
                    out.append(code)
                else:
                    undecoded += 1
        return ReadResult(tuple(_dedupe(out)), undecoded)

    def read(self, bgr: np.ndarray) -> list[Barcode]:
        return list(self.scan(bgr).barcodes)


class OpenCVReader:
    """OpenCV's ``cv2.barcode.BarcodeDetector`` (1-D codes) and ``cv2.QRCodeDetector``."""

    name = "opencv"
    _KINDS = {"EAN_13": "ean13", "EAN_8": "ean8", "UPC_A": "upca", "UPC_E": "upce"}

    def __init__(self, qr: bool = True) -> None:
        self._want_qr = qr
        self._bar: Any = None  # made on the first scan: OpenCV stays unloaded where nothing is seen
        self._qr: Any = None

    def _detectors(self) -> None:
        import cv2

        self._bar = cv2.barcode.BarcodeDetector()
        self._qr = cv2.QRCodeDetector() if self._want_qr else None

    def scan(self, bgr: np.ndarray) -> ReadResult:
        if self._bar is None:
            self._detectors()
        img = bgr if bgr.ndim == 3 else np.dstack([bgr] * 3)
        out: list[Barcode] = []
        undecoded = 0
        try:
            ok, infos, types, _pts = self._bar.detectAndDecodeWithType(img)
        except Exception:  # OpenCV raises cv2.error on degenerate input
            ok, infos, types = False, (), ()
        if ok or infos:
            for text, kind in zip(infos, types):
                k = self._KINDS.get(kind)
                code = _retail(k, text) if k and text else None
                if code:
                    out.append(code)
                else:
                    undecoded += 1
        if self._qr is not None:
            try:
                ok, texts, _pts, _ = self._qr.detectAndDecodeMulti(img)
            except Exception:
                ok, texts = False, ()
            if ok:
                for t in texts:
                    if t:
                        out.append(Barcode("qr", t, t))
                    else:
                        undecoded += 1
        return ReadResult(tuple(_dedupe(out)), undecoded)

    def read(self, bgr: np.ndarray) -> list[Barcode]:
        return list(self.scan(bgr).barcodes)


class NullBarcodeReader:
    """Finds nothing: for a rig without a barcode reader and for tests."""

    name = "null"

    def scan(self, bgr: np.ndarray) -> ReadResult:
        return ReadResult(())

    def read(self, bgr: np.ndarray) -> list[Barcode]:
        return []


class ChainReader:
    """Tries readers in order and returns the first that decodes something: zxing-cpp
    (fast, strong on real photos) then OpenCV (catches some blurred prints zxing misses)."""

    def __init__(self, *readers: BarcodeReader) -> None:
        self.readers = readers
        self.name = "+".join(r.name for r in readers)

    def scan(self, bgr: np.ndarray) -> ReadResult:
        undecoded = 0
        for r in self.readers:
            res = r.scan(bgr)
            if res.barcodes:
                return res
            undecoded = max(undecoded, res.undecoded)
        return ReadResult((), undecoded)

    def read(self, bgr: np.ndarray) -> list[Barcode]:
        return list(self.scan(bgr).barcodes)


def make_reader(name: str = "auto") -> BarcodeReader:
    """``auto`` (zxing-cpp, then OpenCV when zxing finds nothing; OpenCV alone without
    zxing-cpp), ``zxing``, ``opencv`` or ``none``."""
    if name == "none":
        return NullBarcodeReader()
    if name == "opencv":
        return OpenCVReader()
    if name == "zxing":
        return ZxingReader()
    if name == "auto":
        try:
            return ChainReader(ZxingReader(), OpenCVReader())
        except GlassesError:
            return OpenCVReader()
    raise GlassesError(f"unknown barcode reader {name!r} (auto, zxing, opencv, none)")

"""The ``look:`` section of the configuration (camera, barcodes, text reading, catalog)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from glasses.configfile import FieldError, doc

CAMERA_SOURCES = ("opencv", "video", "folder", "picamera2", "none")
BARCODE_READERS = ("auto", "zxing", "opencv", "none")


@dataclass(frozen=True, slots=True)
class LookConfig:
    catalog: Path | None = field(default=None, metadata=doc(
        "product catalog (SQLite); default $XDG_DATA_HOME/glasses/catalog.sqlite"))
    demo_catalog: bool = field(default=True, metadata=doc(
        "fill an empty catalog with the bundled demo products"))
    store: str = field(default="", metadata=doc(
        "quote prices and reviews from this store (as named in the imported price list); "
        "empty: the first store that has the product"))
    timeout_s: float = field(default=1.5, metadata=doc(
        "a look request gives up after this many seconds without a confident result",
        min=0.3, max=10.0))
    camera_source: str = field(default="opencv", metadata=doc(
        "where frames come from", choices=CAMERA_SOURCES))
    camera_device: str = field(default="0", metadata=doc(
        "opencv: camera index or /dev/videoN; video: a video file; folder: a folder of images; "
        "picamera2: camera number"))
    camera_width: int = field(default=640, metadata=doc("frame width in pixels", min=160, max=4096))
    camera_height: int = field(default=480, metadata=doc("frame height in pixels", min=120, max=3072))
    continuous: bool = field(default=False, metadata=doc(
        "keep the camera open between requests (default: opened for each look, then closed)"))
    blur_faces: bool = field(default=True, metadata=doc(
        "blur faces in frames written to a session recording"))
    barcode_reader: str = field(default="auto", metadata=doc(
        "auto: zxing-cpp when installed, else OpenCV (see docs/look.md for the comparison)",
        choices=BARCODE_READERS))
    ocr: bool = field(default=True, metadata=doc("read text with the on-device OCR models"))
    ocr_passes: int = field(default=2, metadata=doc(
        "frames of a product look that also go through OCR when no barcode is found "
        "(each costs about 0.4-0.6 s on a laptop, more on a Pi)", min=0, max=20))
    ocr_max_side: int = field(default=960, metadata=doc(
        "frames are scaled down to this longer side before OCR", min=320, max=4096))
    ocr_min_confidence: float = field(default=0.5, metadata=doc(
        "recognised text below this confidence (0..1) is dropped", min=0.0, max=1.0))
    match_score: float = field(default=80.0, metadata=doc(
        "fuzzy score (0..100) at which text on a package identifies a product", min=50.0, max=100.0))
    unsure_score: float = field(default=62.0, metadata=doc(
        "below match_score but at least this: named as a guess (\"it might be ...\")",
        min=30.0, max=100.0))

    def __post_init__(self) -> None:
        if self.unsure_score > self.match_score:
            raise FieldError("unsure_score", f"must not be above match_score ({self.match_score})")
        if self.camera_source == "opencv" and not (self.camera_device.isdigit()
                                                   or self.camera_device.startswith("/dev/")):
            raise FieldError("camera_device", "for camera_source opencv give an index (0) or a "
                             "/dev/videoN path")
        if self.camera_source in ("video", "folder") and self.camera_device.isdigit():
            raise FieldError("camera_device", f"for camera_source {self.camera_source} give a path")

    @property
    def camera_size(self) -> tuple[int, int]:
        return (self.camera_width, self.camera_height)

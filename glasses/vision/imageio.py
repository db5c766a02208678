"""Loading images safely: every bad file becomes one clear GlassesError line.

``load_image(path)`` returns an HxWx3 uint8 BGR array or raises GlassesError for a
missing, empty, corrupt, truncated or enormous file (the pixel count is checked from
the header before decoding, so a decompression bomb never allocates).
``check_frame(bgr)`` validates a frame handed over by a camera.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
from PIL import Image

from glasses.errors import GlassesError
from glasses.safe_read import read_limited

MAX_PIXELS = 40_000_000     # about 7300 x 5500: above any phone camera
MAX_BYTES = 100 * 1024 * 1024
MIN_SIDE = 8


# start-of-frame markers (baseline, progressive, lossless, arithmetic): they hold the size
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}   # TEM and RST0..7 carry no length


def jpeg_size(data: bytes, where: str = "image") -> tuple[int, int]:
    """(width, height) from a JPEG's frame header, walking every marker from SOI to SOF
    (TEM and RSTn have no length; fill bytes 0xFF are skipped). Raises GlassesError for a
    header it cannot read, so such a file is never handed to a decoder."""

    def corrupt(why: str) -> GlassesError:
        return GlassesError(f"corrupt or truncated JPEG image ({why})", where=where)

    if data[:2] != b"\xff\xd8":
        raise corrupt("no start-of-image marker")
    i, n = 2, len(data)
    while True:
        if i >= n:
            raise corrupt("the file ends before the frame header")
        if data[i] != 0xFF:
            raise corrupt(f"no marker at byte {i}")
        while i < n and data[i] == 0xFF:
            i += 1
        if i >= n:
            raise corrupt("the file ends before the frame header")
        marker = data[i]
        i += 1
        if marker in _STANDALONE:
            continue
        if marker == 0x00 or marker in (0xD8, 0xD9, 0xDA):
            raise corrupt(f"marker 0x{marker:02X} before the frame header")
        if i + 2 > n:
            raise corrupt("the file ends inside a marker")
        length = int.from_bytes(data[i:i + 2], "big")
        if length < 2 or i + length > n:
            raise corrupt(f"marker 0x{marker:02X} has a bad length")
        if marker in _SOF:
            if length < 8:
                raise corrupt("frame header too short")
            height = int.from_bytes(data[i + 3:i + 5], "big")
            width = int.from_bytes(data[i + 5:i + 7], "big")
            if width == 0 or height == 0:
                raise corrupt(f"frame header says {width}x{height} pixels")
            return width, height
        i += length


def header_size(data: bytes, where: str = "image") -> tuple[int, int]:
    """(width, height) from the image's header, without decoding a pixel. A JPEG's header
    is walked here (``jpeg_size``); other formats are read by Pillow. Raises GlassesError
    for a header that cannot be read: such a file is refused, not decoded."""
    kind = _sniff(data)
    if kind == "JPEG":
        return jpeg_size(data, where)
    bomb_limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # our limit, our message
    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
    except Exception:
        if kind:
            raise GlassesError(f"corrupt or truncated {kind} image", where=where) from None
        raise GlassesError("not an image file (unknown or unsupported format)", where=where) from None
    finally:
        Image.MAX_IMAGE_PIXELS = bomb_limit
    if width <= 0 or height <= 0:
        raise GlassesError(f"the header says {width}x{height} pixels", where=where)
    return width, height


def check_size(data: bytes, where: str = "image", max_pixels: int = MAX_PIXELS) -> tuple[int, int]:
    """``header_size``, refused when it is more than ``max_pixels``."""
    width, height = header_size(data, where)
    if width * height > max_pixels:
        raise GlassesError(f"image is too large to analyse ({width}x{height} pixels, limit "
                           f"{max_pixels // 1_000_000} megapixels)", where=where)
    return width, height


def load_image(path: str | Path, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read an image file as BGR uint8; raise GlassesError with the reason in one line."""
    p = Path(path)
    where = str(p)
    if p.is_dir():
        raise GlassesError("is a folder, not an image", where=where)
    try:
        data = read_limited(p, MAX_BYTES, too_large=f"image file is too large (limit {MAX_BYTES // (1024 * 1024)} MB)")
    except FileNotFoundError:
        raise GlassesError("image not found", where=where) from None
    except OSError as exc:
        raise GlassesError(f"cannot read image: {exc.strerror or exc}", where=where) from None
    if not data:
        raise GlassesError("image file is empty (0 bytes)", where=where)
    return decode_image(data, where=where, max_pixels=max_pixels)


def decode_image(data: bytes, where: str = "image", max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode encoded image bytes (JPEG, PNG, WebP, BMP, ...) to BGR uint8."""
    import cv2

    if not data:
        raise GlassesError("image is empty (0 bytes)", where=where)
    check_size(data, where, max_pixels)  # before the decoder allocates anything
    buf = np.frombuffer(data, dtype=np.uint8)
    try:
        bgr = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    except cv2.error as exc:
        msg = str(exc).strip().splitlines()[-1] if str(exc).strip() else "decoder error"
        raise GlassesError(f"cannot decode image ({msg})", where=where) from None
    if bgr is None:
        kind = _sniff(data)
        if kind:
            raise GlassesError(f"corrupt or truncated {kind} image", where=where)
        raise GlassesError("not an image file (unknown or unsupported format)", where=where)
    if _truncated(data):
        raise GlassesError(f"truncated {_sniff(data)} image (the file ends early)", where=where)
    if bgr.shape[0] * bgr.shape[1] > max_pixels:
        raise GlassesError(f"image is too large to analyse ({bgr.shape[1]}x{bgr.shape[0]} pixels)",
                           where=where)
    return check_frame(bgr, where=where)


def check_frame(bgr: object, where: str = "frame") -> np.ndarray:
    """A camera frame as HxWx3 uint8 BGR, or a GlassesError saying what is wrong with it."""
    if bgr is None:
        raise GlassesError("empty frame (no pixels)", where=where)
    if not isinstance(bgr, np.ndarray):
        raise GlassesError(f"frame is not an image array ({type(bgr).__name__})", where=where)
    if bgr.size == 0:
        raise GlassesError("empty frame (no pixels)", where=where)
    if bgr.dtype != np.uint8:
        raise GlassesError(f"frame has pixel type {bgr.dtype}, expected uint8", where=where)
    if bgr.ndim == 2:
        import cv2

        bgr = cv2.cvtColor(bgr, cv2.COLOR_GRAY2BGR)
    elif bgr.ndim == 3 and bgr.shape[2] == 4:
        import cv2

        bgr = cv2.cvtColor(bgr, cv2.COLOR_BGRA2BGR)
    elif bgr.ndim != 3 or bgr.shape[2] != 3:
        raise GlassesError(f"frame has shape {bgr.shape}, expected height x width x 3", where=where)
    if max(bgr.shape[:2]) < MIN_SIDE:  # a thin strip (a 69 x 1 barcode) is still an image
        raise GlassesError(f"frame is too small ({bgr.shape[1]}x{bgr.shape[0]} pixels)", where=where)
    return bgr


def _sniff(data: bytes) -> str:
    if data[:2] == b"\xff\xd8":  # SOI; the header walk (jpeg_size) judges the rest
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[:2] == b"BM":
        return "BMP"
    if data[:4] in (b"GIF8",):
        return "GIF"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    return ""


def _truncated(data: bytes) -> bool:
    """OpenCV decodes a cut-off JPEG or PNG into a half-grey picture: catch that."""
    kind = _sniff(data)
    tail = data[-64:]
    if kind == "JPEG":
        return b"\xff\xd9" not in tail
    if kind == "PNG":
        return b"IEND" not in tail
    if kind == "WebP":
        declared = struct.unpack("<I", data[4:8])[0] + 8
        return len(data) < declared
    return False

"""Loading images safely: every bad file becomes one clear GlassesError line.

``load_image(path)`` returns an HxWx3 uint8 BGR array or raises GlassesError for a
missing, empty, corrupt, truncated or enormous file (the pixel count is checked from
the header before decoding, so a decompression bomb never allocates).
``check_frame(bgr)`` validates a frame handed over by a camera.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from glasses.errors import GlassesError

MAX_PIXELS = 40_000_000     # about 7300 x 5500: above any phone camera
MAX_BYTES = 100 * 1024 * 1024
MIN_SIDE = 8


def _header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the header when Pillow can read it without decoding pixels."""
    try:
        import io
        from PIL import Image
    except ImportError:
        return None
    try:
        Image.MAX_IMAGE_PIXELS = None  # we apply our own limit with a clearer message
        with Image.open(io.BytesIO(data)) as im:
            return im.size
    except Exception:
        return None


def load_image(path: str | Path, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read an image file as BGR uint8; raise GlassesError with the reason in one line."""
    import cv2

    p = Path(path)
    where = str(p)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise GlassesError("image not found", where=where) from None
    except OSError as exc:
        raise GlassesError(f"cannot read image: {exc.strerror or exc}", where=where) from None
    if p.is_dir():
        raise GlassesError("is a folder, not an image", where=where)
    if size == 0:
        raise GlassesError("image file is empty (0 bytes)", where=where)
    if size > MAX_BYTES:
        raise GlassesError(f"image file is too large ({size // (1024 * 1024)} MB, limit "
                           f"{MAX_BYTES // (1024 * 1024)} MB)", where=where)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise GlassesError(f"cannot read image: {exc.strerror or exc}", where=where) from None
    dims = _header_size(data)
    if dims is not None and dims[0] * dims[1] > max_pixels:
        raise GlassesError(f"image is too large to analyse ({dims[0]}x{dims[1]} pixels, limit "
                           f"{max_pixels // 1_000_000} megapixels)", where=where)
    return decode_image(data, where=where, max_pixels=max_pixels)


def decode_image(data: bytes, where: str = "image", max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode encoded image bytes (JPEG, PNG, WebP, BMP, ...) to BGR uint8."""
    import cv2

    if not data:
        raise GlassesError("image is empty (0 bytes)", where=where)
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
    if min(bgr.shape[:2]) < MIN_SIDE:
        raise GlassesError(f"frame is too small ({bgr.shape[1]}x{bgr.shape[0]} pixels)", where=where)
    return bgr


def _sniff(data: bytes) -> str:
    if data[:3] == b"\xff\xd8\xff":
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
        import struct

        declared = struct.unpack("<I", data[4:8])[0] + 8
        return len(data) < declared
    return False

"""Taking a photo: refuse on low disk space, blur faces, encode JPEG, store atomically."""

from __future__ import annotations

import numpy as np

from glasses.capture.blur import FaceBlur, NoFaceBlur
from glasses.capture.gallery import CaptureMeta, Gallery, GalleryError, Item
from glasses.limits import MAX_FRAME_PIXELS


def save_photo(gallery: Gallery, blur: FaceBlur | NoFaceBlur, bgr: np.ndarray, meta: CaptureMeta,
               quality: int = 92) -> Item:
    """Store ``bgr`` (HxWx3 uint8) with its faces blurred; the unblurred frame is never written."""
    import cv2

    if bgr.ndim != 3 or bgr.shape[2] != 3 or bgr.dtype != np.uint8 or bgr.shape[0] * bgr.shape[1] > MAX_FRAME_PIXELS:
        raise GalleryError(f"not a storable camera frame (shape {bgr.shape}, {bgr.dtype})")
    gallery.check_space("a photo")
    done = blur.blur(bgr)
    ok, jpeg = cv2.imencode(".jpg", done.bgr, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise GalleryError("the photo could not be encoded as JPEG")
    return gallery.save_photo(jpeg.tobytes(), meta, len(done.faces))

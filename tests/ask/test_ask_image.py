"""A frame for look-and-ask: at most 768 px, faces blurred, bounded bytes, bad frames refused."""

from __future__ import annotations

import base64

import cv2
import numpy as np
import pytest

from glasses.ask.image import MAX_SIDE, frame_to_data_url
from glasses.errors import GlassesError
from glasses.vision.faces import FaceBlurrer, NoBlur


def decode(url: str) -> np.ndarray:
    head, data = url.split(",", 1)
    assert head == "data:image/jpeg;base64"
    return cv2.imdecode(np.frombuffer(base64.b64decode(data), np.uint8), cv2.IMREAD_COLOR)


def face_scene(size: int = 200) -> np.ndarray:
    """A drawn face on a background (the same drawing the look tests use)."""
    img = np.full((size * 2, size * 2, 3), (90, 110, 80), np.uint8)
    c, s = (size, size), size
    cv2.ellipse(img, c, (int(s * .38), int(s * .5)), 0, 0, 360, (150, 175, 210), -1)
    for dx in (-1, 1):
        ex, ey = c[0] + dx * int(s * .16), c[1] - int(s * .1)
        cv2.ellipse(img, (ex, ey - int(s * .08)), (int(s * .1), int(s * .025)), 0, 0, 360, (40, 50, 60), -1)
        cv2.ellipse(img, (ex, ey), (int(s * .07), int(s * .035)), 0, 0, 360, (240, 240, 240), -1)
        cv2.circle(img, (ex, ey), int(s * .03), (30, 30, 40), -1)
    cv2.ellipse(img, (c[0], c[1] + int(s * .1)), (int(s * .04), int(s * .08)), 0, 0, 360, (120, 145, 185), -1)
    cv2.ellipse(img, (c[0], c[1] + int(s * .25)), (int(s * .13), int(s * .035)), 0, 0, 360, (70, 70, 150), -1)
    cv2.ellipse(img, (c[0], c[1] - int(s * .45)), (int(s * .4), int(s * .15)), 0, 0, 360, (30, 40, 50), -1)
    img = cv2.GaussianBlur(img, (0, 0), s * .02)
    return np.clip(img + np.random.default_rng(0).normal(0, 6, img.shape), 0, 255).astype(np.uint8)


def test_a_large_frame_is_scaled_to_768_on_the_long_side():
    frame = (np.random.default_rng(1).random((1080, 1920, 3)) * 255).astype(np.uint8)
    pic = frame_to_data_url(frame, NoBlur())
    assert (pic.width, pic.height) == (MAX_SIDE, 432)
    assert decode(pic.data_url).shape == (432, 768, 3)
    small = frame_to_data_url(frame[:240, :320], NoBlur())
    assert (small.width, small.height) == (320, 240)


def test_faces_are_blurred_before_the_picture_leaves():
    scene = face_scene()
    blurrer = FaceBlurrer()
    (x, y, w, h), *_ = blurrer.faces(scene)
    pic = frame_to_data_url(scene, blurrer)
    plain = frame_to_data_url(scene, NoBlur())          # what would be sent without the blurrer
    assert pic.faces_blurred >= 1 and plain.faces_blurred == 0
    assert blurrer.faces(decode(pic.data_url)) == []
    detail = lambda a: cv2.Laplacian(cv2.cvtColor(a[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY), cv2.CV_64F).var()
    assert detail(decode(pic.data_url)) < 0.2 * detail(decode(plain.data_url))   # eyes and mouth gone


def test_the_jpeg_is_bounded():
    noise = (np.random.default_rng(2).random((768, 768, 3)) * 255).astype(np.uint8)
    pic = frame_to_data_url(noise, NoBlur(), max_bytes=60_000)
    assert pic.jpeg_bytes <= 60_000 and len(pic.data_url) < 60_000 * 4 / 3 + 100
    with pytest.raises(GlassesError, match="does not fit in 200 bytes"):
        frame_to_data_url(noise, NoBlur(), max_bytes=200)


def test_grey_and_bgra_frames_are_accepted():
    grey = np.full((100, 200), 128, np.uint8)
    assert frame_to_data_url(grey, NoBlur()).width == 200
    assert frame_to_data_url(np.zeros((50, 60, 4), np.uint8), NoBlur()).height == 50


@pytest.mark.parametrize("frame", [
    np.zeros((10, 10, 3), np.float32),
    np.zeros((10, 10, 2), np.uint8),
    np.zeros((0, 10, 3), np.uint8),
    np.zeros((2, 2, 2, 3), np.uint8),
    np.broadcast_to(np.zeros((1, 1, 3), np.uint8), (8000, 8000, 3)),   # 64 Mpx, but no memory used
    "not an image",
])
def test_bad_frames_are_refused_before_work(frame):
    with pytest.raises(GlassesError) as info:
        frame_to_data_url(frame, NoBlur())
    assert str(info.value).startswith("ask.image: ")

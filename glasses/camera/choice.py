"""``--camera SRC`` (``glasses emulate`` and ``glasses record``): a webcam index, a device path,
a video file, a folder of images or one image, and how often to ask it for a frame."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glasses.camera.base import CameraSource
from glasses.camera.sources import IMAGE_SUFFIXES, FrameCamera, ImageFolderCamera, OpenCVCamera, VideoFileCamera
from glasses.errors import GlassesError
from glasses.vision.imageio import load_image


@dataclass(frozen=True)
class CameraChoice:
    """A camera source and how often the emulator asks it for a frame (0: as fast as it
    delivers; a webcam's read blocks until its next frame)."""

    camera: CameraSource
    interval_s: float
    label: str


def camera_from_arg(src: str, size: tuple[int, int] | None = (640, 480)) -> CameraChoice:
    """``--camera SRC``: a webcam index (0), a device path (/dev/video2), a video file,
    a folder of images (each shown for 2 s) or one image (a still view)."""
    text = str(src).strip()
    if text.isdigit():
        return CameraChoice(OpenCVCamera(int(text), size), 0.0, f"webcam {text}")
    if text.startswith("/dev/"):
        return CameraChoice(OpenCVCamera(text, size), 0.0, text)
    path = Path(text).expanduser()
    if path.is_dir():
        return CameraChoice(ImageFolderCamera(path, size=size), 2.0, f"images in {path}")
    if path.is_file():
        if path.suffix.lower() in IMAGE_SUFFIXES:
            return CameraChoice(FrameCamera([load_image(path)], loop=True), 0.1, f"still image {path.name}")
        return CameraChoice(VideoFileCamera(path, size=size), 1 / 30, f"video {path.name}")
    raise GlassesError("--camera: not a webcam index, /dev/video path, video file, image or folder of images",
                       where=text)

"""Camera sources behind one interface (base.CameraSource) and the wearer's on/off switch.

``make_camera(source, device, size)`` is the one place that picks a source:
``opencv`` (device index or /dev path), ``video`` (a file), ``folder`` (images),
``picamera2`` (Pi, optional extra) or ``none``.
"""

from __future__ import annotations

from pathlib import Path

from glasses.camera.base import CameraSource, CameraSwitch, SourceBase, SwitchChange
from glasses.camera.picamera import PiCamera
from glasses.camera.sources import FrameCamera, ImageFolderCamera, NullCamera, OpenCVCamera, VideoFileCamera
from glasses.errors import GlassesError

SOURCES = ("opencv", "video", "folder", "picamera2", "none")

__all__ = ["CameraSource", "CameraSwitch", "SwitchChange", "SourceBase", "FrameCamera",
           "ImageFolderCamera", "NullCamera", "OpenCVCamera", "VideoFileCamera", "make_camera",
           "SOURCES"]


def make_camera(source: str = "opencv", device: str | int = 0,
                size: tuple[int, int] | None = (640, 480)) -> CameraSource:
    """Build (not open) a camera source. For video and folder, ``device`` is the path."""
    if source == "opencv":
        return OpenCVCamera(device, size)
    if source == "video":
        return VideoFileCamera(Path(str(device)), size=size)
    if source == "folder":
        return ImageFolderCamera(Path(str(device)), size=size)
    if source == "picamera2":
        return PiCamera(size or (640, 480), int(device) if str(device).isdigit() else 0)
    if source == "none":
        return NullCamera()
    raise GlassesError(f"unknown camera source {source!r} ({', '.join(SOURCES)})")

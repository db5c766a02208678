"""Camera sources: OpenCV VideoCapture (device index or path), a video file, a folder of
images, and fixed frames (the fake twin). Picamera2 lives in picamera.py (optional)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from glasses.camera.base import SourceBase
from glasses.errors import DeviceError, GlassesError
from glasses.vision.imageio import load_image

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff")


def _resize(bgr: np.ndarray, size: tuple[int, int] | None) -> np.ndarray:
    import cv2

    if size is None or (bgr.shape[1], bgr.shape[0]) == tuple(size):
        return bgr
    return cv2.resize(bgr, tuple(size), interpolation=cv2.INTER_AREA)


class OpenCVCamera(SourceBase):
    """A USB or laptop camera through cv2.VideoCapture. device: an index (0) or a path
    (/dev/video2). size: requested (width, height); the driver may pick another."""

    name = "opencv"

    def __init__(self, device: int | str = 0, size: tuple[int, int] | None = (640, 480),
                 warmup_frames: int = 2) -> None:
        super().__init__()
        self.device = device
        self.size = size
        self.warmup_frames = warmup_frames
        self._cap = None

    def _do_open(self) -> None:
        import cv2

        dev = self.device
        if isinstance(dev, str) and dev.isdigit():
            dev = int(dev)
        cap = cv2.VideoCapture(dev)
        if not cap.isOpened():
            cap.release()
            raise DeviceError(f"cannot open camera {self.device!r} (is it connected, and is "
                              "another program using it?)")
        if self.size:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.size[0])
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.size[1])
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # latest frame, not a stale queue
        for _ in range(self.warmup_frames):  # auto-exposure settles
            cap.read()
        self._cap = cap

    def _do_close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def _do_read(self) -> np.ndarray | None:
        ok, frame = self._cap.read()
        return frame if ok and frame is not None and frame.size else None


class VideoFileCamera(SourceBase):
    """A video file standing in for a camera. loop: start again at the end; size: scale
    frames to (width, height)."""

    name = "video"

    def __init__(self, path: str | Path, loop: bool = True, size: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.loop = loop
        self.size = size
        self._cap = None

    def _do_open(self) -> None:
        import cv2

        if not self.path.is_file():
            raise GlassesError("video file not found", where=str(self.path))
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            cap.release()
            raise GlassesError("cannot open video (unsupported or corrupt file)", where=str(self.path))
        self._cap = cap

    def _do_close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def _do_read(self) -> np.ndarray | None:
        import cv2

        ok, frame = self._cap.read()
        if not ok and self.loop:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read()
        return _resize(frame, self.size) if ok and frame is not None else None


class ImageFolderCamera(SourceBase):
    """Images in a folder (sorted by name) handed out one per read, as a camera would.

    Unreadable files are skipped; ``skipped`` lists them with the reason.
    """

    name = "folder"

    def __init__(self, folder: str | Path, loop: bool = True, size: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.loop = loop
        self.size = size
        self.skipped: list[str] = []
        self._files: list[Path] = []
        self._it = iter(())

    def _do_open(self) -> None:
        if not self.folder.is_dir():
            raise GlassesError("image folder not found", where=str(self.folder))
        self._files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._files:
            raise GlassesError("no images in folder (jpg, png, webp, bmp, tif)", where=str(self.folder))
        self._it = itertools.cycle(self._files) if self.loop else iter(self._files)

    def _do_read(self) -> np.ndarray | None:

        for _ in range(len(self._files)):
            path = next(self._it, None)
            if path is None:
                return None
            try:
                return _resize(load_image(path), self.size)
            except GlassesError as exc:
                if str(exc) not in self.skipped:
                    self.skipped.append(str(exc))
        return None


class FrameCamera(SourceBase):
    """Hands out given frames (a list, or any iterable such as a replayed session's
    frames); the fake twin of a camera. Counts opens and closes for tests."""

    name = "frames"

    def __init__(self, frames: Iterable[np.ndarray] | Sequence[np.ndarray] = (), loop: bool = False) -> None:
        super().__init__()
        self._frames = frames
        self.loop = loop
        self.opens = 0
        self.closes = 0
        self.reads = 0
        self._it = iter(())

    def _do_open(self) -> None:
        self.opens += 1
        frames = self._frames
        if self.loop and isinstance(frames, Sequence) and len(frames):
            self._it = itertools.cycle(frames)
        else:
            self._it = iter(frames)

    def _do_close(self) -> None:
        self.closes += 1

    def _do_read(self) -> np.ndarray | None:
        self.reads += 1
        return next(self._it, None)


class NullCamera(FrameCamera):
    """A camera that never delivers a frame (no camera on this rig)."""

    name = "null"

    def __init__(self) -> None:
        super().__init__(())

"""The emulator's inputs when there is no device: ``--camera SRC`` parsing and a silent
microphone that keeps the session clock running when the laptop has none."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from glasses.audio import CHUNK_MS
from glasses.camera import CameraSource, FrameCamera, ImageFolderCamera, OpenCVCamera, VideoFileCamera
from glasses.camera.sources import IMAGE_SUFFIXES
from glasses.errors import GlassesError
from glasses.events import AudioChunk

RATE = 16_000


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
            from glasses.vision.imageio import load_image

            return CameraChoice(FrameCamera([load_image(path)], loop=True), 0.1, f"still image {path.name}")
        return CameraChoice(VideoFileCamera(path, size=size), 1 / 30, f"video {path.name}")
    raise GlassesError("--camera: not a webcam index, /dev/video path, video file, image or folder of images",
                       where=text)


class SilentMicrophone:
    """The microphone's twin for a laptop without one: silent chunks, paced in real time,
    so the session clock (and timers, look timeouts) keep running. Same interface as
    devices.mic.SoundDeviceMicrophone."""

    exhausted = False

    def __init__(self, chunk_ms: int = CHUNK_MS, rate: int = RATE, clock=time.monotonic, sleep=time.sleep) -> None:
        self.rate = rate
        self.chunk_ms = chunk_ms
        self._pcm = bytes(2 * rate * chunk_ms // 1000)
        self._n = 0
        self._clock, self._sleep = clock, sleep
        self._start = clock()

    def read(self, timeout: float = 1.0) -> AudioChunk | None:
        t_ms = self._n * self.chunk_ms
        due = self._start + (t_ms + self.chunk_ms) / 1000  # a chunk exists once its audio has "happened"
        wait = due - self._clock()
        if wait > timeout:
            self._sleep(timeout)
            return None
        if wait > 0:
            self._sleep(wait)
        self._n += 1
        return AudioChunk(t_ms, self._pcm, self.rate)

    def close(self) -> None:
        pass

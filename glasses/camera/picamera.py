"""The Raspberry Pi camera through Picamera2 (optional: ``pip install glasses[pi]``)."""

from __future__ import annotations

import numpy as np

from glasses.camera.base import SourceBase
from glasses.errors import DeviceError


def _import_picamera2():
    try:
        from picamera2 import Picamera2  # type: ignore[import-not-found]
    except ImportError:
        raise DeviceError("the Pi camera needs picamera2: pip install glasses[pi] "
                          "(on Raspberry Pi OS: sudo apt install python3-picamera2)") from None
    return Picamera2


class PiCamera(SourceBase):
    """Picamera2 capturing BGR frames of ``size`` (width, height). camera_num: which sensor."""

    name = "picamera2"

    def __init__(self, size: tuple[int, int] = (640, 480), camera_num: int = 0) -> None:
        super().__init__()
        self.size = size
        self.camera_num = camera_num
        self._cam = None

    def _do_open(self) -> None:
        Picamera2 = _import_picamera2()
        try:
            cam = Picamera2(self.camera_num)
            # "RGB888" in libcamera's naming is B,G,R byte order: what OpenCV calls BGR.
            cam.configure(cam.create_video_configuration(main={"size": tuple(self.size),
                                                               "format": "RGB888"}))
            cam.start()
        except Exception as exc:
            raise DeviceError(f"cannot start the Pi camera: {str(exc).splitlines()[0]}") from None
        self._cam = cam

    def _do_close(self) -> None:
        if self._cam is not None:
            try:
                self._cam.stop()
                self._cam.close()
            finally:
                self._cam = None

    def _do_read(self) -> np.ndarray | None:
        frame = self._cam.capture_array("main")
        if frame is None or not frame.size:
            return None
        return np.ascontiguousarray(frame[:, :, :3])

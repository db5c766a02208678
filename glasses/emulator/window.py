"""The OpenCV highgui window: show an image, read key-downs, notice when it was closed."""

from __future__ import annotations

import os
import sys

import numpy as np

from glasses.errors import DeviceError


class Window:
    def __init__(self, title: str = "glasses emulator") -> None:
        import cv2

        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            raise DeviceError("no display for the emulator window (DISPLAY is not set); on a headless "
                              "machine run it under xvfb-run")
        self.title = title
        try:
            # GUI_NORMAL: no Qt toolbar, the image is exactly what the wearer would see
            cv2.namedWindow(title, cv2.WINDOW_AUTOSIZE | cv2.WINDOW_GUI_NORMAL)
        except cv2.error as exc:
            raise DeviceError(f"cannot open a window ({_first_line(exc)}); is there a display "
                              "(DISPLAY set), and is opencv-python (not -headless) installed?") from None
        self._shown = False

    def show(self, image: np.ndarray) -> None:
        import cv2

        cv2.imshow(self.title, image)
        self._shown = True

    def wait_key(self, ms: int) -> int:
        """Process window events for up to ``ms`` milliseconds; the key code or -1."""
        import cv2

        return cv2.waitKey(max(1, int(ms)))

    @property
    def closed(self) -> bool:
        """True once the user closed the window (its close button)."""
        import cv2

        if not self._shown:
            return False
        try:
            return cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) < 1
        except cv2.error:
            return True

    def close(self) -> None:
        import cv2

        try:
            cv2.destroyWindow(self.title)
            cv2.waitKey(1)
        except cv2.error:
            pass


def _first_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__

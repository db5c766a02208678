"""Showing the HUD on a small display wired to the rig (SPI/I2C OLED or LCD) via luma.core.

``LumaPanel(device)`` takes any luma.core device (``luma.oled.device.ssd1306``,
``luma.lcd.device.st7789``, ... or ``luma.core.device.dummy`` in tests) and pushes a
HUD image to it, converted to the device's mode (1-bit, greyscale or RGB) and size.
It skips the push when handed the same image object again, so it can be called with
``HudRenderer.render(...)`` on every tick. Render at the panel's own resolution
(``HudConfig(width=device.width, height=device.height, font_scale=...)``): a 128x64
OLED wants a font_scale of about 3.

luma.core and the device driver (luma.oled, luma.lcd) are an optional extra.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from glasses.errors import DeviceError

EXTRA_HINT = "pip install 'glasses[display]'"


def _pil_image() -> Any:
    try:
        from PIL import Image
    except ImportError:
        raise DeviceError(f"the rig display needs Pillow and luma.core: {EXTRA_HINT}") from None
    return Image


class LumaPanel:
    def __init__(self, device: Any, threshold: int = 60) -> None:
        self.device = device
        self.threshold = threshold  # 1-bit panels: grey levels above this light up
        self._last: np.ndarray | None = None
        self.pushes = 0
        self._Image = _pil_image()

    @property
    def size(self) -> tuple[int, int]:
        return tuple(self.device.size)  # type: ignore[return-value]

    def show(self, bgr: np.ndarray) -> bool:
        """Push ``bgr`` to the panel; False when it was the same image as last time."""
        if bgr is self._last:
            return False
        self._last = bgr
        self.device.display(self.to_pil(bgr))
        self.pushes += 1
        return True

    def to_pil(self, bgr: np.ndarray) -> Any:
        w, h = self.size
        if bgr.shape[1] != w or bgr.shape[0] != h:
            bgr = cv2.resize(bgr, (w, h), interpolation=cv2.INTER_AREA)
        mode = self.device.mode
        if mode == "1":
            grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
            return self._Image.fromarray(np.where(grey > self.threshold, 255, 0).astype(np.uint8)).convert("1")
        return self._Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)).convert(mode)

    def clear(self) -> None:
        self._last = None
        self.device.clear()


class NullPanel:
    """No display on the rig: the same interface, shows nothing."""

    size = (0, 0)
    pushes = 0

    def show(self, bgr: np.ndarray) -> bool:
        return False

    def clear(self) -> None:
        pass

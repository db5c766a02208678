"""What every camera source offers, and the wearer's camera on/off switch.

A source is opened on demand (``open``), hands out BGR frames (``read`` returns an
HxWx3 uint8 array, or None when no frame is ready or the source has ended) and is
closed again (``close``). Sources are context managers and ``open``/``close`` are
idempotent. ``read`` blocks for at most about one frame interval.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class CameraSource(Protocol):
    name: str

    @property
    def is_open(self) -> bool: ...

    def open(self) -> None: ...

    def read(self) -> np.ndarray | None: ...

    def close(self) -> None: ...


class SourceBase:
    """Shared open/close bookkeeping and context-manager support."""

    name = "camera"

    def __init__(self) -> None:
        self._open = False

    @property
    def is_open(self) -> bool:
        return self._open

    def open(self) -> None:
        if not self._open:
            self._do_open()
            self._open = True

    def close(self) -> None:
        if self._open:
            self._open = False
            self._do_close()

    def read(self) -> np.ndarray | None:
        if not self._open:
            self.open()
        return self._do_read()

    def _do_open(self) -> None:  # pragma: no cover - overridden
        pass

    def _do_close(self) -> None:
        pass

    def _do_read(self) -> np.ndarray | None:  # pragma: no cover - overridden
        return None

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


@dataclass(frozen=True, slots=True)
class SwitchChange:
    """What a camera_on/camera_off request changed. on: the new state; changed: False
    when it already was in that state."""

    on: bool
    changed: bool


class CameraSwitch:
    """The wearer's camera permission: "camera off" / "stop looking" disables the camera
    until "camera on". Thread-safe; query ``enabled`` before opening the camera.

    ``continuous``: the camera stays open between look requests (config
    look.continuous); still off whenever the switch is off.
    """

    def __init__(self, enabled: bool = True, continuous: bool = False) -> None:
        self._enabled = enabled
        self.continuous = continuous
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        with self._lock:
            return self._enabled

    def set(self, on: bool) -> SwitchChange:
        with self._lock:
            changed = self._enabled != on
            self._enabled = on
            return SwitchChange(on, changed)

    def should_be_open(self, looking: bool) -> bool:
        """Whether the camera should be open now: while a look runs, or always in
        continuous mode, and never while switched off."""
        return self.enabled and (looking or self.continuous)

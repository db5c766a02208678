"""The import guard for gpiozero (the ``pi`` extra)."""

from __future__ import annotations

from types import ModuleType

from glasses.errors import DeviceError

EXTRA_HINT = "pip install 'glasses[pi]'"


def load_gpiozero() -> ModuleType:
    """gpiozero, or a DeviceError that says which extra to install."""
    try:
        import gpiozero
    except ImportError:
        raise DeviceError(f"the button and LEDs need gpiozero, which is not installed: {EXTRA_HINT}") from None
    return gpiozero

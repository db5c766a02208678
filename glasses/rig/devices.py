"""Choosing the rig's button and LEDs: GPIO when asked for and available, else the null twins.

``open_rig(config, clock)`` is for the composition root. It never raises for a missing
Pi or missing gpiozero: it returns the null twins and says why in ``reason`` (one line
the CLI can print), so the same code runs on a laptop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from glasses.errors import DeviceError
from glasses.rig.button import GestureDetector, GpioButton, NullButton
from glasses.rig.config import RigConfig
from glasses.rig.leds import GpioLeds, MemoryLeds


@dataclass
class RigDevices:
    button: GpioButton | NullButton
    leds: GpioLeds | MemoryLeds
    reason: str = ""  # why the null twins were chosen ("" when GPIO is in use)

    @property
    def gpio(self) -> bool:
        return isinstance(self.button, GpioButton)

    def close(self) -> None:
        self.button.close()
        self.leds.close()


def detector_for(config: RigConfig) -> GestureDetector:
    return GestureDetector(config.long_press_ms, config.double_press_ms, config.debounce_ms)


def open_rig(config: RigConfig, clock: Callable[[], int], *, pin_factory: Any = None) -> RigDevices:
    if not config.gpio:
        return RigDevices(NullButton(), MemoryLeds(), "GPIO disabled (rig.gpio: false)")
    try:
        leds = GpioLeds(config.privacy_led_pin, config.listen_led_pin, pin_factory=pin_factory)
    except DeviceError as exc:
        return RigDevices(NullButton(), MemoryLeds(), str(exc))
    except Exception as exc:  # gpiozero: no pin factory on this machine, pin busy, ...
        return RigDevices(NullButton(), MemoryLeds(), f"no GPIO button/LEDs: {exc}")
    try:
        button = GpioButton(config.button_pin, clock, detector_for(config), pin_factory=pin_factory)
    except Exception as exc:
        leds.close()
        return RigDevices(NullButton(), MemoryLeds(), f"no GPIO button: {exc}")
    return RigDevices(button, leds)

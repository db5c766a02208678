from pathlib import Path

import numpy as np
import pytest

from glasses.events import Button, Camera, Frame
from glasses.rig.button import NullButton
from glasses.rig.config import RigConfig
from glasses.rig.devices import open_rig
from glasses.rig.leds import GpioLeds


def test_open_rig_with_mock_pins_drives_the_configured_pins(mock_factory):
    cfg = RigConfig(button_pin=5, privacy_led_pin=6, listen_led_pin=13, long_press_ms=400)
    now = [0]
    rig = open_rig(cfg, lambda: now[0], pin_factory=mock_factory)
    try:
        assert rig.gpio and rig.reason == "" and isinstance(rig.leds, GpioLeds)
        rig.leds.process(Camera(0, True))
        rig.leds.process(Frame(10, np.zeros((1, 1, 3), np.uint8)))
        assert mock_factory.pin(6).state is True
        mock_factory.pin(5).drive_low()
        assert rig.button.poll(450) == [Button(400, "long_press")]  # the configured 400 ms
    finally:
        rig.close()
    assert mock_factory.pin(6).state is False


def test_gpio_disabled_gives_null_twins():
    rig = open_rig(RigConfig(gpio=False), lambda: 0)
    assert not rig.gpio and isinstance(rig.button, NullButton) and "rig.gpio: false" in rig.reason
    rig.leds.process(Camera(0, True))
    assert rig.leds.indicators.privacy
    rig.close()


@pytest.mark.skipif(Path("/dev/gpiochip0").exists(), reason="this machine has GPIO")
@pytest.mark.filterwarnings("ignore::Warning")
def test_no_gpio_on_this_machine_is_not_fatal():
    pytest.importorskip("gpiozero")
    rig = open_rig(RigConfig(), lambda: 0)  # gpiozero finds no pin factory off a Pi
    assert not rig.gpio and rig.reason.startswith("no GPIO button/LEDs")
    assert rig.button.poll(10_000) == []

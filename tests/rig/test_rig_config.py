import pytest

from glasses.configfile import load_section
from glasses.errors import ConfigError
from glasses.rig.config import RigConfig


def test_defaults_are_valid_and_avoid_i2s():
    cfg = RigConfig()
    assert set(cfg.pins.values()).isdisjoint({18, 19, 20, 21})


@pytest.mark.parametrize("text,message", [
    ("button_pin: 18", "config.yaml:1: button_pin: GPIO18 is used for I2S clock"),
    ("listen_led_pin: 17", "config.yaml:1: listen_led_pin: GPIO17 is already the button pin"),
    ("long_press_ms: 100", "config.yaml:1: long_press_ms: 100 is below the minimum 200"),
])
def test_bad_pins_are_reported_with_line(text, message):
    with pytest.raises(ConfigError) as err:
        load_section(RigConfig, text, "config.yaml")
    assert str(err.value).startswith(message)

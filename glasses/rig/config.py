"""Rig settings: a config section (``rig:`` in config.yaml) for the button and LEDs."""

from __future__ import annotations

from dataclasses import dataclass, field

from glasses.configfile import FieldError, doc

I2S_PINS = {18: "I2S clock (BCLK)", 19: "I2S word select (LRCLK)", 20: "I2S data in (mic)",
            21: "I2S data out (amp)"}
RESERVED_PINS = {0: "HAT EEPROM", 1: "HAT EEPROM", 2: "I2C SDA", 3: "I2C SCL"}


@dataclass(frozen=True, slots=True)
class RigConfig:
    gpio: bool = field(default=True, metadata=doc(
        "use the GPIO button and LEDs when gpiozero and a Pi are present"))
    button_pin: int = field(default=17, metadata=doc(
        "BCM number of the push button (other side to ground; internal pull-up)", min=4, max=27))
    privacy_led_pin: int = field(default=27, metadata=doc(
        "BCM number of the privacy LED (lit whenever the camera captures)", min=4, max=27))
    listen_led_pin: int = field(default=22, metadata=doc(
        "BCM number of the listening LED", min=4, max=27))
    long_press_ms: int = field(default=600, metadata=doc(
        "holding the button this long means look", min=200, max=3000))
    double_press_ms: int = field(default=300, metadata=doc(
        "a second press starting within this long after the first release means stop",
        min=100, max=1000))
    debounce_ms: int = field(default=25, metadata=doc(
        "presses shorter than this are contact bounce and ignored", min=0, max=200))

    def __post_init__(self) -> None:
        pins = {"button_pin": self.button_pin, "privacy_led_pin": self.privacy_led_pin,
                "listen_led_pin": self.listen_led_pin}
        for key, pin in pins.items():
            if pin in I2S_PINS or pin in RESERVED_PINS:
                use = I2S_PINS.get(pin) or RESERVED_PINS[pin]
                raise FieldError(key, f"GPIO{pin} is used for {use}; pick another pin")
        seen: dict[int, str] = {}
        for key, pin in pins.items():
            if pin in seen:
                raise FieldError(key, f"GPIO{pin} is already the {seen[pin].replace('_', ' ')}")
            seen[pin] = key
        if self.debounce_ms >= self.long_press_ms:
            raise FieldError("debounce_ms", "must be shorter than long_press_ms")

    @property
    def pins(self) -> dict[str, int]:
        return {"button": self.button_pin, "privacy LED": self.privacy_led_pin,
                "listening LED": self.listen_led_pin}

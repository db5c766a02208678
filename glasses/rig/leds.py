"""Indicator LEDs: the privacy LED (on whenever the camera captures) and the listening LED.

``indicators_after(indicators, event)`` is the pure rule; ``GpioLeds`` applies it to
two gpiozero LEDs and ``MemoryLeds`` is the twin that just remembers (emulator, tests,
machines without GPIO). Both are event sinks: ``process(event)`` returns no events.

The privacy LED follows Camera(on) events, and any Frame turns it on even if no
Camera(on) was seen: if pixels are arriving, the light is on. Only Camera(on=False)
turns it off. The listening LED is on while the state is ``listening``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable

from glasses.events import Camera, Frame, State
from glasses.rig.gpio import load_gpiozero


@dataclass(frozen=True, slots=True)
class Indicators:
    privacy: bool = False
    listening: bool = False


def indicators_after(ind: Indicators, event: object) -> Indicators:
    if isinstance(event, Camera):
        return replace(ind, privacy=event.on)
    if isinstance(event, Frame):
        return ind if ind.privacy else replace(ind, privacy=True)
    if isinstance(event, State):
        return replace(ind, listening=event.state == "listening")
    return ind


class MemoryLeds:
    """LEDs that only exist in memory; ``history`` lists every change (t_ms, Indicators)."""

    def __init__(self) -> None:
        self.indicators = Indicators()
        self.history: list[tuple[int, Indicators]] = []

    def process(self, event: object) -> Iterable[Any]:
        new = indicators_after(self.indicators, event)
        if new != self.indicators:
            self.indicators = new
            self.history.append((getattr(event, "t_ms", 0), new))
        return ()

    def close(self) -> None:
        self.indicators = Indicators()


class GpioLeds:
    """The two LEDs on GPIO pins (anode via a resistor to the pin, cathode to ground)."""

    def __init__(self, privacy_pin: int, listen_pin: int, *, pin_factory: Any = None) -> None:
        gpiozero = load_gpiozero()
        self.indicators = Indicators()
        self._privacy = gpiozero.LED(privacy_pin, initial_value=False, pin_factory=pin_factory)
        try:
            self._listening = gpiozero.LED(listen_pin, initial_value=False, pin_factory=pin_factory)
        except Exception:
            self._privacy.close()
            raise

    def process(self, event: object) -> Iterable[Any]:
        new = indicators_after(self.indicators, event)
        if new.privacy != self.indicators.privacy:
            self._privacy.value = new.privacy
        if new.listening != self.indicators.listening:
            self._listening.value = new.listening
        self.indicators = new
        return ()

    @property
    def privacy_lit(self) -> bool:
        return bool(self._privacy.is_lit)

    @property
    def listening_lit(self) -> bool:
        return bool(self._listening.is_lit)

    def close(self) -> None:
        """Both off and the pins released."""
        for led in (self._privacy, self._listening):
            led.off()
            led.close()
        self.indicators = Indicators()

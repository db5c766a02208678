"""Indicator LEDs: the privacy LED (on whenever the camera captures) and the listening LED.

``indicators_after(indicators, event)`` is the pure rule; ``GpioLeds`` applies it to
two gpiozero LEDs and ``MemoryLeds`` is the twin that just remembers (emulator, tests,
machines without GPIO). Both are event sinks: ``process(event)`` returns no events.

The privacy LED follows Camera(on) events, and any Frame turns it on even if no
Camera(on) was seen: if pixels are arriving, the light is on. Only Camera(on=False)
turns it off, once nothing holds the camera (the holds of glasses.hud.state.camera_holds:
a look during a video keeps it on). It blinks while a video records (Camera reason
"video"), and after a photo (reason "photo") it stays solid for at least PHOTO_HOLD_MS:
a Camera(off) before then leaves it on until the first event at or after that moment
(the live loop's audio chunks arrive every few tens of milliseconds). The listening LED
is on while the state is ``listening``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from glasses.events import Camera, Frame, State
from glasses.hud.state import camera_holds
from glasses.rig.gpio import load_gpiozero

PHOTO_HOLD_MS = 1000   # a photo lights the LED solid for at least this long
BLINK_S = 0.25         # a recording video blinks it: on and off this long


@dataclass(frozen=True, slots=True)
class Indicators:
    privacy: bool = False
    listening: bool = False
    blink: bool = False               # the privacy LED blinks (a video records)
    hold_until_ms: int = field(default=0, compare=False)          # a photo keeps it solid until then
    holds: frozenset[str] = field(default=frozenset(), compare=False)  # who holds the camera


def indicators_after(ind: Indicators, event: object) -> Indicators:
    t = getattr(event, "t_ms", 0)
    if isinstance(event, Camera):
        holds = camera_holds(ind.holds, event)
        hold = max(ind.hold_until_ms, t + PHOTO_HOLD_MS) if event.on and event.reason == "photo" else ind.hold_until_ms
        return replace(ind, holds=holds, hold_until_ms=hold, blink="video" in holds,
                       privacy=bool(holds) or (ind.privacy and t < hold))
    if isinstance(event, Frame):
        ind = ind if ind.privacy else replace(ind, privacy=True)
    elif isinstance(event, State):
        ind = replace(ind, listening=event.state == "listening")
    if ind.privacy and not ind.holds and ind.hold_until_ms and t >= ind.hold_until_ms \
            and not isinstance(event, Frame):
        ind = replace(ind, privacy=False, hold_until_ms=0)
    return ind


class MemoryLeds:
    """LEDs that only exist in memory; ``history`` lists every change (t_ms, Indicators)."""

    def __init__(self) -> None:
        self.indicators = Indicators()
        self.history: list[tuple[int, Indicators]] = []

    def process(self, event: object) -> Iterable[Any]:
        new = indicators_after(self.indicators, event)
        if new != self.indicators:   # what is lit (holds and the photo's hold are not compared)
            self.history.append((getattr(event, "t_ms", 0), new))
        self.indicators = new
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
        old = self.indicators
        if (new.privacy, new.privacy and new.blink) != (old.privacy, old.privacy and old.blink):
            if new.privacy and new.blink:
                self._privacy.blink(on_time=BLINK_S, off_time=BLINK_S, background=True)
            else:
                self._privacy.value = new.privacy   # a blinking LED stops blinking here
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

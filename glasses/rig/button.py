"""The rig's one button: press = push-to-talk, long press = look, double press = stop.

``GestureDetector`` is a pure state machine handed press/release times in session-clock
milliseconds; it never reads a clock. ``tick(t_ms)`` lets it fire gestures that are
decided by time passing (a long press while the button is still held, a single press
once the double-press window has closed). ``GpioButton`` feeds it from gpiozero: the
device callbacks only stamp the time and queue the edge; ``poll`` runs the detector on
the caller's thread. ``NullButton`` is the twin for machines without a button.
"""

from __future__ import annotations

import queue
from typing import Any, Callable

from glasses.events import Button
from glasses.rig.gpio import load_gpiozero


class GestureDetector:
    """Edges in, Button(press | long_press | double_press) events out.

    - press: released before ``long_press_ms`` and no second press starts within
      ``double_press_ms`` of the release (reported when that window closes);
    - long_press: held for ``long_press_ms`` (reported at that moment, while still held);
    - double_press: a second press starts within ``double_press_ms`` of the first
      release (reported when it is released);
    - contact bounce: presses shorter than ``debounce_ms`` are ignored.

    Times must not go backwards. Each event's t_ms is when the gesture was decided.
    """

    def __init__(self, long_press_ms: int = 600, double_press_ms: int = 300, debounce_ms: int = 25) -> None:
        if not 0 <= debounce_ms < long_press_ms:
            raise ValueError("debounce_ms must be at least 0 and shorter than long_press_ms")
        self.long_press_ms = long_press_ms
        self.double_press_ms = double_press_ms
        self.debounce_ms = debounce_ms
        self._down_at: int | None = None
        self._long_fired = False
        self._pending_release: int | None = None  # a short press waiting to see if a second follows
        self._second = False  # the press in progress is the second of a possible double

    @property
    def is_down(self) -> bool:
        return self._down_at is not None

    def pressed(self, t_ms: int) -> list[Button]:
        out = self._advance(t_ms)
        if self._down_at is not None:
            return out
        if self._pending_release is not None:
            self._second = True
        self._down_at = t_ms
        self._long_fired = False
        return out

    def released(self, t_ms: int) -> list[Button]:
        out = self._advance(t_ms)
        if self._down_at is None:
            return out
        held = t_ms - self._down_at
        self._down_at = None
        if self._long_fired:
            self._long_fired = False
        elif held < self.debounce_ms:
            self._second = False
            out += self._advance(t_ms)  # a bounce: the first press may now be due
        elif self._second:
            self._second = False
            self._pending_release = None
            out.append(Button(t_ms, "double_press"))
        else:
            self._pending_release = t_ms
        return out

    def tick(self, t_ms: int) -> list[Button]:
        """Gestures decided by time alone up to ``t_ms``."""
        return self._advance(t_ms)

    def next_deadline(self) -> int | None:
        """The session time at which ``tick`` may next produce something, if any."""
        if self._down_at is not None:
            return None if self._long_fired else self._down_at + self.long_press_ms
        if self._pending_release is not None:
            return self._pending_release + self.double_press_ms
        return None

    def _advance(self, t_ms: int) -> list[Button]:
        out: list[Button] = []
        if self._down_at is not None and not self._long_fired:
            due = self._down_at + self.long_press_ms
            if t_ms >= due:
                if self._second:  # first press, then a long hold: a press and a look
                    out.append(Button(due, "press"))
                    self._second = False
                    self._pending_release = None
                out.append(Button(due, "long_press"))
                self._long_fired = True
        if self._down_at is None and self._pending_release is not None:
            due = self._pending_release + self.double_press_ms
            if t_ms >= due:
                out.append(Button(due, "press"))
                self._pending_release = None
        return out


class GpioButton:
    """A push button on a GPIO pin (to ground, internal pull-up) through gpiozero.

    ``clock`` returns the session time in ms; it is read in the device callback only to
    stamp the edge. Call ``poll(now_ms)`` regularly (every 20-50 ms) from the pipeline's
    thread: it returns the Button events decided since the last poll.
    """

    def __init__(self, pin: int, clock: Callable[[], int], detector: GestureDetector | None = None, *,
                 pull_up: bool = True, pin_factory: Any = None) -> None:
        gpiozero = load_gpiozero()
        self.detector = detector or GestureDetector()
        self._edges: queue.SimpleQueue[tuple[bool, int]] = queue.SimpleQueue()
        self._clock = clock
        self._device = gpiozero.Button(pin, pull_up=pull_up, bounce_time=None, pin_factory=pin_factory)
        self._device.when_pressed = self._on_press
        self._device.when_released = self._on_release

    def _on_press(self) -> None:
        self._edges.put((True, self._clock()))

    def _on_release(self) -> None:
        self._edges.put((False, self._clock()))

    def poll(self, now_ms: int) -> list[Button]:
        out: list[Button] = []
        while True:
            try:
                down, t = self._edges.get_nowait()
            except queue.Empty:
                break
            out += self.detector.pressed(t) if down else self.detector.released(t)
        return out + self.detector.tick(now_ms)

    def close(self) -> None:
        self._device.close()


class NullButton:
    """No button: the same interface, never any events."""

    detector = None

    def poll(self, now_ms: int) -> list[Button]:
        return []

    def close(self) -> None:
        pass

"""Button gestures, decided by a pure state machine from press/release times."""

import time

import pytest

from glasses.events import Button
from glasses.rig.button import GestureDetector, GpioButton, NullButton


def run(edges, until, **kw):
    """edges: [(t_ms, "down"|"up")]; tick every 10 ms as a poll loop would."""
    d = GestureDetector(**kw)
    out, i = [], 0
    edges = sorted(edges)
    for now in range(0, until + 1, 10):
        while i < len(edges) and edges[i][0] <= now:
            t, what = edges[i]
            out += d.pressed(t) if what == "down" else d.released(t)
            i += 1
        out += d.tick(now)
    return [(e.t_ms, e.action) for e in out]


def test_short_press_is_press_after_double_window():
    assert run([(100, "down"), (250, "up")], 1000) == [(550, "press")]


def test_long_press_fires_while_held_and_release_adds_nothing():
    assert run([(100, "down"), (2000, "up")], 3000) == [(700, "long_press")]


def test_long_press_threshold_is_inclusive():
    assert run([(0, "down"), (599, "up")], 2000) == [(899, "press")]
    assert run([(0, "down"), (600, "up")], 2000) == [(600, "long_press")]


def test_double_press_is_stop_without_a_press_first():
    assert run([(0, "down"), (120, "up"), (300, "down"), (400, "up")], 2000) == [(400, "double_press")]


def test_second_press_too_late_is_two_presses():
    assert run([(0, "down"), (120, "up"), (500, "down"), (600, "up")], 2000) == [(420, "press"), (900, "press")]


def test_press_then_long_hold_is_press_then_look():
    assert run([(0, "down"), (100, "up"), (200, "down"), (1500, "up")], 2000) == [
        (800, "press"), (800, "long_press")]


def test_bounce_is_ignored():
    assert run([(0, "down"), (5, "up")], 1000) == []
    # a bouncy release of a real press: down/up/down/up within a few ms
    assert run([(0, "down"), (150, "up"), (153, "down"), (156, "up")], 1000) == [(450, "press")]


def test_works_without_ticks_between_edges():
    d = GestureDetector()
    assert d.pressed(0) == [] and d.released(100) == []
    assert d.next_deadline() == 400
    # the next press comes long after: the pending press is reported first, stamped when due
    assert d.pressed(5000) == [Button(400, "press")]
    assert d.next_deadline() == 5600
    assert d.released(7000) == [Button(5600, "long_press")]
    assert d.next_deadline() is None


def test_repeated_edges_are_harmless():
    d = GestureDetector()
    assert d.pressed(0) == [] and d.pressed(10) == [] and d.released(100) == [] and d.released(110) == []
    assert d.tick(1000) == [Button(400, "press")]


def test_invalid_settings():
    with pytest.raises(ValueError):
        GestureDetector(long_press_ms=20, debounce_ms=20)


def test_gpio_button_with_mock_pins(mock_factory):
    now = [0]
    button = GpioButton(17, clock=lambda: now[0], pin_factory=mock_factory)
    pin = mock_factory.pin(17)
    try:
        assert pin.pull == "up"

        def edge(t, down):
            now[0] = t
            pin.drive_low() if down else pin.drive_high()

        edge(100, True)
        edge(220, False)
        assert wait_poll(button, 300) == []            # still inside the double-press window
        assert wait_poll(button, 600) == [Button(520, "press")]
        edge(1000, True)
        assert wait_poll(button, 1700) == [Button(1600, "long_press")]
        edge(1800, False)
        edge(2000, True)
        edge(2100, False)
        edge(2200, True)
        edge(2300, False)
        assert wait_poll(button, 2400) == [Button(2300, "double_press")]
    finally:
        button.close()


def wait_poll(button, now_ms):
    """gpiozero may deliver callbacks on its own thread: give it a moment."""
    time.sleep(0.02)
    return button.poll(now_ms)


def test_null_button():
    b = NullButton()
    assert b.poll(10_000) == []
    b.close()

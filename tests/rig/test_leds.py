"""Indicator LEDs: the privacy LED is lit for every frame captured and dark otherwise."""

import numpy as np
import pytest

from glasses.events import Camera, Frame, Say, State, Wake
from glasses.rig.leds import GpioLeds, Indicators, MemoryLeds, indicators_after

PRIVACY, LISTEN = 27, 22


class FakeCamera:
    """A camera that announces itself, captures a few frames, and turns off again."""

    def __init__(self, frames_per_look: int = 3, period_ms: int = 66) -> None:
        self.frames_per_look = frames_per_look
        self.period_ms = period_ms

    def look(self, start_ms: int, reason: str = "look"):
        yield Camera(start_ms, True, reason)
        t = start_ms
        for i in range(self.frames_per_look):
            t += self.period_ms
            yield Frame(t, np.full((4, 4, 3), i, np.uint8))
        yield Camera(t + 1, False, reason)


def interleaved_session(cam):
    yield State(0, "idle")
    yield Wake(100, "button")
    yield State(100, "listening")
    yield State(900, "thinking")
    yield from cam.look(1000)
    yield State(1300, "speaking")
    yield Say(1300, "That is oat milk.")
    yield State(2500, "idle")
    yield from cam.look(5000, "continuous")


def test_pure_rule():
    ind = Indicators()
    ind = indicators_after(ind, Camera(0, True))
    assert ind.privacy
    ind = indicators_after(ind, Camera(1, False))
    assert not ind.privacy
    assert indicators_after(ind, Frame(2, np.zeros((1, 1, 3), np.uint8))).privacy
    assert indicators_after(ind, State(3, "listening")).listening
    assert not indicators_after(Indicators(listening=True), State(3, "thinking")).listening


def test_privacy_led_on_for_every_frame_and_off_otherwise(mock_factory):
    leds = GpioLeds(PRIVACY, LISTEN, pin_factory=mock_factory)
    pin = mock_factory.pin(PRIVACY)
    camera_open = False
    frames = 0
    try:
        assert pin.state is False
        for event in interleaved_session(FakeCamera()):
            leds.process(event)
            if isinstance(event, Camera):
                camera_open = event.on
            if isinstance(event, Frame):
                frames += 1
            assert pin.state == camera_open, event   # lit exactly while capturing
            if isinstance(event, Frame):
                assert pin.state is True
        assert frames == 6
        # the pin really toggled on and off twice, nothing else
        assert [s.state for s in pin.states] == [False, True, False, True, False]
    finally:
        leds.close()


def test_a_frame_without_announcement_still_lights_the_privacy_led(mock_factory):
    leds = GpioLeds(PRIVACY, LISTEN, pin_factory=mock_factory)
    try:
        leds.process(Frame(10, np.zeros((2, 2, 3), np.uint8)))
        assert mock_factory.pin(PRIVACY).state is True and leds.privacy_lit
        leds.process(State(20, "idle"))
        assert mock_factory.pin(PRIVACY).state is True  # only Camera(off) turns it off
        leds.process(Camera(30, False))
        assert mock_factory.pin(PRIVACY).state is False
    finally:
        leds.close()


def test_listening_led_follows_state(mock_factory):
    leds = GpioLeds(PRIVACY, LISTEN, pin_factory=mock_factory)
    pin = mock_factory.pin(LISTEN)
    try:
        seen = []
        for event in interleaved_session(FakeCamera()):
            leds.process(event)
            seen.append(pin.state)
        # listening only between State(listening) and State(thinking)
        assert [s.state for s in pin.states] == [False, True, False]
        assert leds.listening_lit is False
    finally:
        leds.close()


def test_close_turns_everything_off(mock_factory):
    leds = GpioLeds(PRIVACY, LISTEN, pin_factory=mock_factory)
    leds.process(Camera(0, True))
    leds.process(State(0, "listening"))
    leds.close()
    assert mock_factory.pin(PRIVACY).state is False and mock_factory.pin(LISTEN).state is False


def test_memory_twin_records_changes():
    leds = MemoryLeds()
    for event in interleaved_session(FakeCamera(frames_per_look=2)):
        assert leds.process(event) == ()
    assert leds.history == [
        (100, Indicators(False, True)), (900, Indicators(False, False)), (1000, Indicators(True, False)),
        (1133, Indicators(False, False)), (5000, Indicators(True, False)), (5133, Indicators(False, False))]


def test_missing_gpiozero_names_the_extra(monkeypatch):
    import builtins

    from glasses.errors import DeviceError

    real_import = builtins.__import__

    def fake_import(name, *args, **kw):
        if name == "gpiozero" or name.startswith("gpiozero."):
            raise ImportError("No module named 'gpiozero'")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(DeviceError, match=r"pip install 'glasses\[pi\]'"):
        GpioLeds(PRIVACY, LISTEN)


def test_a_photo_keeps_the_privacy_led_solid_for_a_second_and_a_video_blinks_it():
    from glasses.events import AudioChunk
    from glasses.rig.leds import PHOTO_HOLD_MS

    ind = indicators_after(Indicators(), Camera(1000, True, "photo"))
    ind = indicators_after(ind, Camera(1200, False, "photo"))       # the photo was stored fast
    assert ind.privacy and not ind.blink
    ind = indicators_after(ind, AudioChunk(1000 + PHOTO_HOLD_MS - 30, b"\0\0" * 480))
    assert ind.privacy                                              # still within the second
    ind = indicators_after(ind, AudioChunk(1000 + PHOTO_HOLD_MS, b"\0\0" * 480))
    assert not ind.privacy
    ind = indicators_after(ind, Camera(5000, True, "video"))
    assert ind.privacy and ind.blink
    ind = indicators_after(ind, Camera(5500, True, "look"))
    ind = indicators_after(ind, Camera(6000, False, "look"))         # a look during the video
    assert ind.privacy and ind.blink
    ind = indicators_after(ind, Camera(9000, False, "video"))
    assert not ind.privacy and not ind.blink


def test_gpio_privacy_led_blinks_during_a_video():
    from gpiozero.pins.mock import MockFactory

    leds = GpioLeds(27, 22, pin_factory=MockFactory())
    try:
        leds.process(Camera(0, True, "video"))
        assert leds._privacy._blink_thread is not None     # gpiozero's own blinking thread runs
        leds.process(Camera(3000, False, "video"))
        assert not leds.privacy_lit and leds._privacy._blink_thread is None
    finally:
        leds.close()

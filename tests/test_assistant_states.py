"""The assistant's state machine driven with events directly (text and buttons, no audio)."""

from datetime import datetime, timezone

import numpy as np
import pytest

from glasses.runtime.build import build_text_assistant, close_skills
from glasses.config import Config
from glasses.events import Button, Camera, Frame, Intent, Say, TextInput


@pytest.fixture
def assistant(tmp_path):
    a = build_text_assistant(Config(), origin=datetime(2026, 3, 3, 10, tzinfo=timezone.utc), tz=timezone.utc,
                             sealed_in=tmp_path)
    yield a
    close_skills(a)


def cameras(events):
    return [e.on for e in events if isinstance(e, Camera)]


def test_a_new_request_during_a_look_turns_the_camera_off_first(assistant):
    out = assistant.process(Button(1000, "long_press"))
    assert cameras(out) == [True] and assistant.mode == "looking"
    blank = np.zeros((120, 160, 3), dtype=np.uint8)
    assistant.process(Frame(1100, blank))
    out = assistant.process(TextInput(1200, "what time is it"))
    assert cameras(out) == [False]
    assert [e.name for e in out if isinstance(e, Intent)] == ["get_time"]
    assert assistant.mode == "idle"
    later = assistant.process(Frame(1300, blank))  # frames after that are ignored
    assert not any(isinstance(e, (Camera, Say)) for e in later)


def test_a_look_with_no_frames_times_out_and_says_so(assistant):
    out = assistant.process(Button(0, "long_press")) + assistant.finish(2000)
    assert cameras(out) == [True, False]
    says = [e.text for e in out if isinstance(e, Say)]
    assert len(says) == 1 and says[0]


def test_button_press_during_a_look_starts_listening_with_the_camera_off(assistant):
    assistant.process(Button(0, "long_press"))
    out = assistant.process(Button(500, "press"))
    assert cameras(out) == [False] and assistant.mode == "listening"


def test_double_press_silences_and_returns_to_idle(assistant):
    out = assistant.process(TextInput(0, "help"))
    assert any(isinstance(e, Say) for e in out)
    assistant.process(Button(100, "double_press"))
    assert assistant.mode == "idle" and assistant.speaking is None

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from glasses.emulator.recorder import Recording, RecordSwitch, default_folders, free_folder
from glasses.events import AudioChunk, Button, Frame, TextInput
from glasses.session import load_session

ORIGIN = datetime(2026, 11, 22, 8, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def test_a_recording_starts_its_clock_where_r_was_pressed(tmp_path):
    seen = []

    def blur(bgr):
        seen.append(bgr.shape)
        return np.zeros_like(bgr)

    rec = Recording(tmp_path / "s", ORIGIN, 5000, frame_filter=blur)
    rec.add(AudioChunk(4920, b"\x01\x00" * 1280))  # before the start: left out
    rec.add(AudioChunk(5000, b"\x02\x00" * 1280))
    rec.add(Button(5040, "press"))
    rec.add(TextInput(5080, "what time is it"))
    rec.add(Frame(5120, np.full((48, 64, 3), 255, np.uint8)))
    rec.add(AudioChunk(5080, b"\x03\x00" * 1280))
    session = load_session(rec.close())
    assert session.started_at == ORIGIN.replace(second=5)
    assert len(session.audio) == 2560 and session.audio[0] == 2
    assert [(e["t_ms"], e["type"]) for e in session.events] == [(40, "button"), (80, "text")]
    assert [f.t_ms for f in session.frames] == [120]
    assert seen == [(48, 64, 3)]  # every frame went through the face blurrer
    assert load_session(tmp_path / "s").frames[0].file.read_bytes()  # written
    import cv2
    assert cv2.imread(str(session.frames[0].file)).max() < 10  # the blurred frame, not the original


def test_the_switch_numbers_later_recordings(tmp_path):
    switch = RecordSwitch(default_folders(tmp_path / "rec", lambda: tmp_path / "never"), ORIGIN)
    assert not switch.on
    assert "recording to" in switch.toggle(0)
    switch.add(AudioChunk(0, b"\x00\x00" * 1280))
    assert switch.toggle(80) == f"session saved to {tmp_path / 'rec'}"
    switch.toggle(100)
    assert switch.stop() == tmp_path / "rec-2"
    assert switch.stop() is None
    assert free_folder(tmp_path / "rec") == tmp_path / "rec-3"

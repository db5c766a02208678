"""Loading sessions: every malformed, truncated or missing part is one clear error, exit 2."""

import json
import shutil
import zipfile

import numpy as np
import pytest

from glasses.audio import write_wav
from glasses.errors import SessionError
from glasses.events import AudioChunk, Button, Frame, TextInput
from glasses.session import SessionWriter, load_session

META = "format: glasses-session/1\nstarted_at: '2026-03-03T08:00:00+00:00'\ntimezone: Europe/London\n"


@pytest.fixture
def good(tmp_path):
    root = tmp_path / "good"
    root.mkdir()
    (root / "session.yaml").write_text(META)
    write_wav(root / "audio.wav", np.zeros(16000, dtype=np.int16))
    (root / "events.jsonl").write_text('{"t_ms": 500, "type": "button", "action": "press"}\n'
                                       '{"t_ms": 700, "type": "text", "text": "what time is it"}\n')
    return root


def test_good_session_loads_and_orders_inputs(good):
    s = load_session(good)
    assert s.started_at.isoformat() == "2026-03-03T08:00:00+00:00" and str(s.tz) == "Europe/London"
    inputs = list(s.inputs())
    assert [type(e) for e in inputs if not isinstance(e, AudioChunk)] == [Button, TextInput]
    times = [e.t_ms for e in inputs]
    assert times == sorted(times)
    assert sum(len(e.pcm) for e in inputs if isinstance(e, AudioChunk)) == 32000


def test_other_sample_rates_and_stereo_are_converted(tmp_path, good):
    import wave
    with wave.open(str(good / "audio.wav"), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(np.zeros(44100 * 2, dtype=np.int16).tobytes())
    assert len(load_session(good).audio) == 16000


@pytest.mark.parametrize("change, message", [
    (lambda r: (r / "session.yaml").unlink(), "missing session.yaml"),
    (lambda r: (r / "session.yaml").write_text("format: [unclosed\n"), r"session.yaml:\d+: invalid YAML"),
    (lambda r: (r / "session.yaml").write_text("format: glasses-session/9\nstarted_at: '2026-03-03T08:00:00+00:00'\n"),
     "format must be 'glasses-session/1'"),
    (lambda r: (r / "session.yaml").write_text("format: glasses-session/1\n"), "started_at is missing"),
    (lambda r: (r / "session.yaml").write_text("format: glasses-session/1\nstarted_at: '2026-03-03T08:00:00'\n"),
     "has no time zone"),
    (lambda r: (r / "session.yaml").write_text(META + "colour: blue\n"), "unknown key 'colour'"),
    (lambda r: (r / "events.jsonl").write_text('{"t_ms": 5, "type": "button", "action": "press"}\n{"t_ms": 9, oops}\n'),
     r"events.jsonl:2: invalid JSON"),
    (lambda r: (r / "events.jsonl").write_text('{"t_ms": -5, "type": "button", "action": "press"}\n'),
     r"events.jsonl:1: t_ms must be a whole number"),
    (lambda r: (r / "events.jsonl").write_text('{"t_ms": 5, "type": "button", "action": "squeeze"}\n'),
     r"events.jsonl:1: button action must be one of"),
    (lambda r: (r / "events.jsonl").write_text('{"t_ms": 5, "type": "smell"}\n'), r"events.jsonl:1: unknown event type"),
    (lambda r: (r / "audio.wav").write_bytes((r / "audio.wav").read_bytes()[:2000]), r"audio.wav: truncated"),
    (lambda r: (r / "audio.wav").write_bytes(b"RIFF0000WAVEjunk"), r"audio.wav: not a readable PCM WAV"),
    (lambda r: (r / "frames.jsonl").write_text('{"t_ms": 5, "file": "frames/000001.jpg"}\n'),
     r"frames.jsonl:1: frame file 'frames/000001.jpg' is missing"),
    (lambda r: (r / "frames.jsonl").write_text('{"t_ms": 5, "file": "../../etc/passwd"}\n'), r"lies outside the session"),
])
def test_bad_sessions_name_the_file_and_problem(good, change, message):
    change(good)
    with pytest.raises(SessionError, match=message):
        load_session(good)


def test_corrupt_frame_fails_with_the_file_named(good):
    """A header that cannot be read is refused when the session loads (never decoded); a
    frame that breaks after loading fails when it is replayed, naming the file."""
    import cv2

    (good / "frames").mkdir()
    frame = good / "frames" / "000001.jpg"
    frame.write_bytes(b"\xff\xd8\xff not really a jpeg")
    (good / "frames.jsonl").write_text('{"t_ms": 5, "file": "frames/000001.jpg"}\n')
    with pytest.raises(SessionError, match=r"frames.jsonl:1: frame 000001.jpg: corrupt or truncated JPEG image"):
        load_session(good)
    frame.write_bytes(cv2.imencode(".jpg", np.full((40, 40, 3), 90, np.uint8))[1].tobytes())
    session = load_session(good)
    frame.write_bytes(b"\xff\xd8\xff not really a jpeg")
    with pytest.raises(SessionError, match=r"000001.jpg: corrupt or truncated JPEG image"):
        list(session.inputs())


def test_cli_bad_session_is_one_line_exit_2(good, glasses_cli):
    (good / "events.jsonl").write_text('{"t_ms": 5, "type": "button"}\n')
    result = glasses_cli("replay", str(good))
    assert result.returncode == 2
    assert result.stderr.strip() == f"glasses: error: {good}/events.jsonl:1: button action must be one of " \
                                    "press, long_press, double_press, found None"
    assert result.stdout == ""


def test_zipped_session_and_writer_round_trip(tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    writer = SessionWriter(tmp_path / "rec", datetime(2026, 3, 3, 8, tzinfo=ZoneInfo("Europe/London")),
                           notes="round trip")
    writer.add_audio(np.full(8000, 100, dtype=np.int16).tobytes())
    writer.add_event({"t_ms": 100, "type": "button", "action": "long_press"})
    frame = np.zeros((48, 64, 3), dtype=np.uint8)
    frame[:, :32] = 200
    writer.add_frame(200, frame)
    root = writer.close()
    with pytest.raises(Exception, match="a session already exists here"):
        SessionWriter(root, datetime(2026, 3, 3, 8, tzinfo=ZoneInfo("Europe/London")))
    archive = tmp_path / "rec.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in root.rglob("*"):
            z.write(f, f.relative_to(tmp_path))
    for path in (root, archive):
        s = load_session(path)
        assert s.meta["notes"] == "round trip" and s.meta["camera"] == {"width": 64, "height": 48}
        frames = [e for e in s.inputs() if isinstance(e, Frame)]
        assert len(frames) == 1 and frames[0].t_ms == 200 and frames[0].bgr[:, :32].mean() > 150
        assert s.events == [{"t_ms": 100, "type": "button", "action": "long_press"}]
    shutil.rmtree(root)

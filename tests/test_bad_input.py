"""A table of malformed inputs (sessions: yaml, jsonl, wav, frames, zip; scripts; images;
typed text): every one exits 2 with exactly one line naming the file or field, no traceback,
and nothing is allocated beyond the documented limits (glasses.limits, docs/sessions.md)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

from glasses.audio import write_wav
from glasses.cli import main

META = "format: glasses-session/1\nstarted_at: '2026-03-03T08:00:00+00:00'\ntimezone: Europe/London\n"


def wav_bytes(rate: int, frames: int = 1600, channels: int = 1, width: int = 2) -> bytes:
    """A PCM WAV whose header says ``rate`` (any 32-bit value, as a hostile file may)."""
    data = b"\0" * (frames * channels * width)
    fmt = struct.pack("<HHIIHH", 1, channels, rate, (rate * channels * width) & 0xFFFFFFFF, channels * width,
                      width * 8)
    return (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", len(data)) + data)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels (a decompression bomb's header) in 70 bytes."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + \
        chunk(b"IEND", b"")


@pytest.fixture
def session(tmp_path) -> Path:
    root = tmp_path / "s"
    root.mkdir()
    (root / "session.yaml").write_text(META)
    write_wav(root / "audio.wav", np.zeros(1600, dtype=np.int16))
    (root / "events.jsonl").write_text('{"t_ms": 50, "type": "text", "text": "what time is it"}\n')
    return root


def _frame(root: Path, data: bytes, t_ms: int = 10) -> None:
    (root / "frames").mkdir(exist_ok=True)
    (root / "frames" / "000000.png").write_bytes(data)
    (root / "frames.jsonl").write_text(f'{{"t_ms": {t_ms}, "file": "frames/000000.png"}}\n')


def _zip(root: Path, members: dict[str, bytes]) -> Path:
    out = root.parent / "bad.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("session.yaml", "audio.wav"):
            z.write(root / name, name)
        for name, data in members.items():
            z.writestr(name, data)
    return out


# (what the case breaks, how, extra CLI args, what the one error line must say)
SESSION_CASES = [
    ("audio as a string", lambda r: (r / "session.yaml").write_text(META + 'audio: "audio.wav"\n'), [],
     r"s/session.yaml: audio must be a mapping"),
    ("audio file a number", lambda r: (r / "session.yaml").write_text(META + "audio: {file: 123}\n"), [],
     r"s/session.yaml: audio.file must be a file name, found 123"),
    ("audio file outside", lambda r: (r / "session.yaml").write_text(META + "audio: {file: ../../x.wav}\n"), [],
     r"s/session.yaml: audio file '../../x.wav' lies outside the session"),
    ("year 9999", lambda r: (r / "session.yaml").write_text(
        "format: glasses-session/1\nstarted_at: '9999-12-31T23:59:59+00:00'\n"), [],
     r"s/session.yaml: started_at 9999-12-31T23:59:59\+00:00 is outside the years"),
    ("wav rate 0", lambda r: (r / "audio.wav").write_bytes(wav_bytes(0)), [],
     r"s/audio.wav: sample rate 0 Hz is outside 4000..192000 Hz"),
    ("wav rate 2^32-1", lambda r: (r / "audio.wav").write_bytes(wav_bytes(4294967295)), [],
     r"s/audio.wav: sample rate 4294967295 Hz is outside"),
    ("wav rate 999983", lambda r: (r / "audio.wav").write_bytes(wav_bytes(999983, 999983)), [],
     r"s/audio.wav: sample rate 999983 Hz is outside"),
    ("wav 9 channels", lambda r: (r / "audio.wav").write_bytes(wav_bytes(16000, 16, channels=9)), [],
     r"s/audio.wav: 9 channels"),
    ("t_ms 1e20", lambda r: (r / "events.jsonl").write_text('{"t_ms": 1e20, "type": "button", "action": "press"}\n'),
     [], r"s/events.jsonl:1: t_ms must be a whole number of milliseconds"),
    ("t_ms 10^20", lambda r: (r / "events.jsonl").write_text(
        '{"t_ms": 100000000000000000000, "type": "button", "action": "press"}\n'), [],
     r"s/events.jsonl:1: t_ms 100000000000000000000 is beyond the 24-hour limit"),
    ("t_ms 10^12 with --speak-to", lambda r: (r / "events.jsonl").write_text(
        '{"t_ms": 1000000000000, "type": "button", "action": "press"}\n'), ["--speak-to", "OUT"],
     r"s/events.jsonl:1: t_ms 1000000000000 is beyond the 24-hour limit"),
    ("frame t_ms 10^12", lambda r: _frame(r, png_header_only(64, 64), 10**12), [],
     r"s/frames.jsonl:1: t_ms 1000000000000 is beyond"),
    ("expected t_ms 10^15", lambda r: (r / "expected.jsonl").write_text('{"type": "say", "t_ms": 1000000000000000}\n'),
     [], r"s/expected.jsonl:1: t_ms 1000000000000000 is beyond"),
    ("30000x30000 png frame", lambda r: _frame(r, png_header_only(30000, 30000)), [],
     r"s/frames.jsonl:1: frame 000000.png is 30000x30000 pixels \(limit 40 megapixels\)"),
    ("frame file a number", lambda r: (r / "frames.jsonl").write_text('{"t_ms": 5, "file": 5}\n'), [],
     r"s/frames.jsonl:1: frame needs a \"file\""),
    ("100k nested [", lambda r: (r / "events.jsonl").write_text("[" * 100_000 + "\n"), [],
     r"s/events.jsonl:1: invalid JSON"),
    ("typed text 200 KB", lambda r: (r / "events.jsonl").write_text(
        '{"t_ms": 5, "type": "text", "text": "' + "a" * 200_000 + '"}\n'), [],
     r"s/events.jsonl:1: text is 200000 characters long \(limit 4000\)"),
    ("session.yaml 2 MB", lambda r: (r / "session.yaml").write_text(META + "notes: '" + "x" * 2_000_000 + "'\n"), [],
     r"s/session.yaml: file too large"),
    ("config error line", lambda r: (r / "session.yaml").write_text(
        META + "notes: hi\nconfig:\n  listen:\n    timeout_s: soon\n"), [],
     r"s/session.yaml:7: config.listen.timeout_s: expected a number"),
    ("config unknown key line", lambda r: (r / "session.yaml").write_text(
        META + "config:\n  day:\n    colour: blue\n"), [],
     r"s/session.yaml:6: unknown key 'config.day.colour'"),
]


@pytest.mark.parametrize("name, change, extra, message", SESSION_CASES, ids=[c[0] for c in SESSION_CASES])
def test_bad_session_is_one_line_exit_2(session, tmp_path, capsys, name, change, extra, message):
    change(session)
    extra = [str(tmp_path / "out.wav") if a == "OUT" else a for a in extra]
    _one_line_exit_2(capsys, ["replay", str(session), *extra], message)
    assert not (tmp_path / "out.wav").exists()


ZIP_CASES = [
    ("path escape", {"../../escaped.txt": b"x"}, r"bad.zip: '../../escaped.txt' would unpack outside"),
    ("absolute path", {"/tmp/abs.txt": b"x"}, r"bad.zip: '/tmp/abs.txt' would unpack outside"),
    ("declared 600 MB", {"big.bin": b"\0" * 1000}, r"bad.zip: the zip would unpack to 600 MB"),
]


@pytest.mark.parametrize("name, members, message", ZIP_CASES, ids=[c[0] for c in ZIP_CASES])
def test_bad_zip_is_one_line_exit_2_and_leaves_nothing(session, tmp_path, capsys, monkeypatch, name, members,
                                                       message):
    import os
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    archive = _zip(session, members)
    if "big.bin" in members:  # the central directory claims 600 MB (as a 600 KB zip of zeros would)
        raw = bytearray(archive.read_bytes())
        entry = raw.rfind(b"PK\x01\x02")
        raw[entry + 24:entry + 28] = struct.pack("<I", 600 * 1024 * 1024)
        archive.write_bytes(bytes(raw))
    _one_line_exit_2(capsys, ["replay", str(archive)], message)
    assert os.listdir(scratch) == [] and not Path("/tmp/abs.txt").exists()


def test_zip_inflating_past_the_limit_stops_there(session, tmp_path):
    """The byte and file-count limits of unpacking, and a good zip unpacked and removed."""
    import tempfile

    from glasses.errors import SessionError
    from glasses.session_zip import unpack

    archive = _zip(session, {"frames/a.bin": b"\0" * 300_000})
    with pytest.raises(SessionError, match="unpacks to more than|would unpack to"):
        unpack(archive, max_bytes=200_000)
    with pytest.raises(SessionError, match="holds 3 files \\(limit 2\\)"):
        unpack(archive, max_files=2)
    ok = unpack(archive)
    assert (Path(ok.name) / "session.yaml").exists()
    ok.cleanup()
    assert not Path(ok.name).exists()


SCRIPT = 'started_at: "2026-03-03T08:00:00+00:00"\n'
IMAGE = Path(__file__).resolve().parents[1] / "glasses" / "data" / "catalog" / "images" / "sign.jpg"
SCRIPT_CASES = [
    ("bad time zone", SCRIPT + "timezone: Mars/Olympus\nlines: []\n", r"script.yaml: unknown timezone 'Mars/Olympus'"),
    ("bad started_at", 'started_at: "next tuesday"\nlines: []\n', r"script.yaml: started_at 'next tuesday' is not"),
    ("at 1e9", SCRIPT + "lines:\n  - {at: 1e9, text: hello}\n", r"script.yaml: line 1: at must be a number"),
    ("at nan", SCRIPT + "lines:\n  - {at: .nan, text: hello}\n", r"script.yaml: line 1: at must be a number"),
    ("every 0", SCRIPT + f"lines:\n  - {{at: 1, frames: '{IMAGE}', every: 0}}\n",
     r"script.yaml: line 1: every must be"),
    ("frames missing", SCRIPT + "lines:\n  - {at: 1, frames: nope.png}\n",
     r"script.yaml: line 1: 'nope.png' not found"),
    ("speed text", SCRIPT + "lines:\n  - {at: 1, say: hi, speed: fast}\n", r"script.yaml: line 1: speed must be"),
    ("tail 2 days", SCRIPT + "tail_s: 172800\nlines: []\n", r"script.yaml: tail_s must be a number of seconds"),
    ("lines not a list", SCRIPT + "lines: 5\n", r"script.yaml: lines must be a list"),
    ("frames a number", SCRIPT + "lines:\n  - {at: 1, frames: 5}\n", r"script.yaml: line 1: frames must name an image"),
    ("button 0", SCRIPT + "lines:\n  - {at: 1, button: 0}\n", r"script.yaml: line 1: button must be one of"),
    ("expected not rows", SCRIPT + "lines: []\nexpected: true\n", r"script.yaml: expected must be a list"),
]


@pytest.mark.parametrize("name, text, message", SCRIPT_CASES, ids=[c[0] for c in SCRIPT_CASES])
def test_bad_make_session_script_is_one_line_exit_2(tmp_path, capsys, name, text, message):
    script = tmp_path / "script.yaml"
    script.write_text(text)
    _one_line_exit_2(capsys, ["make-session", str(script), str(tmp_path / "out")], message)
    assert not (tmp_path / "out").exists()  # nothing half-written left behind


def test_speak_to_a_folder_is_one_line(session, tmp_path, capsys):
    (tmp_path / "out").mkdir()
    _one_line_exit_2(capsys, ["replay", str(session), "--speak-to", str(tmp_path / "out")],
                     rf"{tmp_path}/out: cannot write: Is a directory")


def test_transcribe_a_folder_and_bad_wavs(tmp_path, capsys):
    _one_line_exit_2(capsys, ["transcribe", str(tmp_path)], rf"{tmp_path}: is a folder, not a WAV file")
    bad = tmp_path / "odd.wav"
    bad.write_bytes(wav_bytes(999983, 10))
    _one_line_exit_2(capsys, ["transcribe", str(bad)], r"odd.wav: sample rate 999983 Hz is outside")


def test_ask_with_a_huge_request_is_one_line(capsys):
    _one_line_exit_2(capsys, ["ask", "a" * 200_000], r"the request is 200000 characters long \(limit 4000\)")


def test_look_at_a_bomb_png_is_one_line(tmp_path, capsys):
    image = tmp_path / "bomb.png"
    image.write_bytes(png_header_only(30000, 30000))
    code = main(["look", "--no-ocr", str(image)])
    err = capsys.readouterr().err
    assert code == 2 and "30000x30000" in err and "Traceback" not in err


def _one_line_exit_2(capsys, argv: list[str], message: str) -> None:
    import re

    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("glasses: error: ") and re.search(message, lines[0]), lines[0]


# --- property test: any values in session.yaml, events.jsonl and frames.jsonl load, or fail with one
# GlassesError (one line, exit 2), never another exception

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                     st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=300),
                     st.sampled_from(["audio.wav", "../x.wav", "/etc/passwd", "a" * 5000, "Europe/London",
                                      "2026-03-03T08:00:00+00:00", "9999-12-31T23:59:59+14:00", "\x1b[2J"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=12), inner, max_size=3)),
                       max_leaves=8)
_meta_keys = st.sampled_from(["started_at", "timezone", "location", "notes", "audio", "camera", "config"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=st.dictionaries(_meta_keys, _values, max_size=3),
       rows=st.lists(st.dictionaries(st.sampled_from(["t_ms", "type", "action", "text", "file"]), _values,
                                     max_size=4), max_size=3),
       frames=st.lists(st.dictionaries(st.sampled_from(["t_ms", "file"]), _values, max_size=2), max_size=2))
def test_any_session_fields_load_or_fail_with_one_clear_error(tmp_path_factory, meta, rows, frames):
    import json

    import yaml

    from glasses.errors import GlassesError
    from glasses.session import load_session

    root = tmp_path_factory.mktemp("fuzz")
    head = {"format": "glasses-session/1", "started_at": "2026-03-03T08:00:00+00:00", **meta}
    try:
        text = yaml.safe_dump(head)
    except yaml.YAMLError:
        return
    (root / "session.yaml").write_text(text)
    write_wav(root / "audio.wav", np.zeros(160, dtype=np.int16))
    (root / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    if frames:
        (root / "frames.jsonl").write_text("".join(json.dumps(r) + "\n" for r in frames))
    try:
        session = load_session(root)
        list(session.inputs())
    except GlassesError as exc:  # SessionError, or ConfigError for bad config overrides: exit 2
        assert "\n" not in str(exc).strip() or "\n" in json.dumps(head)  # one line (unless the input had one)

"""Replays are sealed: with the wearer's own calendar, shopping list and product catalog in
place, replaying a session (folder or zip) never reads or changes them, repeats exactly,
and leaves no temporary files behind. (About 18 s: two whole replays through the real CLI.)"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

from glasses.cli import main
from tests.conftest import ROOT

IMAGES = ROOT / "glasses" / "data" / "catalog" / "images"
UNKNOWN = IMAGES / "unknown-barcode.jpg"

SCRIPT = {
    "started_at": "2026-03-03T09:00:00+00:00",
    "timezone": "Europe/London",
    "config": {"day": {"briefing_on_first_wake": False}, "look": {"ocr": False}},  # barcodes are enough here
    "tail_s": 3,
    "lines": [
        {"at": 1.0, "text": "what's on my schedule today"},
        {"at": 3.0, "text": "what's on my shopping list"},
        {"at": 5.0, "button": "long_press"},
        {"at": 5.0, "frames": str(UNKNOWN.relative_to(ROOT)), "duration": 1.0, "every": 0.2},
        {"at": 10.0, "text": "remember this as replay biscuits"},
        {"at": 12.0, "text": "add tea to my shopping list"},
        {"at": 14.0, "button": "long_press"},
        {"at": 14.0, "frames": str(UNKNOWN.relative_to(ROOT)), "duration": 1.0, "every": 0.2},
    ],
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(capsys, *args: str) -> str:
    """The real command line, in this process (the models load once for the whole test)."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _wearer(home: Path, capsys) -> dict[str, Path]:
    """The wearer's own data: a private calendar event on the session's day, a shopping list
    item and a catalog that knows the session's unknown barcode by a private name."""
    from glasses.products.catalog import open_catalog
    from glasses.vision.barcode import make_reader
    from glasses.vision.imageio import load_image

    calendar = home / "private.ics"
    calendar.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//wearer//EN\r\nBEGIN:VEVENT\r\n"
                        "UID:private-1\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260303T140000Z\r\n"
                        "DTEND:20260303T150000Z\r\nSUMMARY:Secret oncology appointment\r\nEND:VEVENT\r\n"
                        "END:VCALENDAR\r\n")
    config = home / ".config" / "glasses" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"day: {{calendars: ['{calendar}']}}\n")
    assert "private pills" in _cli(capsys, "ask", "add private pills to my shopping list").lower()
    heard = _cli(capsys, "ask", "what's on my schedule today", "--at", "2026-03-03T09:00:00+00:00")
    assert "Secret oncology" in heard  # the wearer's calendar is really configured
    codes = make_reader("auto").read(load_image(UNKNOWN))
    assert codes, "the fixture image must hold a barcode"
    catalog_path = home / ".local" / "share" / "glasses" / "catalog.sqlite"
    with open_catalog(catalog_path) as cat:
        cat.remember(codes[0].value, "Wearer private cola")
    day_db = home / ".local" / "share" / "glasses" / "day" / "day.sqlite"
    assert day_db.exists()
    return {"catalog": catalog_path, "day": day_db}


def _replay(capsys, target: Path) -> list[dict]:
    return [json.loads(line) for line in _cli(capsys, "replay", "--json", str(target)).splitlines()]


def test_replay_never_reads_or_writes_the_wearers_data(isolated_home, make_session, tmp_path, capsys,
                                                       monkeypatch):
    import tempfile

    wearer = _wearer(isolated_home, capsys)
    before = {name: _digest(wearer[name]) for name in ("catalog", "day")}
    folder = make_session(SCRIPT, "sealed")
    archive = tmp_path / "sealed.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.rglob("*")):
            z.write(f, f.relative_to(tmp_path))
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    first = _replay(capsys, archive)
    second = _replay(capsys, folder)

    assert first == second
    said = " | ".join(e["text"] for e in first if e["type"] == "say")
    assert "Secret oncology" not in said and "oncology" not in json.dumps(first)
    assert "pills" not in said.lower() and "private cola" not in said.lower()
    assert "nothing on your calendar" in said.lower()
    assert "isn't in my catalog" in said and "Replay biscuits" in said  # remembered within the replay only
    assert {name: _digest(wearer[name]) for name in ("catalog", "day")} == before
    assert os.listdir(scratch) == []  # no unpacked zip, no replay state left behind


def test_a_replay_stopped_with_sigterm_removes_its_temporary_folders(tmp_path):
    """systemd, timeout(1) or a test harness stop a replay with SIGTERM: the unpacked zip and
    the replay's state folder go with it, as with Ctrl-C or a normal end."""
    import signal
    import subprocess
    import sys

    demo = ROOT / "glasses" / "data" / "demo"
    archive = tmp_path / "demo.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(demo.rglob("*")):
            z.write(f, f.relative_to(demo.parent))
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "glasses", "replay", "--json", "--realtime", str(archive)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline()  # replaying: the first event is out
        assert any(n.startswith("glasses-session-") for n in os.listdir(scratch))
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        err = proc.stderr.read()
        proc.stderr.close()
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert [n for n in os.listdir(scratch) if n.startswith("glasses-")] == []

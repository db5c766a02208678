"""``glasses transcribe FILE...``: many files, models loaded once, one line or JSON object each."""

from __future__ import annotations

import json

from glasses.audio import write_wav
from glasses.scriptgen import synthesize


def test_transcribe_many_files_as_json(tmp_path, glasses_cli):
    files = []
    for i, text in enumerate(("what time is it", "what's the weather")):
        path = tmp_path / f"clip{i}.wav"
        write_wav(path, synthesize(text, "en-us", 150))
        files.append(str(path))
    result = glasses_cli("transcribe", *files, "--mode", "command", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0 and [r["file"] for r in rows] == files
    assert rows[0]["text"].lower().startswith("what time") and "weather" in rows[1]["text"].lower()
    assert all(r["engine"] and isinstance(r["ms"], int) and r["ms"] > 0 for r in rows)
    # a bad file among good ones: one line naming it, exit 2, before any model loads or prints
    missing = str(tmp_path / "missing.wav")
    bad = glasses_cli("transcribe", files[0], missing, "--json")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip() == f"glasses: error: {missing}: file not found"

    plain = glasses_cli("transcribe", *files, "--mode", "command")
    lines = plain.stdout.splitlines()
    assert plain.returncode == 0 and len(lines) == 2
    assert lines[0].lower().startswith(f"{files[0]}: what time".lower()) and lines[1].startswith(f"{files[1]}: ")

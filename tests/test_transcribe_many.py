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
    missing = str(tmp_path / "missing.wav")
    result = glasses_cli("transcribe", *files, missing, "--mode", "command", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in rows] == [*files, missing]
    assert rows[0]["text"].lower().startswith("what time") and "weather" in rows[1]["text"].lower()
    assert all(r["engine"] for r in rows) and all(isinstance(r["ms"], int) and r["ms"] > 0 for r in rows[:2])
    assert rows[2]["text"] is None and "not found" in rows[2]["error"]
    assert result.returncode == 2 and f"glasses: error: {missing}: file not found" in result.stderr.splitlines()

    plain = glasses_cli("transcribe", *files, "--mode", "command")
    lines = plain.stdout.splitlines()
    assert plain.returncode == 0 and len(lines) == 2
    assert lines[0].lower().startswith(f"{files[0]}: what time".lower()) and lines[1].startswith(f"{files[1]}: ")

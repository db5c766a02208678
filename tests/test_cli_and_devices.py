"""The command line as a user runs it, and the live loop on (virtual) ALSA devices."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from glasses.audio import read_wav, write_wav
from glasses.scriptgen import synthesize

COMMANDS = ["demo", "replay", "record", "ask", "transcribe", "run", "doctor", "bench", "make-session", "config",
            "look", "products", "emulate"]


def test_every_command_has_help(glasses_cli):
    top = glasses_cli("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
        result = glasses_cli(command, "--help")
        assert result.returncode == 0 and "usage: glasses " + command in result.stdout, command
    assert glasses_cli("products", "import", "--help").returncode == 0


def test_ask_json_covers_intents_and_slots(glasses_cli):
    at = ["--at", "2026-03-03T08:20:00+00:00"]
    rows = {text: json.loads(glasses_cli("ask", text, "--json", *at).stdout) for text in (
        "what time is it", "set a ten minute pasta timer", "add oat milk to my shopping list", "xyzzy plugh")}
    assert rows["what time is it"] == {"intent": "get_time", "slots": {},
                                       "reply": "It's eight twenty in the morning."}
    assert rows["set a ten minute pasta timer"]["slots"] == {"duration_s": "600", "name": "pasta"}
    assert rows["add oat milk to my shopping list"]["slots"] == {"item": "oat milk", "list": "shopping"}
    assert rows["xyzzy plugh"]["intent"] is None and "didn't understand" in rows["xyzzy plugh"]["reply"]


def test_transcribe_any_rate_and_stereo(tmp_path, glasses_cli):
    import wave

    speech = synthesize("what time is it", "en-us", 150).astype(np.float32)
    from glasses.audio import resample
    resampled = resample(speech / 32768, 16000, 44100)
    stereo = np.repeat((resampled * 32767).astype(np.int16)[:, None], 2, axis=1)
    stereo = np.concatenate([np.zeros((8000, 2), np.int16), stereo, np.zeros((20000, 2), np.int16)])
    stereo = (stereo + np.random.default_rng(1).normal(0, 20, stereo.shape)).astype(np.int16)
    path = tmp_path / "stereo44k.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(stereo.tobytes())
    result = glasses_cli("transcribe", str(path), "--mode", "command")
    assert result.returncode == 0 and result.stdout.lower().startswith("what time"), result.stdout
    bad = glasses_cli("transcribe", str(tmp_path / "nope.wav"))
    assert bad.returncode == 2 and bad.stderr.strip() == f"glasses: error: {tmp_path}/nope.wav: file not found"


def test_make_session_then_replay_check(tmp_path, glasses_cli):
    script = tmp_path / "script.yaml"
    script.write_text('started_at: "2026-03-03T08:00:00+00:00"\nconfig: {day: {briefing_on_first_wake: false}}\n'
                      'lines:\n  - {at: 0.5, text: "what time is it"}\n'
                      'expected:\n  - {type: say, text: "It\'s eight in the morning."}\n')
    assert glasses_cli("make-session", str(script), str(tmp_path / "s")).returncode == 0
    assert glasses_cli("replay", str(tmp_path / "s"), "--check").returncode == 0
    (tmp_path / "s" / "expected.jsonl").write_text('{"type": "say", "text": "It\'s midnight."}\n')
    failed = glasses_cli("replay", str(tmp_path / "s"), "--check")
    assert failed.returncode == 1 and "missing" in failed.stderr


def _asoundrc(home: Path, mic_raw: Path | None, speaker_raw: Path) -> None:
    """An ALSA setup whose microphone reads ``mic_raw`` (none: no capture device at all)
    and whose speaker writes ``speaker_raw``."""
    capture = f'''
pcm.vmic {{
  type file
  slave.pcm null
  file /dev/null
  infile "{mic_raw}"
  format raw
}}''' if mic_raw else ""
    (home / ".asoundrc").write_text(f'''pcm.!default {{
  type asym
  {'capture.pcm "vmic"' if mic_raw else ""}
  playback.pcm "vspk"
}}
{capture}
pcm.vspk {{
  type asym
  playback.pcm {{
    type plug
    slave.pcm {{
      type file
      slave.pcm null
      file "{speaker_raw}"
      format raw
    }}
  }}
}}
''')


def _command_audio(*lines: tuple[str, float]) -> np.ndarray:
    parts = []
    for text, pause in lines:
        parts += [synthesize(text, "en-us", 150), np.zeros(int(pause * 16000), np.int16)]
    audio = np.concatenate([np.zeros(8000, np.int16), *parts, np.zeros(16000 * 12, np.int16)]).astype(np.float32)
    return (audio + np.random.default_rng(2).normal(0, 20, audio.shape)).astype(np.int16)


def test_run_on_virtual_alsa_microphone_and_speaker(isolated_home, tmp_path, glasses_cli):
    """The real device path: PortAudio opens ALSA devices backed by files."""
    mic, speaker = tmp_path / "mic.raw", tmp_path / "speaker.raw"
    mic.write_bytes(_command_audio(("hey jarvis", 0.5), ("what time is it", 0)).tobytes())
    _asoundrc(isolated_home, mic, speaker)
    config = tmp_path / "config.yaml"
    config.write_text("day: {briefing_on_first_wake: false}\n")
    result = glasses_cli("--config", str(config), "run", "--seconds", "8", input="")
    assert result.returncode == 0, result.stderr
    assert "heard: what time is it" in result.stdout.lower()
    assert "said:  It's" in result.stdout
    played = np.frombuffer(speaker.read_bytes(), np.int16)
    assert len(played) > 16000 and np.abs(played).max() > 3000  # the answer reached the speaker


def test_run_without_a_microphone_says_so_and_takes_typed_lines(isolated_home, tmp_path, glasses_cli):
    _asoundrc(isolated_home, None, tmp_path / "speaker.raw")
    config = tmp_path / "config.yaml"
    config.write_text("day: {briefing_on_first_wake: false}\n")
    result = glasses_cli("--config", str(config), "run", "--seconds", "30", input="what time is it\n")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if "joining the Whisper" not in line]
    assert "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("glasses: no microphone found")   # not PortAudio's "Error querying device -1"
    assert "Error querying device" not in result.stderr
    assert "glasses emulate" in lines[0] and "glasses ask" in lines[0] and "typed lines only" in lines[0]
    assert "said:  It's" in result.stdout   # the typed line was answered, then the run ended with stdin


def test_run_with_no_sound_card_at_all_names_both_and_what_to_use_instead(isolated_home, glasses_cli):
    (isolated_home / ".asoundrc").write_text("pcm.!default { type hw card 7 }\n")  # a card that is not there
    result = glasses_cli("run", "--seconds", "1", input="")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "Error querying device" not in result.stderr, result.stderr
    assert "no microphone found" in result.stderr and "glasses emulate" in result.stderr
    assert "no speaker found; answers are printed only" in result.stderr


def test_record_then_replay(tmp_path):
    """`glasses record` with a WAV standing in for the microphone and Enter for the button."""
    from glasses.config import Config
    from glasses.devices.mic import WavMicrophone
    from glasses.live import record_session
    from glasses.session import load_session

    wav = tmp_path / "in.wav"
    write_wav(wav, _command_audio(("what time is it", 1.0))[: 16000 * 6])
    keys: queue.Queue = queue.Queue()
    keys.put(("button", "press"))
    keys.put(("text", "what's the date"))
    from glasses.camera import ImageFolderCamera

    photos = Path(__file__).resolve().parents[1] / "glasses" / "data" / "catalog" / "images"
    camera = ImageFolderCamera(photos)
    assert record_session(Config(), tmp_path / "rec", mic=WavMicrophone(wav, realtime=False), keys=keys,
                          camera=camera) == 0
    assert not camera.is_open
    session = load_session(tmp_path / "rec")
    frames = [e for e in session.inputs() if e.__class__.__name__ == "Frame"]
    assert 25 <= len(frames) <= 31 and frames[1].t_ms - frames[0].t_ms == 200  # 5 per second for 6 s
    assert abs(len(session.audio) - 16000 * 6) < 1600
    assert [e["type"] for e in session.events] == ["button", "text"]
    assert np.array_equal(session.audio[:16000], read_wav(wav)[:16000])


def test_ask_stop_says_what_it_stopped(glasses_cli):
    for words in ("stop", "never mind"):
        r = glasses_cli("ask", words)
        assert r.returncode == 0 and r.stdout.strip() == "Okay. Nothing was playing or ringing.", r.stdout
    assert glasses_cli("ask", "--at", "2026-03-03T12:00:00", "set a timer for 30 seconds").returncode == 0
    rang = glasses_cli("ask", "--at", "2026-03-03T12:00:40", "what time is it")
    assert "timer is done" in rang.stdout
    stopped = glasses_cli("ask", "--json", "--at", "2026-03-03T12:00:45", "stop")
    assert json.loads(stopped.stdout) == {"intent": "stop", "slots": {}, "reply": "Okay, silenced the ringing timer."}
    assert glasses_cli("ask", "--at", "2026-03-03T12:00:50", "stop").stdout.strip() == \
        "Okay. Nothing was playing or ringing."

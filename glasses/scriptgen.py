"""Build a session from a short script of lines and times, so tests read like the conversation.

    started_at: "2026-11-22T08:30:00+01:00"
    timezone: Europe/Berlin
    noise_dbfs: -50              # optional background noise (seeded: same file every time)
    tail_s: 4                    # silence after the last line, for the answer
    lines:
      - {at: 1.0, say: "hey jarvis", voice: en-us, speed: 160}
      - {after: 0.3, say: "what time is it"}      # seconds after the previous line ends
      - {at: 9.0, button: press}
      - {at: 12.0, text: "what's the date"}       # a typed command
      - {at: 15.0, frames: "path/or/folder", duration: 1.5, every: 0.2}   # camera frames

Spoken lines are synthesized with espeak-ng (any of its voices and speeds), or with the natural
neural test voice (``voice: piper``, glasses.testvoice).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from glasses.audio import RATE, read_wav
from glasses.errors import GlassesError
from glasses.session import SessionWriter

LINE_KEYS = {"at", "after", "say", "voice", "speed", "pitch", "gain_db", "button", "text", "frames",
             "duration", "every"}


NEURAL_VOICE = "piper"   # the natural test voice (glasses.testvoice); any other name is espeak-ng's
_neural: list = []


def synthesize(text: str, voice: str = "en-us", speed: int = 160, pitch: int = 50) -> np.ndarray:
    """``text`` spoken by espeak-ng, or by the neural test voice when ``voice`` is "piper"
    (speed 160 is its natural pace), as int16 at 16 kHz."""
    if voice == NEURAL_VOICE:
        from glasses.testvoice import PiperTestVoice

        if not _neural:
            _neural.append(PiperTestVoice.load())
        return _neural[0].synthesize(text, speed=speed / 160)
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise GlassesError("espeak-ng is not installed (sudo apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "line.wav"
        result = subprocess.run([exe, "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(out), text],
                                capture_output=True, text=True)
        if result.returncode != 0 or not out.exists():
            raise GlassesError(f"espeak-ng failed for voice {voice!r}: {result.stderr.strip()}")
        return read_wav(out)


def build_session(script: dict[str, Any], out_dir: Path, base_dir: Path | None = None,
                  where: str = "script") -> Path:
    """Write the session described by ``script`` into ``out_dir``; returns the folder."""
    import cv2

    base_dir = base_dir or Path.cwd()
    started = script.get("started_at")
    if started is None:
        raise GlassesError("started_at is missing", where=where)
    started_at = started if isinstance(started, datetime) else datetime.fromisoformat(str(started))
    if script.get("timezone"):
        from zoneinfo import ZoneInfo

        started_at = started_at.astimezone(ZoneInfo(script["timezone"]))
    lines = script.get("lines") or []
    clips: list[tuple[int, np.ndarray]] = []
    writer = SessionWriter(out_dir, started_at, notes=script.get("notes", ""),
                           location=script.get("location"), config=script.get("config"))
    cursor_ms = 0
    for n, line in enumerate(lines, 1):
        unknown = set(line) - LINE_KEYS
        if unknown:
            raise GlassesError(f"line {n}: unknown key {sorted(unknown)[0]!r}", where=where)
        if "at" in line:
            t_ms = int(float(line["at"]) * 1000)
        else:
            t_ms = cursor_ms + int(float(line.get("after", 0.5)) * 1000)
        if "say" in line:
            pcm = synthesize(line["say"], line.get("voice", "en-us"), int(line.get("speed", 160)),
                             int(line.get("pitch", 50)))
            pcm = (pcm.astype(np.float32) * 10 ** (float(line.get("gain_db", 0)) / 20))
            clips.append((t_ms, np.clip(pcm, -32768, 32767).astype(np.int16)))
            cursor_ms = t_ms + len(pcm) * 1000 // RATE
        elif "button" in line:
            writer.add_event({"t_ms": t_ms, "type": "button", "action": line["button"]})
            cursor_ms = t_ms
        elif "text" in line:
            writer.add_event({"t_ms": t_ms, "type": "text", "text": line["text"]})
            cursor_ms = t_ms
        elif "frames" in line:
            source = (base_dir / line["frames"]).resolve()
            files = sorted(p for p in source.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png")) \
                if source.is_dir() else [source]
            until = t_ms + int(float(line.get("duration", 1.5)) * 1000)
            every = int(float(line.get("every", 0.2)) * 1000)
            for i, t in enumerate(range(t_ms, until + 1, every)):
                image = cv2.imread(str(files[i % len(files)]))
                if image is None:
                    raise GlassesError(f"line {n}: cannot read image {files[i % len(files)]}", where=where)
                writer.add_frame(t, image)
            cursor_ms = until
        else:
            raise GlassesError(f"line {n}: needs one of say, button, text or frames", where=where)
    end_ms = cursor_ms + int(float(script.get("tail_s", 4)) * 1000)
    track = np.zeros(end_ms * RATE // 1000, dtype=np.float32)
    for t_ms, pcm in clips:
        i = t_ms * RATE // 1000
        track[i:i + len(pcm)] += pcm[: max(0, len(track) - i)]
    if script.get("noise_dbfs") is not None:
        rng = np.random.default_rng(int(script.get("seed", 7)))
        amp = 32768 * 10 ** (float(script["noise_dbfs"]) / 20)
        track += rng.normal(0, amp, track.shape).astype(np.float32)
    writer.add_audio(np.clip(np.round(track), -32768, 32767).astype(np.int16).tobytes())
    return writer.close(expected=script.get("expected"))


def build_session_file(script_path: Path, out_dir: Path) -> Path:
    try:
        script = yaml.safe_load(Path(script_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GlassesError("script not found", where=str(script_path)) from None
    except yaml.YAMLError as exc:
        raise GlassesError(f"invalid YAML: {str(exc).splitlines()[0]}", where=str(script_path)) from None
    if not isinstance(script, dict):
        raise GlassesError("expected a mapping with started_at and lines", where=str(script_path))
    return build_session(script, out_dir, base_dir=Path(script_path).parent, where=str(script_path))

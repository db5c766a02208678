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
      - {at: 0.5, fix: "60.1710,24.9414"}                              # one GPS fix (location.jsonl)
      - {at: 2.0, walk: Kauppatori, from: Rautatientori, speed_kmh: 5, every: 1}   # a walk there

A ``walk`` plans the walking route on the navigation map (``nav.map`` of the script's config,
else the bundled Helsinki extract) and writes a fix every ``every`` seconds along it at
``speed_kmh`` (default 5), with the heading of the way (as a compass gives), until it arrives;
``from`` defaults to the last fix. The next line's ``after`` counts from the arrival.

Spoken lines are synthesized with espeak-ng (any of its voices and speeds), or with the natural
neural test voice (``voice: piper``, glasses.testvoice).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import yaml

from glasses.audio import RATE, read_wav
from glasses.errors import GlassesError
from glasses.events import Location
from glasses.limits import MAX_FRAMES, MAX_SESSION_MS, MAX_TYPED_CHARS, MAX_YAML_BYTES, MAX_YEAR, MIN_YEAR
from glasses.location.emulated import point_along
from glasses.nav.maps import open_map
from glasses.nav.places import Place
from glasses.safe_read import read_text_limited
from glasses.session import BUTTON_ACTIONS, SessionWriter
from glasses.testvoice import PiperTestVoice

MAX_SCRIPT_MS = 3600 * 1000  # a scripted session's audio is built in memory: at most an hour
LINE_KEYS = {"at", "after", "say", "voice", "speed", "pitch", "gain_db", "button", "text", "frames",
             "duration", "every", "fix", "walk", "from", "speed_kmh"}


NEURAL_VOICE = "piper"   # the natural test voice (glasses.testvoice); any other name is espeak-ng's
_neural: list = []


def synthesize(text: str, voice: str = "en-us", speed: int = 160, pitch: int = 50) -> np.ndarray:
    """``text`` spoken by espeak-ng, or by the neural test voice when ``voice`` is "piper"
    (speed 160 is its natural pace), as int16 at 16 kHz."""
    if voice == NEURAL_VOICE:
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
    base_dir = base_dir or Path.cwd()
    started_at = _started_at(script, where)
    lines = script.get("lines") or []
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        raise GlassesError("lines must be a list of mappings like {at: 1.0, say: ...}", where=where)
    for key, kind, shape in (("notes", str, "text"), ("location", dict, "a mapping {name, lat, lon}"),
                             ("config", dict, "a mapping of config overrides"), ("expected", list, "a list of rows")):
        if script.get(key) is not None and not isinstance(script[key], kind):
            raise GlassesError(f"{key} must be {shape}", where=where)
    if not all(isinstance(row, dict) for row in script.get("expected") or []):
        raise GlassesError("expected must be a list of mappings like {type: say, text: ...}", where=where)
    writer = SessionWriter(out_dir, started_at, notes=script.get("notes", ""),
                           location=script.get("location"), config=script.get("config"))
    try:
        _write_lines(writer, script, lines, base_dir, where)
    except BaseException:
        writer.abort()  # no half-written session left behind
        raise
    return writer.close(expected=script.get("expected"))


def _write_lines(writer: SessionWriter, script: dict[str, Any], lines: list[dict], base_dir: Path,
                 where: str) -> None:
    import cv2

    clips: list[tuple[int, np.ndarray]] = []
    cursor_ms = 0
    last_fix: tuple[float, float] | None = None
    for n, line in enumerate(lines, 1):
        unknown = set(line) - LINE_KEYS
        if unknown:
            raise GlassesError(f"line {n}: unknown key {sorted(unknown)[0]!r}", where=where)
        t_ms = _seconds(line, "at", n, where) if "at" in line else cursor_ms + _seconds(line, "after", n, where, 0.5)
        if t_ms > MAX_SCRIPT_MS:
            raise GlassesError(f"line {n}: {t_ms / 1000:.0f} s is beyond the {MAX_SCRIPT_MS // 1000} s a script "
                               "may make", where=where)
        for key in ("say", "text"):
            if key in line and (not isinstance(line[key], str) or len(line[key]) > MAX_TYPED_CHARS):
                raise GlassesError(f"line {n}: {key} must be text of at most {MAX_TYPED_CHARS} characters",
                                   where=where)
        if "say" in line:
            speed, pitch = _number(line, "speed", 160, 80, 450, n, where), _number(line, "pitch", 50, 0, 99, n, where)
            pcm = synthesize(line["say"], str(line.get("voice", "en-us")), int(speed), int(pitch))
            pcm = (pcm.astype(np.float32) * 10 ** (_number(line, "gain_db", 0, -60, 40, n, where) / 20))
            clips.append((t_ms, np.clip(pcm, -32768, 32767).astype(np.int16)))
            cursor_ms = t_ms + len(pcm) * 1000 // RATE
        elif "button" in line:
            if line["button"] not in BUTTON_ACTIONS:
                raise GlassesError(f"line {n}: button must be one of {', '.join(BUTTON_ACTIONS)}, "
                                   f"found {line['button']!r:.40}", where=where)
            writer.add_event({"t_ms": t_ms, "type": "button", "action": line["button"]})
            cursor_ms = t_ms
        elif "text" in line:
            writer.add_event({"t_ms": t_ms, "type": "text", "text": line["text"]})
            cursor_ms = t_ms
        elif "frames" in line:
            if not isinstance(line["frames"], str) or not line["frames"].strip():
                raise GlassesError(f"line {n}: frames must name an image or a folder of them", where=where)
            source = (base_dir / line["frames"]).resolve()
            if not source.exists():
                raise GlassesError(f"line {n}: {line['frames']!r:.80} not found", where=where)
            files = sorted(p for p in source.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png")) \
                if source.is_dir() else [source]
            until = t_ms + _seconds(line, "duration", n, where, 1.5)
            every = _seconds(line, "every", n, where, 0.2)
            if every < 10 or (until - t_ms) // every > MAX_FRAMES:
                raise GlassesError(f"line {n}: every must be at least 0.01 s and give at most {MAX_FRAMES} frames",
                                   where=where)
            if not files:
                raise GlassesError(f"line {n}: no JPEG or PNG images in {source}", where=where)
            for i, t in enumerate(range(t_ms, until + 1, every)):
                image = cv2.imread(str(files[i % len(files)]))
                if image is None:
                    raise GlassesError(f"line {n}: cannot read image {files[i % len(files)]}", where=where)
                writer.add_frame(t, image)
            cursor_ms = until
        elif "fix" in line:
            last_fix = _place_of(line["fix"], script, n, where)
            writer.add_location(Location(t_ms, last_fix[0], last_fix[1], 5.0, None))
            cursor_ms = t_ms
        elif "walk" in line:
            start = _place_of(line["from"], script, n, where) if "from" in line else last_fix
            if start is None:
                raise GlassesError(f"line {n}: a walk needs from: (a place or lat,lon) or an earlier fix",
                                   where=where)
            speed = _number(line, "speed_kmh", 5, 0.5, 30, n, where) / 3.6
            every = _seconds(line, "every", n, where, 1.0)
            if every < 100:
                raise GlassesError(f"line {n}: every must be at least 0.1 s for a walk", where=where)
            fixes = walk_fixes(_nav_map(script, where), start, str(line["walk"]), speed, t_ms, every, n, where)
            for fix in fixes:
                writer.add_location(fix)
            last_fix = (fixes[-1].lat, fixes[-1].lon)
            cursor_ms = fixes[-1].t_ms
        else:
            raise GlassesError(f"line {n}: needs one of say, button, text, frames, fix or walk", where=where)
    end_ms = cursor_ms + _seconds(script, "tail_s", 0, where, 4)
    if end_ms > MAX_SCRIPT_MS:
        raise GlassesError(f"the session would last {end_ms / 1000:.0f} s; a script may make at most "
                           f"{MAX_SCRIPT_MS // 1000} s", where=where)
    track = np.zeros(end_ms * RATE // 1000, dtype=np.float32)
    for t_ms, pcm in clips:
        i = t_ms * RATE // 1000
        track[i:i + len(pcm)] += pcm[: max(0, len(track) - i)]
    if script.get("noise_dbfs") is not None:
        rng = np.random.default_rng(int(_number(script, "seed", 7, 0, 2**32 - 1, 0, where)))
        amp = 32768 * 10 ** (_number(script, "noise_dbfs", -60, -120, 0, 0, where) / 20)
        track += rng.normal(0, amp, track.shape).astype(np.float32)
    writer.add_audio(np.clip(np.round(track), -32768, 32767).astype(np.int16).tobytes())


def _place_of(value: Any, script: dict[str, Any], n: int, where: str) -> tuple[float, float]:
    """``lat,lon`` or a place name on the navigation map."""
    text = str(value)
    m = re.match(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$", text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
        raise GlassesError(f"line {n}: {text!r:.40} is not a latitude,longitude", where=where)
    try:
        place = _nav_map(script, where).find(text)
    except GlassesError as exc:
        raise GlassesError(f"line {n}: {exc}", where=where) from None
    return place.lat, place.lon


_maps: dict = {}


def _nav_map(script: dict[str, Any], where: str):
    """The map the script's walks use (its config's nav.map, else the bundled one), loaded once."""
    nav = (script.get("config") or {}).get("nav") or {}
    pbf = nav.get("map") if isinstance(nav, dict) else None
    key = str(pbf or "")
    if key not in _maps:
        _maps[key] = open_map(Path(pbf) if pbf else None)
    return _maps[key]


def walk_fixes(navmap, start: tuple[float, float], to: str, speed_mps: float, t0_ms: int, every_ms: int,
               n: int = 0, where: str = "script") -> list[Location]:
    """Fixes every ``every_ms`` from ``t0_ms`` along the walk from ``start`` to the place ``to``,
    at ``speed_mps``, with the heading of the way, the last one at the destination."""
    try:
        dest = navmap.find(to, near=start)
        route = navmap.plan(Place("start", start[0], start[1], "point"), dest)
    except GlassesError as exc:
        raise GlassesError(f"line {n}: walk: {exc}", where=where) from None
    fixes: list[Location] = []
    total_ms = int(route.distance_m / speed_mps * 1000)
    if t0_ms + total_ms > MAX_SCRIPT_MS:
        raise GlassesError(f"line {n}: the walk takes {total_ms / 1000:.0f} s, beyond what a script may make",
                           where=where)
    for dt in [*range(0, total_ms, every_ms), total_ms]:
        lat, lon, heading = point_along(route, min(route.distance_m, speed_mps * dt / 1000))
        fixes.append(Location(t0_ms + dt, lat, lon, 3.0, None if heading is None else round(heading, 1)))
    return fixes


def _number(line: dict[str, Any], key: str, default: float, lo: float, hi: float, n: int, where: str) -> float:
    raw = line.get(key, default)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = float("nan")
    if not lo <= value <= hi:
        at = f"line {n}: " if n else ""
        raise GlassesError(f"{at}{key} must be a number from {lo:g} to {hi:g}, found {raw!r:.40}", where=where)
    return value


def _started_at(script: dict[str, Any], where: str) -> datetime:

    started = script.get("started_at")
    if started is None:
        raise GlassesError("started_at is missing", where=where)
    try:
        started_at = started if isinstance(started, datetime) else datetime.fromisoformat(str(started))
    except ValueError:
        raise GlassesError(f"started_at {started!r:.60} is not an ISO 8601 time", where=where) from None
    if started_at.tzinfo is None:
        raise GlassesError(f"started_at {started!s:.60} has no time zone (add e.g. +01:00)", where=where)
    if not MIN_YEAR <= started_at.year < MAX_YEAR:
        raise GlassesError(f"started_at {started!s:.60} is outside the years {MIN_YEAR}..{MAX_YEAR - 1}", where=where)
    name = script.get("timezone")
    if name:
        try:
            if not isinstance(name, str) or len(name) > 64:
                raise ValueError(name)
            started_at = started_at.astimezone(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError, OverflowError, OSError):
            raise GlassesError(f"unknown timezone {str(name)!r:.60}", where=where) from None
    return started_at


def _seconds(line: dict[str, Any], key: str, n: int, where: str, default: float | None = None) -> int:
    """``line[key]`` in seconds, as whole milliseconds from 0 to the session limit."""
    raw = line.get(key, default)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = float("nan")
    if not 0 <= value <= MAX_SESSION_MS / 1000:  # also False for NaN
        at = f"line {n}: " if n else ""
        raise GlassesError(f"{at}{key} must be a number of seconds from 0 to {MAX_SESSION_MS // 1000}, "
                           f"found {raw!r:.40}", where=where)
    return int(value * 1000)


def build_session_file(script_path: Path, out_dir: Path) -> Path:
    try:  # a regular file of at most MAX_YAML_BYTES (never a FIFO or /dev/zero)
        script = yaml.safe_load(read_text_limited(script_path, MAX_YAML_BYTES))
    except FileNotFoundError:
        raise GlassesError("script not found", where=str(script_path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GlassesError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", where=str(script_path)) from None
    except yaml.YAMLError as exc:
        raise GlassesError(f"invalid YAML: {str(exc).splitlines()[0]}", where=str(script_path)) from None
    except RecursionError:
        raise GlassesError("invalid YAML: nested too deeply", where=str(script_path)) from None
    if not isinstance(script, dict):
        raise GlassesError("expected a mapping with started_at and lines", where=str(script_path))
    return build_session(script, out_dir, base_dir=Path(script_path).parent, where=str(script_path))

"""Recorded sensor sessions: a folder (or .zip of one) a person can open and understand.

    session.yaml     format, started_at (ISO 8601 with zone), timezone, location, notes,
                     audio/camera description, config overrides
    audio.wav        microphone (any rate/channels; converted to 16 kHz mono on load)
    frames/          camera frames (JPEG or PNG)
    frames.jsonl     {"t_ms": 1234, "file": "frames/000017.jpg"} per frame
    events.jsonl     {"t_ms": 900, "type": "button", "action": "press"}
                     {"t_ms": 5000, "type": "text", "text": "what time is it"}
    expected.jsonl   optional: what the assistant must say/do (scenario tests)

Everything is validated on load; a problem raises SessionError naming the file (and
line) and what is wrong.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import yaml

from glasses.audio import CHUNK_MS, RATE, read_wav, write_wav  # replay: the live chunk size
from glasses.errors import GlassesError, SessionError
from glasses.events import AudioChunk, Button, Frame, TextInput

FORMAT = "glasses-session/1"
BUTTON_ACTIONS = ("press", "long_press", "double_press")
META_KEYS = {"format", "started_at", "timezone", "location", "notes", "audio", "camera", "config"}


@dataclass(frozen=True)
class FrameRef:
    t_ms: int
    file: Path


@dataclass
class Session:
    path: Path
    meta: dict[str, Any]
    started_at: datetime
    tz: ZoneInfo
    audio: np.ndarray                              # int16 mono at 16 kHz
    frames: list[FrameRef] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    expected: list[dict[str, Any]] | None = None

    @property
    def duration_ms(self) -> int:
        ends = [len(self.audio) * 1000 // RATE]
        ends += [f.t_ms for f in self.frames] + [e["t_ms"] for e in self.events]
        return max(ends)

    @property
    def config_overrides(self) -> dict[str, Any]:
        return self.meta.get("config") or {}

    def inputs(self, chunk_ms: int = CHUNK_MS) -> Iterator[AudioChunk | Frame | Button | TextInput]:
        """Every input in session-time order: audio chunks, frames, buttons, typed text."""
        timed: list[tuple[int, int, Any]] = []
        for i, e in enumerate(self.events):
            event = Button(e["t_ms"], e["action"]) if e["type"] == "button" else TextInput(e["t_ms"], e["text"])
            timed.append((e["t_ms"], 0, event))
        for ref in self.frames:
            timed.append((ref.t_ms, 1, ref))
        step = RATE * chunk_ms // 1000
        pcm = self.audio.tobytes()
        for start in range(0, len(self.audio), step):
            t = start * 1000 // RATE
            timed.append((t, 2, AudioChunk(t, pcm[start * 2:(start + step) * 2], RATE)))
        timed.sort(key=lambda x: (x[0], x[1]))
        for _, _, item in timed:
            yield Frame(item.t_ms, load_frame(item.file)) if isinstance(item, FrameRef) else item


def load_frame(path: Path) -> np.ndarray:
    import cv2

    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise SessionError("cannot decode this image (corrupt, truncated or not an image)", where=str(path))
    return image


def load_session(path: Path) -> Session:
    """Load and validate a session folder or .zip."""
    path = Path(path)
    if not path.exists():
        raise SessionError("session not found", where=str(path))
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise SessionError("not a session folder or .zip file", where=str(path))
        tmp = Path(tempfile.mkdtemp(prefix="glasses-session-"))
        try:
            with zipfile.ZipFile(path) as z:
                z.extractall(tmp)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SessionError(f"cannot unpack: {exc}", where=str(path)) from None
        inner = [p for p in tmp.iterdir() if p.is_dir()]
        root = tmp if (tmp / "session.yaml").exists() else (inner[0] if len(inner) == 1 else tmp)
        return _load_dir(root, shown=path)
    return _load_dir(path, shown=path)


def _load_dir(root: Path, shown: Path) -> Session:
    meta_path = root / "session.yaml"
    if not meta_path.exists():
        raise SessionError("missing session.yaml", where=str(shown))
    meta = _read_meta(meta_path)
    started_at, tz = _start(meta, meta_path)
    audio_name = (meta.get("audio") or {}).get("file", "audio.wav")
    audio_path = root / audio_name
    if audio_path.exists():
        try:
            audio = read_wav(audio_path)
        except GlassesError as exc:
            raise SessionError(str(exc).removeprefix(f"{audio_path}: "), where=str(audio_path)) from None
    elif (meta.get("audio") or {}).get("file"):
        raise SessionError(f"audio file {audio_name!r} named in session.yaml is missing", where=str(meta_path))
    else:
        audio = np.zeros(0, dtype=np.int16)
    frames = _read_frames(root)
    events = _read_events(root / "events.jsonl")
    expected = _read_jsonl(root / "expected.jsonl", need_time=False) if (root / "expected.jsonl").exists() else None
    return Session(shown, meta, started_at, tz, audio, frames, events, expected)


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SessionError(f"invalid YAML: {getattr(exc, 'problem', exc)}", where=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SessionError(f"cannot read: {exc}", where=str(path)) from None
    if not isinstance(meta, dict):
        raise SessionError("expected a mapping of keys (format, started_at, ...)", where=str(path))
    unknown = sorted(set(meta) - META_KEYS)
    if unknown:
        raise SessionError(f"unknown key {unknown[0]!r} (valid: {', '.join(sorted(META_KEYS))})", where=str(path))
    if meta.get("format") != FORMAT:
        raise SessionError(f"format must be {FORMAT!r}, found {meta.get('format')!r}", where=str(path))
    if meta.get("config") is not None and not isinstance(meta["config"], dict):
        raise SessionError("config must be a mapping of config overrides", where=str(path))
    return meta


def _start(meta: dict[str, Any], path: Path) -> tuple[datetime, ZoneInfo]:
    raw = meta.get("started_at")
    if raw is None:
        raise SessionError("started_at is missing (ISO 8601 with a time zone)", where=str(path))
    try:
        started = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    except ValueError:
        raise SessionError(f"started_at {raw!r} is not an ISO 8601 time", where=str(path)) from None
    if started.tzinfo is None:
        raise SessionError(f"started_at {raw!r} has no time zone (add e.g. +01:00)", where=str(path))
    name = meta.get("timezone")
    if name:
        try:
            tz = ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            raise SessionError(f"unknown timezone {name!r}", where=str(path)) from None
    else:
        tz = None
    return (started.astimezone(tz) if tz else started), tz or started.tzinfo  # type: ignore[return-value]


def _read_jsonl(path: Path, need_time: bool = True) -> list[dict[str, Any]]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SessionError(f"cannot read: {exc}", where=str(path)) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SessionError(f"invalid JSON ({exc.msg})", where=f"{path}:{n}") from None
        if not isinstance(row, dict):
            raise SessionError("each line must be a JSON object", where=f"{path}:{n}")
        t = row.get("t_ms")
        if not need_time and t is None:
            if not isinstance(row.get("type"), str):
                raise SessionError("each expected row needs a \"type\"", where=f"{path}:{n}")
        elif not isinstance(t, int) or isinstance(t, bool) or t < 0:
            raise SessionError(f"t_ms must be a whole number of milliseconds >= 0, found {t!r}",
                               where=f"{path}:{n}")
        rows.append(row)
    return rows


def _read_events(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = _read_jsonl(path)
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]
    for n, row in zip(lines, rows):
        kind = row.get("type")
        if kind == "button":
            if row.get("action") not in BUTTON_ACTIONS:
                raise SessionError(f"button action must be one of {', '.join(BUTTON_ACTIONS)}, "
                                   f"found {row.get('action')!r}", where=f"{path}:{n}")
        elif kind == "text":
            if not isinstance(row.get("text"), str) or not row["text"].strip():
                raise SessionError("text event needs a non-empty \"text\"", where=f"{path}:{n}")
        else:
            raise SessionError(f"unknown event type {kind!r} (button or text)", where=f"{path}:{n}")
    return sorted(rows, key=lambda r: r["t_ms"])


def _read_frames(root: Path) -> list[FrameRef]:
    path = root / "frames.jsonl"
    if not path.exists():
        return []
    refs = []
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]
    for n, row in zip(lines, _read_jsonl(path)):
        name = row.get("file")
        if not isinstance(name, str):
            raise SessionError("frame needs a \"file\"", where=f"{path}:{n}")
        file = (root / name).resolve()
        if root.resolve() not in file.parents:
            raise SessionError(f"frame file {name!r} lies outside the session", where=f"{path}:{n}")
        if not file.exists():
            raise SessionError(f"frame file {name!r} is missing", where=f"{path}:{n}")
        refs.append(FrameRef(row["t_ms"], file))
    return sorted(refs, key=lambda r: r.t_ms)


class SessionWriter:
    """Writes a session as it happens (``glasses record``, the session builder, the emulator)."""

    def __init__(self, root: Path, started_at: datetime, *, notes: str = "",
                 location: dict | None = None, config: dict | None = None,
                 frame_filter: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        if started_at.tzinfo is None:
            raise ValueError("started_at needs a time zone")
        self.root = Path(root)
        if (self.root / "session.yaml").exists():
            raise GlassesError("a session already exists here; choose a new folder", where=str(self.root))
        self.root.mkdir(parents=True, exist_ok=True)
        self.started_at = started_at
        self.notes, self.location, self.config = notes, location, config
        self.frame_filter = frame_filter
        self._audio: list[bytes] = []
        self._events: list[dict] = []
        self._frames: list[dict] = []
        self._camera_size: tuple[int, int] | None = None

    def add_audio(self, pcm: bytes) -> None:
        self._audio.append(pcm)

    def add_event(self, event: dict[str, Any]) -> None:
        self._events.append(event)

    def add_frame(self, t_ms: int, bgr: np.ndarray) -> None:
        import cv2

        if self.frame_filter is not None:
            bgr = self.frame_filter(bgr)
        name = f"frames/{len(self._frames):06d}.jpg"
        (self.root / "frames").mkdir(exist_ok=True)
        cv2.imwrite(str(self.root / name), bgr, [cv2.IMWRITE_JPEG_QUALITY, 90])
        self._frames.append({"t_ms": t_ms, "file": name})
        self._camera_size = (bgr.shape[1], bgr.shape[0])

    def close(self, expected: list[dict] | None = None) -> Path:
        pcm = b"".join(self._audio)
        write_wav(self.root / "audio.wav", np.frombuffer(pcm, dtype=np.int16))
        meta: dict[str, Any] = {
            "format": FORMAT,
            "started_at": self.started_at.isoformat(),
            "timezone": getattr(self.started_at.tzinfo, "key", None),
            "audio": {"file": "audio.wav", "rate": RATE, "channels": 1},
        }
        if meta["timezone"] is None:
            del meta["timezone"]
        if self._camera_size:
            meta["camera"] = {"width": self._camera_size[0], "height": self._camera_size[1]}
        if self.location:
            meta["location"] = self.location
        if self.notes:
            meta["notes"] = self.notes
        if self.config:
            meta["config"] = self.config
        (self.root / "session.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
        _write_jsonl(self.root / "events.jsonl", sorted(self._events, key=lambda e: e["t_ms"]))
        if self._frames:
            _write_jsonl(self.root / "frames.jsonl", self._frames)
        if expected is not None:
            _write_jsonl(self.root / "expected.jsonl", expected)
        return self.root


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

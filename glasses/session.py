"""Recorded sensor sessions: a folder (or .zip of one) a person can open and understand.

    session.yaml     format, started_at (ISO 8601 with zone), timezone, location, notes,
                     audio/camera description, config overrides
    audio.wav        microphone (any rate/channels; converted to 16 kHz mono on load)
    frames/          camera frames (JPEG or PNG)
    frames.jsonl     {"t_ms": 1234, "file": "frames/000017.jpg"} per frame
    events.jsonl     {"t_ms": 900, "type": "button", "action": "press"}
                     {"t_ms": 5000, "type": "text", "text": "what time is it"}
    location.jsonl   optional: {"t_ms", "lat", "lon", "accuracy_m", "heading_deg"} per position fix
    ask/answers.jsonl  optional: the engine's answers while it was recorded (glasses/ask/recorded.py)
    expected.jsonl   optional: what the assistant must say/do (scenario tests)

Everything is validated on load, against the limits in glasses.limits, before anything
large is read; a problem raises SessionError naming the file (and line) and what is wrong.
A zipped session is unpacked into a private temporary folder that ``Session.close``
removes (or a finalizer at exit); a folder whose writer died (glasses.session_writer) is
repaired first.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import yaml

from glasses import limits
from glasses.audio import CHUNK_MS, RATE, read_wav  # replay: the live chunk size
from glasses.config import Config
from glasses.configfile import _build
from glasses.errors import GlassesError, SessionError
from glasses.events import AudioChunk, Button, Frame, Location, TextInput
from glasses.location.jsonl import read_locations
from glasses.safe_read import RefusedFile, check_regular, open_regular, read_limited, read_text_limited
from glasses.session_writer import FORMAT, SessionWriter, interrupted, recover  # noqa: F401 (re-exported)
from glasses.session_zip import remove, session_root, unpack
from glasses.vision.imageio import header_size

log = logging.getLogger(__name__)
BUTTON_ACTIONS = ("press", "long_press", "double_press")
META_KEYS = {"format", "started_at", "timezone", "location", "notes", "audio", "camera", "config"}
# every file a session may hold (frames aside): each must be a regular file, never a FIFO,
# a device such as /dev/zero or a socket, which would hang the loader or fill memory
SESSION_FILES = ("session.yaml", "audio.wav", "events.jsonl", "frames.jsonl", "expected.jsonl",
                 "location.jsonl", "calendar.ics", "weather/forecast.json", "ask/answers.jsonl")
_HEADER_BYTES = 256 * 1024              # enough for a frame's header, checked at load
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True)
class FrameRef:
    t_ms: int
    file: Path


@dataclass
class Session:
    path: Path                                     # what the user named: a folder or a .zip
    meta: dict[str, Any]
    started_at: datetime
    tz: ZoneInfo
    audio: np.ndarray                              # int16 mono at 16 kHz
    frames: list[FrameRef] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    expected: list[dict[str, Any]] | None = None
    locations: list[Location] = field(default_factory=list)
    root: Path | None = None                       # the folder holding the files (unpacked zip)
    unpacked: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.root is None:
            self.root = self.path

    def close(self) -> None:
        """Remove the unpacked copy of a zipped session (nothing to do for a folder)."""
        remove(self.unpacked)
        self.unpacked = None

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def duration_ms(self) -> int:
        ends = [len(self.audio) * 1000 // RATE]
        ends += [f.t_ms for f in self.frames] + [e["t_ms"] for e in self.events]
        ends += [fix.t_ms for fix in self.locations[-1:]]
        return max(ends)

    @property
    def config_overrides(self) -> dict[str, Any]:
        return self.meta.get("config") or {}

    def inputs(self, chunk_ms: int = CHUNK_MS) -> Iterator[AudioChunk | Frame | Button | TextInput | Location]:
        """Every input in session-time order: audio chunks, frames, buttons, typed text, position fixes."""
        timed: list[tuple[int, int, Any]] = []
        for i, e in enumerate(self.events):
            event = Button(e["t_ms"], e["action"]) if e["type"] == "button" else TextInput(e["t_ms"], e["text"])
            timed.append((e["t_ms"], 0, event))
        for ref in self.frames:
            timed.append((ref.t_ms, 1, ref))
        for fix in self.locations:
            timed.append((fix.t_ms, 1, fix))
        step = RATE * chunk_ms // 1000
        pcm = self.audio.tobytes()
        for start in range(0, len(self.audio), step):
            t = start * 1000 // RATE
            timed.append((t, 2, AudioChunk(t, pcm[start * 2:(start + step) * 2], RATE)))
        timed.sort(key=lambda x: (x[0], x[1]))
        for _, _, item in timed:
            yield Frame(item.t_ms, load_frame(item.file)) if isinstance(item, FrameRef) else item


def load_frame(path: Path) -> np.ndarray:
    """A frame as BGR; its header is checked against the frame limits again (the file may
    have changed since the session loaded) before anything is decoded."""
    import cv2

    data = _read_frame_bytes(path, str(path))
    _check_frame_size(data, path, str(path))
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise SessionError("cannot decode this image (corrupt, truncated or not an image)", where=str(path))
    return image


def load_session(path: Path) -> Session:
    """Load and validate a session folder or .zip (close it, or use ``with``, to remove a
    zip's unpacked copy)."""
    path = Path(path)
    if not path.exists():
        raise SessionError("session not found", where=str(path))
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise SessionError("not a session folder or .zip file", where=str(path))
        tmp = unpack(path)
        try:
            session = _load_dir(session_root(Path(tmp.name)), shown=path)
        except BaseException:
            remove(tmp)
            raise
        session.unpacked = tmp
        return session
    return _load_dir(path, shown=path)


def _load_dir(root: Path, shown: Path) -> Session:
    meta_path = root / "session.yaml"
    if not meta_path.exists():
        raise SessionError("missing session.yaml", where=str(shown))
    _check_regular_files(root)  # before the repair below or any read touches them
    if interrupted(root):
        try:
            for line in recover(root):
                log.warning("%s: repaired an interrupted recording: %s", shown, line)
        except OSError as exc:
            raise SessionError(f"interrupted recording cannot be repaired: {exc.strerror or exc}",
                               where=str(shown)) from None
    meta = _read_meta(meta_path)
    started_at, tz = _start(meta, meta_path)
    audio_name, named = _audio_name(meta, meta_path)
    audio_path = _inside(root, audio_name, str(meta_path), "audio file")
    _check_regular_files(root, (audio_path,))
    if audio_path.exists():
        try:
            audio = read_wav(audio_path)
        except GlassesError as exc:
            raise SessionError(str(exc).removeprefix(f"{audio_path}: "), where=str(audio_path)) from None
    elif named:
        raise SessionError(f"audio file {audio_name!r} named in session.yaml is missing", where=str(meta_path))
    else:
        audio = np.zeros(0, dtype=np.int16)
    frames = _read_frames(root)
    events = _read_events(root / "events.jsonl")
    expected = [row for _, row in _read_jsonl(root / "expected.jsonl", need_time=False)] \
        if (root / "expected.jsonl").exists() else None
    locations = _read_locations(root / "location.jsonl")
    return Session(shown, meta, started_at, tz, audio, frames, events, expected, locations, root=root)


def _check_regular_files(root: Path, names: tuple = SESSION_FILES) -> None:
    """SessionError for a session file that exists but is not a regular file."""
    for name in names:
        path = root / name
        if not os.path.lexists(path):
            continue
        try:
            check_regular(path)
        except RefusedFile as exc:
            raise SessionError(exc.reason, where=str(path)) from None
        except OSError as exc:  # a dangling symlink, a loop, no permission
            raise SessionError(f"cannot read: {exc.strerror or exc}", where=str(path)) from None


def _audio_name(meta: dict[str, Any], path: Path) -> tuple[str, bool]:
    """The audio file's name from ``audio: {file: ...}`` and whether it was named."""
    audio = meta.get("audio")
    if audio is None:
        return "audio.wav", False
    if not isinstance(audio, dict):
        raise SessionError(f"audio must be a mapping like {{file: audio.wav, rate: 16000, channels: 1}}, "
                           f"found {audio!r:.60}", where=str(path))
    name = audio.get("file")
    if name is None:
        return "audio.wav", False
    if not isinstance(name, str) or not name.strip():
        raise SessionError(f"audio.file must be a file name, found {name!r:.60}", where=str(path))
    return name, True


def _inside(root: Path, name: str, where: str, what: str) -> Path:
    """``root / name`` when it names an existing-or-not file inside ``root``."""
    try:
        file = (root / name).resolve()
        file.exists()
    except (OSError, ValueError):  # too long, NUL byte, ...
        raise SessionError(f"{what} {name!r:.60} is not a usable file name", where=where) from None
    if root.resolve() not in file.parents:
        raise SessionError(f"{what} {name!r:.60} lies outside the session", where=where)
    return file


def _read_text(path: Path, cap: int) -> str:
    """A regular file's UTF-8 text, at most ``cap`` bytes of it read (never more)."""
    try:
        return read_text_limited(path, cap)
    except RefusedFile as exc:
        raise SessionError(exc.reason, where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise SessionError(f"not UTF-8 text (byte {exc.start})", where=str(path)) from None
    except OSError as exc:
        raise SessionError(f"cannot read: {exc.strerror or exc}", where=str(path)) from None


def _read_locations(path: Path) -> list[Location]:
    if not path.exists():
        return []

    fixes = read_locations(path)
    if fixes and fixes[-1].t_ms > limits.MAX_SESSION_MS:
        raise SessionError(f"t_ms {fixes[-1].t_ms} is beyond the 24-hour limit of a session", where=str(path))
    return fixes


def _read_meta(path: Path) -> dict[str, Any]:
    text = _read_text(path, limits.MAX_YAML_BYTES)
    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SessionError(f"invalid YAML: {getattr(exc, 'problem', exc)}", where=where) from None
    except RecursionError:  # [[[[...]]]] thousands deep
        raise SessionError("invalid YAML: nested too deeply", where=str(path)) from None
    if not isinstance(meta, dict):
        raise SessionError("expected a mapping of keys (format, started_at, ...)", where=str(path))
    unknown = sorted(set(meta) - META_KEYS)
    if unknown:
        raise SessionError(f"unknown key {unknown[0]!r} (valid: {', '.join(sorted(META_KEYS))})", where=str(path))
    if meta.get("format") != FORMAT:
        raise SessionError(f"format must be {FORMAT!r}, found {meta.get('format')!r}", where=str(path))
    if meta.get("config") is not None:
        if not isinstance(meta["config"], dict):
            raise SessionError("config must be a mapping of config overrides", where=str(path))
        _check_overrides(text, path)
    return meta


def _check_overrides(text: str, path: Path) -> None:
    """Validate the ``config:`` overrides where they stand, so an error cites session.yaml's own
    line (they are merged into the wearer's config later)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for key, value in root.value:
        if key.value == "config":
            _build(Config, value, str(path), prefix="config.")


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
    if not limits.MIN_YEAR <= started.year < limits.MAX_YEAR:
        raise SessionError(f"started_at {raw!s} is outside the years {limits.MIN_YEAR}..{limits.MAX_YEAR - 1}",
                           where=str(path))
    name = meta.get("timezone")
    if name:
        try:
            if not isinstance(name, str) or len(name) > 64:
                raise ValueError(name)
            tz = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise SessionError(f"unknown timezone {name!r:.60}", where=str(path)) from None
    else:
        tz = None
    return (started.astimezone(tz) if tz else started), tz or started.tzinfo  # type: ignore[return-value]


def _read_jsonl(path: Path, need_time: bool = True) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) for every non-blank line, read once."""
    rows = []
    lines = _read_text(path, limits.MAX_JSONL_BYTES).splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            raise SessionError(f"invalid JSON ({msg})", where=f"{path}:{n}") from None
        if not isinstance(row, dict):
            raise SessionError("each line must be a JSON object", where=f"{path}:{n}")
        if _SURROGATE_ESCAPE.search(line):
            _check_encodable(row, f"{path}:{n}")
        t = row.get("t_ms")
        if not need_time and t is None:
            if not isinstance(row.get("type"), str):
                raise SessionError("each expected row needs a \"type\"", where=f"{path}:{n}")
        else:
            try:
                limits.check_ms(t)
            except ValueError as exc:
                raise SessionError(str(exc), where=f"{path}:{n}") from None
        rows.append((n, row))
    return rows


def _check_encodable(row: dict[str, Any], where: str) -> None:
    """SessionError for a lone surrogate ("\\ud800"): JSON allows the escape, but no
    UTF-8 text (a terminal, a transcript, the speech engine) can hold it."""
    try:
        json.dumps(row, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = ord(exc.object[exc.start])
        raise SessionError(f"a string holds a lone surrogate (U+{bad:04X}), which is not a character",
                           where=where) from None


def _read_events(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = []
    for n, row in _read_jsonl(path):
        rows.append(row)
        if len(row) > 8:
            raise SessionError(f"an event has at most a few fields, found {len(row)}", where=f"{path}:{n}")
        kind = row.get("type")
        if kind == "button":
            if row.get("action") not in BUTTON_ACTIONS:
                raise SessionError(f"button action must be one of {', '.join(BUTTON_ACTIONS)}, "
                                   f"found {row.get('action')!r}", where=f"{path}:{n}")
        elif kind == "text":
            if not isinstance(row.get("text"), str) or not row["text"].strip():
                raise SessionError("text event needs a non-empty \"text\"", where=f"{path}:{n}")
            if len(row["text"]) > limits.MAX_TYPED_CHARS:
                raise SessionError(f"text is {len(row['text'])} characters long (limit {limits.MAX_TYPED_CHARS})",
                                   where=f"{path}:{n}")
        else:
            raise SessionError(f"unknown event type {kind!r} (button or text)", where=f"{path}:{n}")
    return sorted(rows, key=lambda r: r["t_ms"])


def _read_frames(root: Path) -> list[FrameRef]:
    path = root / "frames.jsonl"
    if not path.exists():
        return []
    refs = []
    rows = _read_jsonl(path)
    if len(rows) > limits.MAX_FRAMES:
        raise SessionError(f"{len(rows)} frames (limit {limits.MAX_FRAMES})", where=str(path))
    for n, row in rows:
        name = row.get("file")
        if not isinstance(name, str) or not name.strip():
            raise SessionError("frame needs a \"file\"", where=f"{path}:{n}")
        file = _inside(root, name, f"{path}:{n}", "frame file")
        if not os.path.lexists(file):
            raise SessionError(f"frame file {name!r} is missing", where=f"{path}:{n}")
        _check_frame_header(file, f"{path}:{n}")
        refs.append(FrameRef(row["t_ms"], file))
    return sorted(refs, key=lambda r: r.t_ms)


def _check_frame_header(file: Path, where: str) -> None:
    """A regular file within the byte limit whose header (read, not decoded) is within the
    pixel limit; the header scan walks every JPEG marker (glasses.vision.imageio). The size
    limit is checked again when the frame is read for the replay (``load_frame``)."""
    head = _read_frame_bytes(file, where, head=_HEADER_BYTES)
    try:
        _check_frame_size(head, file, where)
        return
    except SessionError:
        if len(head) < _HEADER_BYTES:
            raise
    # a header longer than the first bytes (big EXIF or ICC segments): read the whole frame
    _check_frame_size(_read_frame_bytes(file, where), file, where)


def _read_frame_bytes(file: Path, where: str, head: int | None = None) -> bytes:
    """The frame's bytes (a regular file, at most MAX_FRAME_BYTES), or only its first
    ``head`` bytes when the whole file is not needed."""
    too_large = f"frame {file.name} is larger than {limits.human_bytes(limits.MAX_FRAME_BYTES)} (the limit)"
    try:
        if head is not None:
            with open_regular(file) as f:
                if os.fstat(f.fileno()).st_size > limits.MAX_FRAME_BYTES:
                    raise SessionError(too_large, where=where)
                return f.read(head)
        return read_limited(file, limits.MAX_FRAME_BYTES, too_large=too_large)
    except RefusedFile as exc:
        raise SessionError(f"frame {file.name} {exc.reason}" if exc.reason.startswith("is ") else exc.reason,
                           where=where) from None
    except OSError as exc:
        raise SessionError(f"frame {file.name}: cannot read: {exc.strerror or exc}", where=where) from None


def _check_frame_size(data: bytes, file: Path, where: str) -> None:

    try:
        width, height = header_size(data, where=file.name)
    except GlassesError as exc:
        raise SessionError(f"frame {exc}", where=where) from None
    if width * height > limits.MAX_FRAME_PIXELS:
        raise SessionError(f"frame {file.name} is {width}x{height} pixels (limit "
                           f"{limits.MAX_FRAME_PIXELS // 1_000_000} megapixels)", where=where)

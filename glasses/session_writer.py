"""Writing a session as it happens (``glasses record``, ``glasses run --record``, the
emulator's R key, ``glasses make-session``), streamed to disk.

Nothing waits in memory: ``session.yaml`` is written first, audio is appended to
``audio.wav`` and each event and frame is appended to its JSONL file as it comes, every
write flushed to the operating system (and fsync'd about once a second), so a crash or
``kill -9`` loses at most the last second and the folder stays loadable. The WAV header's
sizes are rewritten about once a second and at ``close``; a ``.recording`` marker says the
writer has not finished, and ``recover`` (called by the loader) repairs such a folder:
it sets the WAV sizes from the file's length and drops a half-written last JSONL line.
"""

from __future__ import annotations

import json
import os
import struct
import time
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Callable

import numpy as np
import yaml

from glasses.audio import RATE
from glasses.errors import GlassesError
from glasses.location.jsonl import fix_row

FORMAT = "glasses-session/1"
MARKER = ".recording"
HEADER_BYTES = 44
SYNC_EVERY_S = 1.0


def wav_header(data_bytes: int, rate: int = RATE) -> bytes:
    """The 44-byte header of a 16-bit mono PCM WAV holding ``data_bytes`` of samples."""
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
            + b"data" + struct.pack("<I", data_bytes))


class SessionWriter:
    """Streams a session into a new folder; ``close`` finishes it and returns the folder."""

    def __init__(self, root: Path, started_at: datetime, *, notes: str = "",
                 location: dict | None = None, config: dict | None = None,
                 frame_filter: Callable[[np.ndarray], np.ndarray] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if started_at.tzinfo is None:
            raise ValueError("started_at needs a time zone")
        self.root = Path(root)
        if (self.root / "session.yaml").exists():
            raise GlassesError("a session already exists here; choose a new folder", where=str(self.root))
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / MARKER).write_text("recording in progress; loading repairs an interrupted recording\n",
                                            encoding="utf-8")
        except OSError as exc:
            raise GlassesError(f"cannot write the session: {exc.strerror or exc}", where=str(self.root)) from None
        self.started_at = started_at
        self.notes, self.location, self.config = notes, location, config
        self.frame_filter = frame_filter
        self._clock = clock
        self._camera_size: tuple[int, int] | None = None
        self._frames = 0
        self._audio_bytes = 0
        self._last_event_ms = -1
        self._sorted = True
        self._closed = False
        self._write_meta()
        self._audio: IO[bytes] = open(self.root / "audio.wav", "wb")
        self._audio.write(wav_header(0))
        self._events = open(self.root / "events.jsonl", "w", encoding="utf-8")
        self._frame_log: IO[str] | None = None
        self._location_log: IO[str] | None = None
        self._synced = self._clock()

    # --- inputs, as they come ---------------------------------------------------------------
    def add_audio(self, pcm: bytes) -> None:
        """Append s16le mono samples at 16 kHz."""
        self._audio.write(pcm)
        self._audio_bytes += len(pcm)
        self._audio.flush()
        self._maybe_sync()

    def add_event(self, event: dict[str, Any]) -> None:
        """Append one events.jsonl row ({"t_ms": ..., "type": "button" | "text", ...})."""
        self._sorted = self._sorted and event["t_ms"] >= self._last_event_ms
        self._last_event_ms = max(self._last_event_ms, event["t_ms"])
        self._events.write(json.dumps(event) + "\n")
        self._events.flush()

    def add_location(self, fix) -> None:
        """Append a position fix (glasses.events.Location) to location.jsonl (only ever written
        when a session is recorded)."""
        if self._location_log is None:
            self._location_log = open(self.root / "location.jsonl", "w", encoding="utf-8")
        self._location_log.write(json.dumps(fix_row(fix)) + "\n")
        self._location_log.flush()

    def add_frame(self, t_ms: int, bgr: np.ndarray) -> None:
        """Write a frame as JPEG (after ``frame_filter``), then its frames.jsonl row."""
        import cv2

        if self.frame_filter is not None:
            bgr = self.frame_filter(bgr)
        name = f"frames/{self._frames:06d}.jpg"
        (self.root / "frames").mkdir(exist_ok=True)
        cv2.imwrite(str(self.root / name), bgr, [cv2.IMWRITE_JPEG_QUALITY, 90])
        if self._frame_log is None:
            self._frame_log = open(self.root / "frames.jsonl", "w", encoding="utf-8")
        self._frame_log.write(json.dumps({"t_ms": t_ms, "file": name}) + "\n")
        self._frame_log.flush()
        self._frames += 1
        if self._camera_size is None:
            self._camera_size = (bgr.shape[1], bgr.shape[0])
            self._write_meta()

    def _files(self) -> list:
        return [f for f in (self._audio, self._events, self._frame_log, self._location_log) if f is not None]

    # --- durability -------------------------------------------------------------------------
    def _maybe_sync(self) -> None:
        now = self._clock()
        if now - self._synced < SYNC_EVERY_S:
            return
        self._synced = now
        self._fix_header()
        for f in self._files():
            f.flush()
            os.fsync(f.fileno())

    def _fix_header(self) -> None:
        self._audio.seek(0)
        self._audio.write(wav_header(self._audio_bytes))
        self._audio.seek(0, os.SEEK_END)
        self._audio.flush()

    def _write_meta(self) -> None:
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
        tmp = self.root / "session.yaml.tmp"
        tmp.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
        os.replace(tmp, self.root / "session.yaml")

    def close(self, expected: list[dict] | None = None) -> Path:
        """Finish the files (sizes, order, expected.jsonl) and remove the in-progress marker."""
        if self._closed:
            return self.root
        self._closed = True
        self._fix_header()
        for f in self._files():
            f.close()
        if not self._sorted:
            _sort_jsonl(self.root / "events.jsonl")
        if self._location_log is not None:
            _sort_jsonl(self.root / "location.jsonl")
        if expected is not None:
            write_jsonl(self.root / "expected.jsonl", expected)
        (self.root / MARKER).unlink(missing_ok=True)
        return self.root


    def abort(self) -> None:
        """Give up: close and delete what this writer wrote (the folder too, when left empty)."""
        self._closed = True
        for f in self._files():
            f.close()
        for i in range(self._frames):
            (self.root / "frames" / f"{i:06d}.jpg").unlink(missing_ok=True)
        for name in ("session.yaml", "audio.wav", "events.jsonl", "frames.jsonl", "location.jsonl", "frames",
                     MARKER):
            path = self.root / name
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            else:
                path.unlink(missing_ok=True)
        if not any(self.root.iterdir()):
            self.root.rmdir()


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _sort_jsonl(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    write_jsonl(path, sorted(rows, key=lambda r: r["t_ms"]))


def interrupted(root: Path) -> bool:
    """True when a writer started this folder and never finished (crash, kill -9, power loss)."""
    return (Path(root) / MARKER).exists()


def recover(root: Path) -> list[str]:
    """Repair a folder whose writer died: WAV sizes from the file's length (whole samples),
    half-written last JSONL lines dropped, the marker removed. Returns what was repaired."""
    root = Path(root)
    done: list[str] = []
    wav = root / "audio.wav"
    if wav.exists():
        size = wav.stat().st_size
        if size < HEADER_BYTES:
            wav.write_bytes(wav_header(0))
            done.append("audio.wav: empty header rewritten")
        else:
            data = (size - HEADER_BYTES) // 2 * 2
            with open(wav, "r+b") as f:
                head = f.read(HEADER_BYTES)
                if head[:4] == b"RIFF" and head[36:40] == b"data" and struct.unpack("<I", head[40:44])[0] != data:
                    f.seek(0)
                    f.write(wav_header(data, struct.unpack("<I", head[24:28])[0]))
                    f.truncate(HEADER_BYTES + data)
                    done.append(f"audio.wav: sizes set to {data // 2} samples")
    for name in ("events.jsonl", "frames.jsonl", "location.jsonl"):
        path = root / name
        if path.exists():
            raw = path.read_bytes()
            if raw and not raw.endswith(b"\n"):
                path.write_bytes(raw[: raw.rfind(b"\n") + 1])
                done.append(f"{name}: half-written last line dropped")
    (root / "session.yaml.tmp").unlink(missing_ok=True)
    (root / MARKER).unlink(missing_ok=True)
    return done

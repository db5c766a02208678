"""Recorded answers: ``glasses run --record`` stores what the engine answered in the session
(``ask/answers.jsonl``, one row per request), and a replay plays them back in order, so a replay
never calls an engine and gives the same answers on any machine.

    {"t_ms": 5200, "question": "who wrote hamlet", "image": false, "host": "192.168.1.20:11434",
     "bytes_sent": 812, "answer": "Hamlet was written by William Shakespeare. ...", "error": null}

A row is written only while a session is being recorded (the wearer asked for it); a replay
without the file, or with fewer rows than questions, answers as if no engine were set up.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Iterator

from glasses.ask.client import EngineError
from glasses.errors import SessionError

FILE = "ask/answers.jsonl"
MAX_ROWS = 10_000
MAX_FILE_BYTES = 16 * 1024 * 1024


class Recorder:
    """Appends one row per finished request to ``root/ask/answers.jsonl`` (thread-safe)."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / FILE
        self._lock = threading.Lock()

    def add(self, row: dict) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def load_rows(root: Path | None) -> list[dict]:
    """The recorded rows of a session folder (none when it has no file); a bad row is a
    SessionError naming the file and line."""
    if root is None:
        return []
    path = Path(root) / FILE
    if not path.exists():
        return []
    if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        raise SessionError(f"not a regular file of at most {MAX_FILE_BYTES} bytes", where=str(path))
    rows: list[dict] = []
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise SessionError("not JSON", where=f"{path}:{n}") from None
        if not isinstance(row, dict) or not isinstance(row.get("answer", ""), str) \
                or not isinstance(row.get("question", ""), str):
            raise SessionError('expected {"question": text, "answer": text, ...}', where=f"{path}:{n}")
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise SessionError(f"more than {MAX_ROWS} recorded answers", where=str(path))
    return rows


class Playback:
    """The recorded answers in order: ``next_answer(question)`` gives the next row's pieces."""

    def __init__(self, rows: list[dict]) -> None:
        self._rows = list(rows)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._rows)

    def take(self) -> dict | None:
        with self._lock:
            return self._rows.pop(0) if self._rows else None


class ReplayedStream:
    """A recorded answer played back like an AnswerStream: its words, then its recorded error."""

    def __init__(self, row: dict) -> None:
        self.row = row
        self.egress = None        # nothing leaves the device in a replay
        self.cancelled = False
        self.text: list[str] = []

    def __iter__(self) -> Iterator[str]:
        answer = self.row.get("answer") or ""
        for word in answer.split(" "):
            if self.cancelled:
                return
            piece = word if not self.text else " " + word
            self.text.append(piece)
            yield piece
        code = self.row.get("error")
        if isinstance(code, str) and code:
            raise EngineError(code, "recorded")

    def cancel(self) -> None:
        self.cancelled = True

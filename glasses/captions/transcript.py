"""The conversation as text with times: kept in memory while captions run, written to disk
only when the wearer says "save this conversation". Never audio."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from glasses.captions.languages import name

MAX_LINES = 5000   # a very long conversation keeps its last lines, never unbounded memory


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    at: datetime      # when the line was said (aware, session clock)
    text: str
    language: str
    task: str

    def format(self) -> str:
        label = f"[{name(self.language)} → English] " if self.task == "translate" else ""
        return f"[{self.at:%H:%M:%S}] {label}{self.text}"


class ConversationLog:
    def __init__(self) -> None:
        self.lines: list[TranscriptLine] = []

    def clear(self) -> None:
        self.lines = []

    def add(self, line: TranscriptLine) -> None:
        self.lines.append(line)
        del self.lines[:-MAX_LINES]

    def text(self) -> str:
        if not self.lines:
            return ""
        first = self.lines[0].at
        head = f"# Conversation of {first:%Y-%m-%d}, from {first:%H:%M} ({first.tzname() or ''})\n"
        return head + "".join(line.format() + "\n" for line in self.lines)

    def save(self, folder: Path) -> Path:
        """Write the transcript to a new file in ``folder`` (atomically); returns its path."""
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"conversation-{self.lines[0].at:%Y-%m-%d-%H%M%S}"
        path = folder / f"{stem}.txt"
        n = 2
        while path.exists():
            path, n = folder / f"{stem}-{n}.txt", n + 1
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(self.text(), encoding="utf-8")
        os.replace(tmp, path)
        return path

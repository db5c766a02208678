"""Transcribe many WAV files with one recognizer (``glasses transcribe FILE...``).

The models load once; each file gives one result. A file that cannot be read gives an
error row naming it and the others still run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from glasses.audio import read_wav
from glasses.errors import GlassesError
from glasses.stt.base import Recognizer, transcribe


@dataclass(frozen=True, slots=True)
class FileTranscript:
    file: str
    text: str | None     # None when the file could not be read
    engine: str
    ms: int              # wall milliseconds spent recognizing (reading the file excluded)
    error: str | None = None

    def as_json(self) -> dict:
        row = {"file": self.file, "text": self.text, "engine": self.engine, "ms": self.ms}
        if self.error:
            row["error"] = self.error
        return row


def transcribe_files(recognizer: Recognizer, paths: Iterable[Path]) -> Iterator[FileTranscript]:
    for path in paths:
        try:
            samples = read_wav(path)
        except GlassesError as exc:
            yield FileTranscript(str(path), None, recognizer.name, 0, str(exc))
            continue
        start = time.perf_counter()
        text = transcribe(recognizer, samples.tobytes())
        yield FileTranscript(str(path), text, recognizer.name, round((time.perf_counter() - start) * 1000))

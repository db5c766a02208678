"""PocketSphinx 5: the English recognizer whose acoustic model and dictionary ship in its wheel.

Command mode decodes with a small trigram model built from the intent templates
(glasses.stt.lm): fast, and limited to the assistant's own words. Free mode uses the
bundled en-US language model (slower and weak: the fallback of last resort).
"""

from __future__ import annotations

import tempfile
from pathlib import Path


class SphinxRecognizer:
    def __init__(self, arpa: str | None = None, partial_every: int = 4) -> None:
        """``arpa``: a command language model (glasses.stt.lm); None for free text."""
        from pocketsphinx import Decoder

        self.name = "pocketsphinx-command" if arpa else "pocketsphinx-free"
        if arpa:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "commands.arpa"
                path.write_text(arpa, encoding="utf-8")
                self._decoder = Decoder(samprate=16000, lm=str(path), loglevel="FATAL")
        else:
            self._decoder = Decoder(samprate=16000, loglevel="FATAL")
        self._partial_every = partial_every
        self._chunks = 0
        self._partial = ""

    @staticmethod
    def known_word_checker():
        """A function telling whether the bundled dictionary can pronounce a word."""
        from pocketsphinx import Decoder

        decoder = Decoder(samprate=16000, lm=None, loglevel="FATAL")
        return lambda word: decoder.lookup_word(word) is not None

    def start(self) -> None:
        self._chunks = 0
        self._partial = ""
        self._decoder.start_utt()

    def accept(self, pcm: bytes) -> str | None:
        self._decoder.process_raw(pcm, False, False)
        self._chunks += 1
        if self._chunks % self._partial_every:
            return None
        hyp = self._decoder.hyp()
        text = hyp.hypstr if hyp else ""
        if text and text != self._partial:
            self._partial = text
            return text
        return None

    def voice(self, active: bool) -> None:
        """Streaming: nothing to prepare at a pause."""

    def finish(self) -> str:
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        return " ".join((hyp.hypstr if hyp else "").split())

"""Text to speech: pyttsx3 (espeak-ng) renders each answer to audio that we play ourselves.

Rendering to a buffer instead of using pyttsx3's own playback lets the assistant stop
mid-sentence, record what it said and keep its own voice away from the recognizer.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import threading
from pathlib import Path

from glasses.audio import RATE, read_wav
from glasses.errors import GlassesError


class Pyttsx3Voice:
    """Renders text to 16 kHz s16le mono with pyttsx3's espeak-ng driver."""

    rate_hz = RATE

    def __init__(self, voice: str = "en-us", rate: int = 175, volume: float = 1.0) -> None:
        self.voice, self.words_per_minute, self.volume = voice, rate, volume
        self._engine = None
        self._lock = threading.Lock()
        self._tmp = Path(tempfile.mkdtemp(prefix="glasses-tts-"))

    def _init(self):
        try:
            import pyttsx3

            engine = pyttsx3.init("espeak")
        except Exception as exc:  # pyttsx3 raises RuntimeError/OSError without espeak-ng
            raise GlassesError(f"text to speech unavailable: {exc} (install espeak-ng: "
                               "sudo apt-get install espeak-ng)") from None
        engine.setProperty("voice", resolve_voice(engine, self.voice))
        engine.setProperty("rate", self.words_per_minute)
        engine.setProperty("volume", self.volume)
        return engine

    def render(self, text: str) -> bytes:
        """The spoken ``text`` as s16le mono pcm at 16 kHz."""
        with self._lock:
            if self._engine is None:
                self._engine = self._init()
            out = self._tmp / "say.wav"
            out.unlink(missing_ok=True)
            with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to"
                self._engine.save_to_file(text, str(out))
                self._engine.runAndWait()
            if not out.exists():
                raise GlassesError("text to speech produced no audio (is espeak-ng installed?)")
            return read_wav(out).tobytes()


def resolve_voice(engine, wanted: str) -> str:
    """The espeak-ng voice id for a name, id or language tag like 'en-us'; error if none."""
    voices = engine.getProperty("voices")
    wanted_l = wanted.lower()
    for v in voices:
        langs = [str(lang).lower() for lang in (v.languages or [])]
        if wanted_l in (v.id.lower(), v.id.lower().split("/")[-1], str(v.name).lower()) or wanted_l in langs:
            return v.id
    english = ", ".join(sorted(v.id.split("/")[-1] for v in voices if v.id.split("/")[-1].startswith("en")))
    raise GlassesError(f"tts.voice: no espeak-ng voice {wanted!r} (English ones: {english})")


class SilentVoice:
    """Text-only twin of a voice (``glasses ask``): answers have words but no audio."""

    rate_hz = RATE

    def render(self, text: str) -> bytes:
        return b""

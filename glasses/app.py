"""The composition root: the one place that chooses real or fake parts and wires them.

Everything else receives its dependencies through its constructor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from glasses.assistant import Assistant, Parts
from glasses.config import Config
from glasses.errors import ConfigError, ModelError
from glasses.intents import IntentParser, builtin_intent_files
from glasses.models import find_vosk_english
from glasses.skills.core import ClockSkill, HelpSkill
from glasses.skills.router import Router
from glasses.stt.base import LazyRecognizer, Recognizer, Transcriber


@dataclass
class Features:
    """Skills and intent helpers contributed by the feature packages."""

    skills: list[Any] = field(default_factory=list)
    normalizers: dict[str, Callable] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    on_first_wake: Callable | None = None


def build_features(config: Config, *, for_replay: bool = False) -> Features:
    """The feature skills beyond the core (day assistant, look and shop) that are installed."""
    return Features()


def build_parser(features: Features) -> IntentParser:
    return IntentParser(builtin_intent_files(), features.normalizers, features.vocabulary)


def build_router(features: Features) -> Router:
    clock = ClockSkill()
    examples = list(clock.examples)
    for skill in features.skills:
        examples.extend(getattr(skill, "examples", ()))
    return Router([clock, HelpSkill(examples), *features.skills])


def engine_name(config: Config) -> str:
    """The recognizer engine that ``engine: auto`` resolves to."""
    if config.stt.engine != "auto":
        return config.stt.engine
    return "vosk" if (config.stt.vosk_model or find_vosk_english()) else "pocketsphinx"


def build_recognizer(engine: str, mode: str, parser: IntentParser, vosk_model: Path | None = None) -> Recognizer:
    """One recognizer: engine pocketsphinx or vosk, mode command or free."""
    if engine == "pocketsphinx":
        from glasses.stt.sphinx import SphinxRecognizer

        if mode == "command":
            return SphinxRecognizer(parser.jsgf(SphinxRecognizer.known_word_checker()))
        return SphinxRecognizer(None)
    if engine == "vosk":
        from glasses.stt.vosk_engine import VoskRecognizer

        model = vosk_model or find_vosk_english()
        if model is None:
            raise ModelError("stt.engine is vosk but no vosk model was found: run "
                             "`python scripts/fetch_models.py` or set stt.vosk_model")
        return VoskRecognizer(model, parser.phrases() if mode == "command" else None)
    raise ConfigError(f"stt.engine: unknown engine {engine!r}")


def build_transcriber(config: Config, parser: IntentParser, engine: str | None = None) -> Transcriber:
    engine = engine or engine_name(config)
    mode = config.stt.mode
    vosk_model = config.stt.vosk_model
    understands = lambda text: parser.parse(text) is not None  # noqa: E731
    if mode == "command" or (mode == "auto" and engine == "pocketsphinx"):
        first = build_recognizer(engine, "command", parser, vosk_model)
        if mode == "command":
            return Transcriber(first)
        fallback = LazyRecognizer(f"{engine}-free",
                                  lambda: build_recognizer(engine, "free", parser, vosk_model))
        return Transcriber(first, fallback, understands)
    # free, or auto with vosk: vosk's free-text English is accurate enough on its own
    return Transcriber(build_recognizer(engine, "free", parser, vosk_model))


def build_voice(config: Config):
    from glasses.tts import Pyttsx3Voice

    return Pyttsx3Voice(config.tts.voice, config.tts.rate, config.tts.volume)


def build_assistant(config: Config, *, origin: datetime, speaker: Any, voice: Any = None,
                    features: Features | None = None) -> Assistant:
    from glasses.vad import SileroVad
    from glasses.wake import NoWakeWord, WakeWordDetector

    features = features or build_features(config)
    parser = build_parser(features)
    wake = WakeWordDetector(config.wake.model, config.wake.threshold) if config.wake.enabled else NoWakeWord()
    parts = Parts(
        wake=wake,
        vad=SileroVad(),
        transcriber=build_transcriber(config, parser),
        parser=parser,
        router=build_router(features),
        voice=voice or build_voice(config),
        speaker=speaker,
        origin=origin,
        vad_threshold=config.listen.vad_threshold,
        timeout_ms=int(config.listen.timeout_s * 1000),
        endpoint_silence_ms=config.listen.endpoint_silence_ms,
        min_speech_ms=config.listen.min_speech_ms,
        max_command_ms=int(config.listen.max_command_s * 1000),
        barge_in=config.audio.barge_in,
        on_first_wake=features.on_first_wake,
    )
    return Assistant(parts)


class _NoVad:
    def reset(self) -> None:
        pass

    def probabilities(self, samples) -> list[float]:
        return []


class _NoTranscriber:
    name = "none"

    def start(self) -> None:
        pass

    def accept(self, pcm: bytes) -> None:
        return None

    def finish(self) -> str:
        return ""


def build_text_assistant(config: Config, *, origin: datetime, features: Features | None = None) -> Assistant:
    """The assistant without ears or voice: text in, replies out (``glasses ask``)."""
    from glasses.devices.speaker import RecordingSpeaker
    from glasses.tts import SilentVoice
    from glasses.wake import NoWakeWord

    features = features or build_features(config)
    parser = build_parser(features)
    return Assistant(Parts(wake=NoWakeWord(), vad=_NoVad(), transcriber=_NoTranscriber(), parser=parser,
                           router=build_router(features), voice=SilentVoice(), speaker=RecordingSpeaker(),
                           origin=origin))

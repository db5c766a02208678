"""Choosing and building the speech recognizer: ``stt.engine`` (auto: Whisper when its model is
installed, else vosk with its English model, else pocketsphinx) in command or free mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glasses.config import SttConfig
from glasses.errors import ConfigError, ModelError
from glasses.models import find_vosk_english
from glasses.stt.base import Recognizer
from glasses.stt.lm import build_arpa
from glasses.stt.sphinx import SphinxRecognizer
from glasses.stt.vosk_engine import VoskRecognizer
from glasses.stt.whisper import COMMAND_PROMPT, LANGUAGE_PROMPTS, WhisperModelRunner, WhisperRecognizer
from glasses.stt import whisper_models
from glasses.understand.parser import IntentParser


def engine_name(config: Any) -> str:
    """The recognizer engine that ``engine: auto`` resolves to."""
    if config.stt.engine != "auto":
        return config.stt.engine
    if config.stt.whisper_model or whisper_models.available(config.stt.whisper):
        return "whisper"
    return "vosk" if (config.stt.vosk_model or find_vosk_english()) else "pocketsphinx"


def command_language_model(parser: IntentParser) -> str:
    """The ARPA model of the intent templates, limited to words the dictionary can say."""
    known = SphinxRecognizer.known_word_checker()
    sentences = [s for s in parser.training_sentences() if all(known(w) for w in s.split())]
    return build_arpa(sentences)


def build_recognizer(engine: str, mode: str, parser: IntentParser, vosk_model: Path | None = None,
                     stt: Any = None, language: str = "en") -> Recognizer:
    """One recognizer: engine whisper, pocketsphinx or vosk, mode command or free; ``language``
    other than English: multilingual Whisper decoding in that language, with that language's command
    prompt (whisper.LANGUAGE_PROMPTS) in command mode."""
    if language != "en":
        stt = stt or SttConfig()
        if engine != "whisper" or stt.whisper == "tiny.en":
            raise ConfigError(f"assistant.language {language}: commands in {language} need stt.engine whisper "
                              "with the multilingual base model (stt.whisper: base)")
        model = stt.whisper_model or whisper_models.locate_whisper(stt.whisper)
        runner = WhisperModelRunner(Path(model), threads=stt.threads, beam_size=stt.beam_size,
                                    prompt=LANGUAGE_PROMPTS.get(language) if mode == "command" else None,
                                    language=language)
        return WhisperRecognizer(runner, speculative=stt.speculative)
    if engine == "whisper":
        stt = stt or SttConfig()
        model = stt.whisper_model or whisper_models.locate_whisper(stt.whisper)
        runner = WhisperModelRunner(Path(model), threads=stt.threads, beam_size=stt.beam_size,
                                    prompt=COMMAND_PROMPT if mode == "command" else None)
        return WhisperRecognizer(runner, speculative=stt.speculative)
    if engine == "pocketsphinx":
        if mode == "command":
            return SphinxRecognizer(command_language_model(parser))
        return SphinxRecognizer(None)
    if engine == "vosk":
        model = vosk_model or find_vosk_english()
        if model is None:
            raise ModelError("stt.engine is vosk but no vosk model was found: run "
                             "`python scripts/fetch_models.py` or set stt.vosk_model")
        return VoskRecognizer(model, parser.phrases(grammar_only=True) if mode == "command" else None)
    raise ConfigError(f"stt.engine: unknown engine {engine!r}")


def command_or_free(config: Any, engine: str) -> str:
    """``stt.mode: auto``: pocketsphinx decodes with the command model (its free-text model
    rescued no command in the benchmark and costs 100 MB more); Whisper hears any words and
    takes the command vocabulary as a prompt; vosk's free-text English is accurate enough."""
    if config.stt.mode != "auto":
        return config.stt.mode
    return "free" if engine == "vosk" else "command"


def build_transcriber(config: Any, parser: IntentParser, engine: str | None = None) -> Recognizer:
    engine = engine or engine_name(config)
    language = getattr(getattr(config, "assistant", None), "language", "en")
    return build_recognizer(engine, command_or_free(config, engine), parser, config.stt.vosk_model, config.stt,
                            language)



"""The composition root: the one place that chooses real or fake parts and wires them.

Everything else receives its dependencies through its constructor.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

from glasses.assistant import Assistant, Parts
from glasses.config import Config
from glasses.errors import ConfigError, ModelError
from glasses.intents import IntentParser, builtin_intent_files, builtin_samples
from glasses.models import find_vosk_english
from glasses.skills.core import ClockSkill, HelpSkill
from glasses.skills.router import Router
from glasses.stt.base import Recognizer


@dataclass
class Features:
    """Skills and intent helpers contributed by the feature packages."""

    skills: list[Any] = field(default_factory=list)
    on_first_wake: Callable | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for close in self.closers:
            close()


@dataclass(frozen=True)
class Replayed:
    """What a replay must not take from the live machine: state lives in ``data_dir`` (fresh,
    so replays repeat exactly) and weather comes from the session's recorded forecast."""

    data_dir: Path
    forecast: Path | None = None
    calendar: Path | None = None


def wearer_tz(config: Config, fallback: tzinfo | None = None) -> tzinfo:
    if config.assistant.timezone:
        return ZoneInfo(config.assistant.timezone)
    return fallback or datetime.now().astimezone().tzinfo  # type: ignore[return-value]


def build_features(config: Config, *, tz: tzinfo, replayed: Replayed | None = None,
                   catalog: Any = None) -> Features:
    """The day assistant and look-and-shop skills, wired to their stores and devices."""
    from dataclasses import replace

    from glasses.day.fetch import FileFetcher, OfflineFetcher
    from glasses.day.skill import DaySkill
    from glasses.look.build import build_skill

    day_config = config.day
    fetcher = None
    if replayed is not None:  # sealed: only the session's calendar, state in a fresh folder
        calendars = (str(replayed.calendar),) if replayed.calendar else ()
        day_config = replace(day_config, data_dir=replayed.data_dir, inbox_dir=None, calendars=calendars,
                             inbox_port=0)
        fetcher = FileFetcher({"/v1/forecast": replayed.forecast}) if replayed.forecast else OfflineFetcher()
    day = DaySkill(day_config, tz=tz, fetcher=fetcher)
    if catalog is None and replayed is not None:  # never the wearer's catalog: the demo one, in memory
        from glasses.products.catalog import demo_catalog

        catalog = demo_catalog()
    look = build_skill(config.look, catalog=catalog, add_to_list=day.handle)
    from glasses.captions.build import build_captions
    from glasses.nav.wiring import briefing_with_leave_note, build_nav_skill, calendar_of

    nav = build_nav_skill(config, calendar_of(day))
    captions = build_captions(config.captions, save_dir=replayed.data_dir / "conversations" if replayed else None,
                              replay=replayed is not None, vad_threshold=config.listen.vad_threshold)
    return Features(
        skills=[day, look, nav, captions],
        on_first_wake=briefing_with_leave_note(day.briefing_on_wake if day_config.briefing_on_first_wake else None,
                                               nav),
        closers=[day.close, captions.close],
    )


def build_parser() -> IntentParser:
    """All intents (core, day, look) with the features' slot normalizers and vocabulary."""
    from glasses.day.normalize import NORMALIZERS as DAY_NORMALIZERS
    from glasses.day.normalize import vocabulary as day_vocabulary
    from glasses.look.build import NORMALIZERS as LOOK_NORMALIZERS

    return IntentParser(builtin_intent_files(), {**DAY_NORMALIZERS, **LOOK_NORMALIZERS}, day_vocabulary(),
                        builtin_samples())


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
    from glasses.stt.whisper_models import available

    if config.stt.whisper_model or available(config.stt.whisper):
        return "whisper"
    return "vosk" if (config.stt.vosk_model or find_vosk_english()) else "pocketsphinx"


def command_language_model(parser: IntentParser) -> str:
    """The ARPA model of the intent templates, limited to words the dictionary can say."""
    from glasses.stt.lm import build_arpa
    from glasses.stt.sphinx import SphinxRecognizer

    known = SphinxRecognizer.known_word_checker()
    sentences = [s for s in parser.training_sentences() if all(known(w) for w in s.split())]
    return build_arpa(sentences)


def build_recognizer(engine: str, mode: str, parser: IntentParser, vosk_model: Path | None = None,
                     stt: Any = None) -> Recognizer:
    """One recognizer: engine whisper, pocketsphinx or vosk, mode command or free."""
    if engine == "whisper":
        from glasses.config import SttConfig
        from glasses.stt.whisper import COMMAND_PROMPT, WhisperModelRunner, WhisperRecognizer
        from glasses.stt.whisper_models import locate_whisper

        stt = stt or SttConfig()
        model = stt.whisper_model or locate_whisper(stt.whisper)
        runner = WhisperModelRunner(Path(model), threads=stt.threads, beam_size=stt.beam_size,
                                    prompt=COMMAND_PROMPT if mode == "command" else None)
        return WhisperRecognizer(runner, speculative=stt.speculative)
    if engine == "pocketsphinx":
        from glasses.stt.sphinx import SphinxRecognizer

        if mode == "command":
            return SphinxRecognizer(command_language_model(parser))
        return SphinxRecognizer(None)
    if engine == "vosk":
        from glasses.stt.vosk_engine import VoskRecognizer

        model = vosk_model or find_vosk_english()
        if model is None:
            raise ModelError("stt.engine is vosk but no vosk model was found: run "
                             "`python scripts/fetch_models.py` or set stt.vosk_model")
        return VoskRecognizer(model, parser.phrases(grammar_only=True) if mode == "command" else None)
    raise ConfigError(f"stt.engine: unknown engine {engine!r}")


def command_or_free(config: Config, engine: str) -> str:
    """``stt.mode: auto``: pocketsphinx decodes with the command model (its free-text model
    rescued no command in the benchmark and costs 100 MB more); Whisper hears any words and
    takes the command vocabulary as a prompt; vosk's free-text English is accurate enough."""
    if config.stt.mode != "auto":
        return config.stt.mode
    return "free" if engine == "vosk" else "command"


def build_transcriber(config: Config, parser: IntentParser, engine: str | None = None) -> Recognizer:
    engine = engine or engine_name(config)
    return build_recognizer(engine, command_or_free(config, engine), parser, config.stt.vosk_model, config.stt)


def build_voice(config: Config):
    from glasses.tts import EspeakVoice

    return EspeakVoice(config.tts.voice, config.tts.rate, config.tts.volume)


def build_assistant(config: Config, *, origin: datetime, speaker: Any, features: Features,
                    voice: Any = None, workers: Any = None) -> Assistant:
    """``workers``: runtime.workers.ThreadWorkers live; None: InlineWorkers (replay, tests)."""
    from glasses.vad import SileroVad
    from glasses.wake import NoWakeWord, detector_from_config, existing_model

    parser = build_parser()
    if config.wake.enabled:
        existing_model(config.wake.model)  # a bad wake-word model is one line before anything heavy loads
    # the recognizer before the other models: loading Whisper briefly holds its float16 weights
    # beside the int8 copy it keeps, and that transient should not stack on top of them
    transcriber = build_transcriber(config, parser)
    wake = detector_from_config(config.wake) if config.wake.enabled else NoWakeWord()
    vad = SileroVad()
    parts = Parts(
        wake=wake,
        vad=vad,
        transcriber=transcriber,
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
        look_ms=int(config.look.timeout_s * 1000),
        on_first_wake=features.on_first_wake,
        **({"workers": workers} if workers is not None else {}),
    )
    from glasses.captions.build import share_recognizer_model

    share_recognizer_model(features.skills, parts.transcriber, config.captions)
    return Assistant(parts)


class _NoVad:
    def reset(self) -> None:
        pass

    def probabilities(self, samples) -> list[float]:
        return []


class NullRecognizer:
    """A recognizer that hears nothing (``glasses ask``; base for test doubles)."""

    name = "none"

    def start(self) -> None:
        pass

    def accept(self, pcm: bytes) -> None:
        return None

    def voice(self, active: bool) -> None:
        pass

    def finish(self) -> str:
        return ""


def build_text_assistant(config: Config, *, origin: datetime, features: Features) -> Assistant:
    """The assistant without ears or voice: text in, replies out (``glasses ask``)."""
    from glasses.devices.speaker import RecordingSpeaker
    from glasses.tts import SilentVoice
    from glasses.wake import NoWakeWord

    parser = build_parser()
    return Assistant(Parts(wake=NoWakeWord(), vad=_NoVad(), transcriber=NullRecognizer(), parser=parser,
                           router=build_router(features), voice=SilentVoice(), speaker=RecordingSpeaker(),
                           origin=origin))


class Pipeline:
    """The assistant plus the observers of its output: the HUD (whose updates join the event
    stream) and, on the rig, the LEDs. Replay, the live loop and the emulator all drive this."""

    def __init__(self, assistant: Assistant, observers: list[Any] = ()) -> None:
        self.assistant = assistant
        self.observers = list(observers)

    def _observe(self, events: list) -> list:
        out = []
        for event in events:
            out.append(event)
            for observer in self.observers:
                extra = observer.process(event)
                if extra:
                    out.extend(extra)
        return out

    def process(self, event) -> list:
        for observer in self.observers:  # inputs too: a Frame lights the privacy LED
            observer.process(event)
        return self._observe(self.assistant.process(event))

    def finish(self, t_ms: int) -> list:
        return self._observe(self.assistant.finish(t_ms))


@contextmanager
def replay_pipeline(session, config: Config, speaker: Any = None, hud: bool = True) -> Iterator[Pipeline]:
    """The whole assistant for replaying ``session``: fresh state, recorded weather, HUD."""
    import tempfile

    from glasses.devices.speaker import RecordingSpeaker
    from glasses.hud.state import HudTracker

    with tempfile.TemporaryDirectory(prefix="glasses-replay-") as tmp:
        root = Path(getattr(session, "root", None) or session.path)  # a zip's unpacked folder
        forecast = root / "weather" / "forecast.json"
        calendar = root / "calendar.ics"
        replayed = Replayed(Path(tmp), forecast if forecast.exists() else None,
                            calendar if calendar.exists() else None)
        features = build_features(config, tz=session.tz, replayed=replayed)
        try:
            assistant = build_assistant(config, origin=session.started_at, speaker=speaker or RecordingSpeaker(),
                                        features=features)
            yield Pipeline(assistant, [HudTracker()] if hud else [])
        finally:
            features.close()

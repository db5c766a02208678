"""The composition root: the one place that chooses real or recorded parts and wires them.

Every way of running the assistant is a thin driver around ``build``, passing only what differs:

    glasses run / emulate    LiveRuntime(config, speaker=...)        the wall clock, worker threads
    glasses replay / demo    with replay_pipeline(session, config)   recorded inputs, a sealed data folder
    glasses ask, tests       build_text_assistant(config, origin=...) no ears, no voice
    glasses bench, tests     build(config, origin=..., ...)           any mix of the above
    glasses transcribe       with skill_peers(config)                 the skills alone, for what they offer

``build`` makes the recognizer first (memory: Whisper's float16 load transient should not stack
on the other models), then the services every skill gets (config, zone, data folder, fetcher,
peers, the loaded speech model), then each installed skill from its SkillSpec (the registry:
glasses/skills/registry.py), then the assistant's parts, the assistant and the pipeline with the
HUD. Everything else receives its dependencies through its constructor.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping
from zoneinfo import ZoneInfo

from glasses.assistant.machine import Assistant
from glasses.assistant.parts import Parts
from glasses.assistant.workers import InlineWorkers, ThreadWorkers
from glasses.config import Config
from glasses.devices.speaker import RecordingSpeaker
from glasses.fetch import FileFetcher, OfflineFetcher, UrlFetcher
from glasses.hud.state import HudTracker
from glasses.replies import LanguageReplies, voice_for
from glasses.runtime.background import Background
from glasses.runtime.camera import CameraPolicy
from glasses.runtime.pipeline import Pipeline
from glasses.skills.base import Closes, SpokenNames
from glasses.skills.contract import Peers, Services, SkillSpec
from glasses.skills.registry import Registry, installed
from glasses.skills.router import Router
from glasses.stt.base import NullRecognizer
from glasses.stt.choose import build_transcriber
from glasses.tts import EspeakVoice, SilentVoice
from glasses.understand.confirm import Confirmation
from glasses.understand.language_parser import LanguageParser, language_files
from glasses.understand.parser import IntentParser
from glasses.understand.turn import TurnJudge
from glasses.vad import NoVad, SileroVad
from glasses.wake import NoWakeWord, detector_from_config, existing_model


def wearer_tz(config: Config, fallback: tzinfo | None = None) -> tzinfo:
    if config.assistant.timezone:
        return ZoneInfo(config.assistant.timezone)
    return fallback or datetime.now().astimezone().tzinfo  # type: ignore[return-value]


def build_parser(registry: Registry | None = None, language: str = "en") -> IntentParser:
    """Every skill's intents with their slot normalizers, vocabulary and wildcard samples; for
    another ``language`` (assistant.language), the skills' templates in it and Home Assistant's."""
    registry = registry or installed()
    if language != "en":
        return LanguageParser(language, language_files(registry.intent_files(), language), registry.normalizers())
    return IntentParser(registry.intent_files(), registry.normalizers(), registry.vocabulary(), registry.samples())


def build_confirmation(registry: Registry | None = None, window_ms: int = 12_000) -> Confirmation:
    """The "Did you mean ...?" rule over every skill's side effects and words (as the assistant has it)."""
    registry = registry or installed()
    return Confirmation(window_ms, registry.side_effects(), registry.describe)


def _replies(config: Config, registry: Registry) -> Any:
    """Answers in assistant.language (None: the skills' English)."""
    if config.assistant.language == "en":
        return None
    return LanguageReplies.from_files(config.assistant.language, registry.intent_files())


def build_voice(config: Config) -> EspeakVoice:
    return EspeakVoice(voice_for(config.assistant.language, config.tts.voice), config.tts.rate, config.tts.volume)


def recorded_fetcher(session_root: Path | None) -> Any:
    """What a replay may fetch: the session's recorded responses (its weather/forecast.json,
    docs/sessions.md), nothing else."""
    forecast = session_root / "weather" / "forecast.json" if session_root else None
    return FileFetcher({"/v1/forecast": forecast}) if forecast is not None and forecast.exists() else OfflineFetcher()


@dataclass
class Built:
    """One assembled assistant: its parts, the skills it was built from, and what to close."""

    assistant: Assistant
    pipeline: Pipeline
    skills: list[Any]
    registry: Registry
    hud: HudTracker | None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def skill(self, name: str) -> Any:
        """The built skill of that name (tests, drivers); None when it is not installed."""
        names = [s.name for s in self.registry.specs]
        return self.skills[names.index(name)] if name in names else None

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.closers.clear()


def build_skills(registry: Registry, services: Services) -> list[Any]:
    """Every skill from its spec, in routing order; the peers learn about each other at the end."""
    built = [spec.build(services) for spec in registry.specs]
    services.peers.attach(built)
    return built


def spoken_hints(skills: list[Any]) -> Callable[[], str]:
    """The recognizer's hint: every SpokenNames skill's line of names, read at each utterance."""
    speakers = [s for s in skills if isinstance(s, SpokenNames)]
    return lambda: " ".join(h for h in (s.spoken_hint() for s in speakers) if h)


def build(config: Config, *, origin: datetime, tz: tzinfo | None = None, speaker: Any = None, voice: Any = None,
          workers: Any = None, ears: bool = True, replay: bool = False, session_root: Path | None = None,
          data_dir: Path | None = None, fetcher: Any = None, hud: bool = True, observers: Iterable[Any] = (),
          registry: Registry | None = None, skills: list[Any] | None = None,
          extras: Mapping[str, Any] | None = None, workers_cost_ms: Mapping[str, int] | None = None,
          first_wake: bool = True) -> Built:
    """The whole assistant.

    ears: a wake word, a VAD and a recognizer (False: typed text only). replay: sealed (a fresh
    ``data_dir``, recorded responses from ``session_root``, decode at once). workers: ThreadWorkers
    live, else InlineWorkers (``workers_cost_ms`` models their cost in replay). skills: objects to
    route to instead of the installed skills (besides the basics): a test's own skill. extras: named
    overrides skills may read (``services.extras``: a test catalog).
    """
    registry = registry or installed()
    tz = tz or wearer_tz(config, origin.tzinfo)
    parser = build_parser(registry, config.assistant.language)
    if ears and config.wake.enabled:
        existing_model(config.wake.model)  # a bad wake-word model is one line before anything heavy loads
    transcriber = build_transcriber(config, parser) if ears else NullRecognizer()
    wake = detector_from_config(config.wake) if ears and config.wake.enabled else NoWakeWord()
    services = Services(
        config=config, tz=tz, fetcher=fetcher or (recorded_fetcher(session_root) if replay else UrlFetcher()),
        peers=Peers(), data_dir=data_dir, replay=replay, session_root=session_root,
        speech_model=getattr(transcriber, "runner", None), examples=registry.examples(), vad=SileroVad,
        extras=dict(extras or {}))
    if skills is not None:  # a test's skills beside the basics (no other installed skill)
        basics = registry.get("basics")
        specs: list[SkillSpec] = [basics] if basics is not None else []
        built = [spec.build(services) for spec in specs] + list(skills)
        owned = [registry.owned_intents(spec) for spec in specs] + [s.intents for s in skills]
        services.peers.attach(built)
    else:
        built = build_skills(registry, services)
        owned = [registry.owned_intents(spec) for spec in registry.specs]
    closers = [s.close for s in built if callable(getattr(s, "close", None))]
    if hasattr(transcriber, "hints"):  # names near the wearer, for the recognizer's prompt
        transcriber.hints = spoken_hints(built)
    try:
        parts = Parts(
            wake=wake, vad=SileroVad() if ears else NoVad(), transcriber=transcriber, parser=parser,
            router=Router(built, owned), voice=voice or (build_voice(config) if ears else SilentVoice()),
            speaker=speaker if speaker is not None else RecordingSpeaker(), origin=origin,
            vad_threshold=config.listen.vad_threshold, timeout_ms=int(config.listen.timeout_s * 1000),
            endpoint_silence_ms=config.listen.endpoint_silence_ms, min_speech_ms=config.listen.min_speech_ms,
            max_command_ms=int(config.listen.max_command_s * 1000), barge_in=config.audio.barge_in,
            look_ms=int(config.look.timeout_s * 1000) if hasattr(config, "look") else 1500,
            first_wake=first_wake,
            gestures=registry.gestures(config),
            side_effects=registry.side_effects(), describe=registry.describe,
            replies=_replies(config, registry),
            workers=workers if workers is not None else InlineWorkers(workers_cost_ms),
            turn=TurnJudge(parser, registry.side_effects()) if ears else None,
            early_end_ms=config.listen.early_end_ms,
        )
        assistant = Assistant(parts)
    except BaseException:
        for close in closers:
            close()
        raise
    tracker = HudTracker() if hud else None
    pipeline = Pipeline(assistant, [*([tracker] if tracker else []), *observers])
    return Built(assistant, pipeline, built, registry, tracker, closers)


def build_text_assistant(config: Config, *, origin: datetime, tz: tzinfo | None = None,
                         skills: list[Any] | None = None, sealed_in: Path | None = None, **kwargs: Any) -> Assistant:
    """The assistant without ears or voice: text in, replies out (``glasses ask``, tests); no
    first-wake briefing unless ``first_wake=True``.
    ``sealed_in``: keep the skills' state in that folder, offline (a test's tmp_path); the built
    skills are closed with ``close_skills(assistant)``."""
    kwargs.setdefault("first_wake", False)  # one question: no morning briefing after it
    built = build(config, origin=origin, tz=tz, ears=False, skills=skills, hud=False,
                  replay=sealed_in is not None, data_dir=sealed_in, **kwargs)
    built.assistant.built = built  # type: ignore[attr-defined] - so the caller can close the skills
    return built.assistant


def close_skills(assistant: Assistant) -> None:
    built = getattr(assistant, "built", None)
    if built is not None:
        built.close()


@contextmanager
def skill_peers(config: Config, registry: Registry | None = None) -> Iterator[Peers]:
    """Every installed skill built alone, without ears, voice or the assistant, for a command that
    needs what one of them offers the others (``glasses transcribe --translate`` with
    captions.translate_with: engine asks for the Translates peer, the ask skill). Sealed as a test's
    ``sealed_in``: a scratch data folder and no fetches; the wearer's engine is live, as set in ask:."""
    registry = registry or installed()
    with tempfile.TemporaryDirectory(prefix="glasses-peers-") as tmp:
        services = Services(config=config, tz=wearer_tz(config), fetcher=OfflineFetcher(), peers=Peers(),
                            data_dir=Path(tmp), replay=True, examples=registry.examples())
        built = build_skills(registry, services)
        try:
            yield services.peers
        finally:
            for skill in reversed(built):
                if isinstance(skill, Closes):
                    skill.close()


@contextmanager
def replay_pipeline(session, config: Config, speaker: Any = None, hud: bool = True,
                    workers_cost_ms: Mapping[str, int] | None = None, gallery_dir: Path | None = None,
                    observers: Iterable[Any] = ()) -> Iterator[Pipeline]:
    """The whole assistant for replaying ``session``: fresh state, recorded weather, HUD. Photos and
    videos taken go into the replay's temporary folder, or into ``gallery_dir`` to keep them
    (``glasses replay --gallery DIR``)."""
    with tempfile.TemporaryDirectory(prefix="glasses-replay-") as tmp:
        root = Path(getattr(session, "root", None) or session.path)  # a zip's unpacked folder
        extras = {"gallery_dir": Path(gallery_dir)} if gallery_dir is not None else {}
        built = build(config, origin=session.started_at, tz=session.tz, speaker=speaker, replay=True,
                      session_root=root, data_dir=Path(tmp), hud=hud, workers_cost_ms=workers_cost_ms,
                      extras=extras, observers=observers)
        try:
            built.pipeline.built = built  # type: ignore[attr-defined] - skills for the drivers (--gps walk)
            yield built.pipeline
        finally:
            built.close()


class LiveRuntime:
    """The live assistant (``glasses run`` and ``glasses emulate`` alike), built from a Config and
    the devices a driver opened. It owns start-up (warm, inbox, background refresh), the one camera
    policy, and shutdown; the driver only feeds inputs and acts on outputs."""

    def __init__(self, config: Config, *, speaker: Any, observers: Iterable[Any] = (),
                 now: Callable[..., datetime] = datetime.now) -> None:
        self.config = config
        self.tz = wearer_tz(config)
        self.origin = now(self.tz)
        self.workers = ThreadWorkers(1)  # one thread: recognizer calls stay in order
        try:
            self.built = build(config, origin=self.origin, tz=self.tz, speaker=speaker, workers=self.workers,
                               observers=observers)
        except BaseException:
            self.workers.close()
            raise
        self.assistant = self.built.assistant
        self.pipeline = self.built.pipeline
        self.hud = self.built.hud
        self.skills = self.built.skills
        self.camera = CameraPolicy(continuous=config.look.continuous)
        self.background = Background(self.skills, self.tz, config.day.calendar_refresh_min * 60, now)

    def start(self) -> list[str]:
        """Warm the skills, start the inbox and the refresh thread; notes for the wearer."""
        return self.background.start(self.origin)

    def close(self) -> None:
        self.background.stop()
        self.workers.close()
        self.built.close()

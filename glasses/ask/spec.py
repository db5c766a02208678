"""Ask anything's declaration (the glasses.skills entry point): its intents, its config section,
its card, the doctor row for the engine and the bench section (question -> first audio of the
answer against the stand-in engine)."""

from __future__ import annotations

from pathlib import Path

from glasses.ask.bench import first_audio
from glasses.ask.cards import CARDS
from glasses.ask.client import EngineClient
from glasses.ask.config import AskConfig
from glasses.ask.doctor import engine_rows
from glasses.ask.key import read_key
from glasses.ask.recorded import Playback, load_rows
from glasses.ask.skill import AskSkill
from glasses.ask.translate import TextTranslator
from glasses.events import Intent
from glasses.skills.base import CameraSwitch
from glasses.skills.contract import Services, SkillSpec
from glasses.vision.faces import FaceBlurrer

HERE = Path(__file__).resolve().parent


def build(services: Services) -> AskSkill:
    """Live: the engine in ask.url (none: off, nothing connects). A replayed session: its recorded
    answers and never an engine. (A sealed run without a session, such as a test's, is live.)"""
    config: AskConfig = services.section("ask")
    if services.replay and services.session_root is not None:
        return AskSkill(config, playback=Playback(load_rows(services.session_root)), blurrer=FaceBlurrer(),
                        replay=True)
    client = translator = None
    if config.enabled:
        key = read_key(config.key_path) if config.key_path else None
        client = EngineClient(config, key)
        translator = TextTranslator(config, key)   # captions' lines, with captions.translate_with: engine
    def camera_enabled() -> bool:   # the look skill owns the switch; asked at call time
        switch = services.peers.first(CameraSwitch)
        return switch is None or switch.camera_enabled()

    return AskSkill(config, client, blurrer=FaceBlurrer(), camera_enabled=camera_enabled, translator=translator)


def describe(intent: Intent, heard: str) -> str | None:
    if intent.name == "look_and_ask":
        return "look and ask your home server"
    return None


def doctor(config) -> list:
    return engine_rows(config.ask)


def bench(config, quick: bool) -> dict:
    return first_audio(config, runs=3 if quick else 10)


SKILL = SkillSpec(
    name="ask",
    build=build,
    intents=(HERE / "intents.yaml",),
    side_effects=frozenset({"look_and_ask"}),   # it turns the camera on
    describe=describe,
    config=AskConfig,
    config_doc="open questions answered by your own OpenAI-compatible engine (off unless url is set)",
    examples=AskSkill.examples,
    cards=CARDS,
    doctor=doctor,
    bench=bench,
    order=90,   # last: it answers what nobody else did
)

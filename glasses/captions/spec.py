"""Captions' declaration (the glasses.skills entry point): its intents, config and card."""

from __future__ import annotations

from pathlib import Path

from glasses.captions.bench import bench
from glasses.captions.build import build_captions
from glasses.captions.cards import CARDS
from glasses.captions.config import CaptionsConfig
from glasses.captions.skill import CaptionsSkill
from glasses.skills.base import Translates
from glasses.skills.contract import Services, SkillSpec
from glasses.vad import LazyVad

HERE = Path(__file__).resolve().parent


def build(services: Services) -> CaptionsSkill:
    """The captions skill; in a replay every segment decodes at once (deterministic) and saved
    conversations go to the replay's scratch folder. When the voice loop already runs the
    multilingual Whisper base, captions use that loaded model instead of a second copy. With
    translate_with: engine, the Translates peer (the ask skill) is the second step of translation."""
    config: CaptionsConfig = services.section("captions")
    skill = build_captions(config, save_dir=services.data_dir / "conversations" if services.replay else None,
                           replay=services.replay, vad=LazyVad(services.vad) if services.vad else None,
                           vad_threshold=services.config.listen.vad_threshold,
                           translator=lambda: services.peers.first(Translates))
    runner = services.speech_model
    if config.model is None and runner is not None and getattr(runner, "multilingual", False):
        skill.worker.slot.share(runner)
    return skill


SKILL = SkillSpec(
    name="captions",
    build=build,
    intents=(HERE / "intents.yaml",),
    samples=HERE / "samples.yaml",
    config=CaptionsConfig,
    config_doc="live captions and translation into English",
    examples=CaptionsSkill.examples,
    cards=CARDS,
    bench=bench,
    order=40,
)

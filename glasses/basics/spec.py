"""The basics skill's declaration (the glasses.skills entry point)."""

from __future__ import annotations

from pathlib import Path

from glasses.basics.cards import DateCard, HelpCard, TimeCard
from glasses.basics.skill import BasicsSkill
from glasses.skills.contract import Services, SkillSpec

HERE = Path(__file__).resolve().parent


def build(services: Services) -> BasicsSkill:
    return BasicsSkill(services.examples)


SKILL = SkillSpec(
    name="basics",
    build=build,
    intents=(HERE / "intents.yaml",),
    phrasings=(HERE / "phrasings.yaml",),
    examples=("what time is it", "what's the date"),
    cards=(TimeCard, DateCard, HelpCard),
    order=0,
)

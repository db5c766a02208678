"""A separately installed skill, as a third party would write one: it flips a coin.

Everything it needs is in this package and one entry-point line (glasses_coin-0.1.dist-info/
entry_points.txt here; in a real package, pyproject.toml's [project.entry-points."glasses.skills"]).
The test suite puts this folder on PYTHONPATH and checks that the coin is heard, answered, shown
on the HUD, listed by doctor and benchmarked, with no edit anywhere in the glasses package.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from glasses.cards import Card, Color
from glasses.configfile import doc
from glasses.doctor_row import Row
from glasses.skills.base import Context, Reply
from glasses.skills.contract import Services, SkillSpec

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class CoinConfig:
    sides: tuple[str, ...] = field(default=("heads", "tails"), metadata=doc("what the coin can show"))
    seed: int = field(default=0, metadata=doc("changes which side each moment gives"))


@dataclass(frozen=True, slots=True)
class CoinCard(Card):
    kind: ClassVar[str] = "coin"
    accent: ClassVar[Color] = (0, 215, 255)
    side: str | None = None


class CoinSkill:
    intents = ("flip_coin",)

    def __init__(self, config: CoinConfig) -> None:
        self.config = config

    def handle(self, intent, ctx: Context) -> Reply:
        # the session clock seeds the flip, so a replay gives the same side every time
        side = random.Random(self.config.seed * 1_000_003 + ctx.t_ms).choice(self.config.sides)
        return Reply(f"It's {side}.", CoinCard(title="Coin flip", lines=(side.capitalize(),), side=side))


def build(services: Services) -> CoinSkill:
    return CoinSkill(services.section("coin"))


def doctor(config) -> list[Row]:
    return [Row("coin", True, f"{len(config.coin.sides)} sides")]


def bench(config, quick: bool) -> dict:
    skill = CoinSkill(config.coin)
    n = 100 if quick else 10_000
    start = time.perf_counter()
    sides = [skill.handle(None, Context(now=None, t_ms=i)).card.side for i in range(n)]  # type: ignore[arg-type]
    return {"flips": n, "us_per_flip": round((time.perf_counter() - start) / n * 1e6, 2),
            "heads_share": round(sides.count("heads") / n, 3)}


SKILL = SkillSpec(
    name="coin", build=build, intents=(HERE / "intents.yaml",), config=CoinConfig, config_doc="the coin",
    examples=("flip a coin",), cards=(CoinCard,), doctor=doctor, bench=bench, order=60,
)

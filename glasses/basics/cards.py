"""The basics skill's cards: the time, the date, what you can ask."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from glasses.cards import Card, Color


@dataclass(frozen=True, slots=True)
class TimeCard(Card):
    kind: ClassVar[str] = "time"


@dataclass(frozen=True, slots=True)
class DateCard(Card):
    kind: ClassVar[str] = "date"


@dataclass(frozen=True, slots=True)
class HelpCard(Card):
    kind: ClassVar[str] = "help"
    accent: ClassVar[Color] = (200, 200, 200)

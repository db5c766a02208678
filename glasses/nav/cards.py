"""Navigation's cards (glasses.cards): a walk started, and the next meeting's place and time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from glasses.cards import Card, Color


@dataclass(frozen=True, slots=True)
class NavCard(Card):
    kind: ClassVar[str] = "nav"


@dataclass(frozen=True, slots=True)
class EventCard(Card):
    """A calendar event with where and when to go."""

    kind: ClassVar[str] = "event"
    accent: ClassVar[Color] = (200, 130, 255)


CARDS = (NavCard, EventCard)

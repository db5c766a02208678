"""Memory's card: a note kept, found or forgotten."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from glasses.cards import Card, Color

MEMORY_ACCENT: Color = (200, 160, 90)


@dataclass(frozen=True, slots=True)
class MemoryCard(Card):
    """noted: when the note was made (ISO 8601, with its zone); place: where, when known."""

    kind: ClassVar[str] = "memory"
    accent: ClassVar[Color] = MEMORY_ACCENT
    noted: str | None = None
    place: str | None = None


CARDS = (MemoryCard,)

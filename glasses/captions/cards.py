"""The captions mode's card (glasses.cards): the last lines under "Captions" or "French → English"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from glasses.cards import Card


@dataclass(frozen=True, slots=True)
class CaptionsCard(Card):
    kind: ClassVar[str] = "captions"


CARDS = (CaptionsCard,)

"""The ask skill's card: the answer as it streams, titled with the host that gave it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from glasses.cards import Card, Color


@dataclass(frozen=True, slots=True)
class AnswerCard(Card):
    """An answer from the wearer's engine (``host``); ``image``: a picture was sent with it."""

    kind: ClassVar[str] = "answer"
    accent: ClassVar[Color] = (60, 180, 255)   # BGR amber, as the egress badge
    host: str | None = None
    image: bool | None = None


CARDS = (AnswerCard,)

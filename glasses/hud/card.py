"""An answer card, normalized from a skill's Reply.card mapping.

Skills hand over ``{"kind": ..., "title": str, "lines": [str], "ends_at_ms"?, "price"?,
"rating"?, "reviews"?, "timers"?: [{"title", "ends_at_ms"}]}``; a timer card's ``timers`` are
drawn as "title m:ss" lines counted down at the moment of drawing, like its big countdown, so
the card's text and its countdown never disagree; anything missing or oddly typed is tolerated here so a
sloppy card still draws instead of crashing the display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

KINDS = ("timer", "weather", "event", "product", "text")


@dataclass(frozen=True, slots=True)
class Card:
    kind: str
    title: str
    lines: tuple[str, ...] = ()
    ends_at_ms: int | None = None  # session-clock ms when a timer rings
    price: str | None = None       # shown as given, e.g. "EUR 2.49"
    rating: float | None = None    # 0..5 stars
    reviews: int | None = None     # how many ratings the stars summarize
    timer_id: str | None = None    # which timer a timer card is about (from the timers skill)
    cancelled: bool = False        # a timer card saying this timer is gone
    countdowns: tuple[tuple[str, int], ...] = ()  # (title, session-clock ms it rings): a live line each

    @classmethod
    def from_mapping(cls, card: Mapping[str, Any]) -> Card:
        lines = card.get("lines") or ()
        if isinstance(lines, str):
            lines = (lines,)
        ends = card.get("ends_at_ms")
        price = card.get("price")
        if isinstance(price, float):
            price = f"{price:.2f}"
        rating = card.get("rating")
        reviews = card.get("reviews", card.get("rating_count"))
        return cls(
            kind=str(card.get("kind") or "text"),
            title=str(card.get("title") or ""),
            lines=tuple(str(line) for line in lines if str(line).strip()),
            ends_at_ms=int(ends) if isinstance(ends, (int, float)) and not isinstance(ends, bool) else None,
            price=str(price) if price not in (None, "") else None,
            rating=max(0.0, min(5.0, float(rating))) if isinstance(rating, (int, float))
            and not isinstance(rating, bool) else None,
            reviews=int(reviews) if isinstance(reviews, int) and not isinstance(reviews, bool) else None,
            timer_id=str(card["timer_id"]) if card.get("timer_id") not in (None, "") else None,
            cancelled=bool(card.get("cancelled") or card.get("done")),
            countdowns=_countdowns(card.get("timers")),
        )

    @classmethod
    def from_text(cls, text: str) -> Card:
        """A plain card for a spoken answer that came without one."""
        return cls(kind="text", title="", lines=(text,) if text.strip() else ())

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "title": self.title, "lines": list(self.lines)}
        for key in ("ends_at_ms", "price", "rating", "reviews", "timer_id"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.cancelled:
            out["cancelled"] = True
        if self.countdowns:
            out["timers"] = [{"title": title, "ends_at_ms": ends} for title, ends in self.countdowns]
        return out


def _countdowns(timers: Any) -> tuple[tuple[str, int], ...]:
    """A card's ``timers`` entries that have a whole-number end; anything else is skipped."""
    if not isinstance(timers, (list, tuple)):
        return ()
    return tuple((str(t.get("title") or ""), int(t["ends_at_ms"])) for t in timers
                 if isinstance(t, Mapping) and isinstance(t.get("ends_at_ms"), (int, float))
                 and not isinstance(t.get("ends_at_ms"), bool))

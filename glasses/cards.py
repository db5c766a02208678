"""Typed cards: what a skill shows on a display with its answer, and how displays draw any card.

A skill answers with a frozen dataclass per kind of card (``TimerCard``, ``WeatherCard``, ...), a
subclass of ``Card`` defined in the skill's own package with its ``kind`` (the name in the event
stream) and its ``accent`` colour. Displays (the HUD, the emulator) never look at the kind: they
draw ``card.view()``, a ``CardView`` with the generic parts every card may have (title, lines, a
countdown, a price, stars). ``card.to_json()`` is the card in the ``--json`` stream: its kind and
every field that is set (``None`` fields are left out).

The walking-directions band (an arrow, a distance, the next turn) is a ``Band``: a navigation
event offers one through ``band()`` and the HUD draws it under the status bar.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar, Protocol, runtime_checkable

Color = tuple[int, int, int]  # BGR
DEFAULT_ACCENT: Color = (200, 200, 200)


@dataclass(frozen=True, slots=True)
class CardView:
    """What a display draws for a card: its accent, title, lines and the optional parts."""

    kind: str
    title: str
    lines: tuple[str, ...] = ()
    accent: Color = DEFAULT_ACCENT
    ends_at_ms: int | None = None  # session-clock ms when a timer rings: a countdown is drawn
    price: str | None = None       # shown as given, e.g. "EUR 2.49"
    rating: float | None = None    # 0..5 stars
    reviews: int | None = None     # how many ratings the stars summarize
    timer_id: str | None = None    # which timer a timer card is about
    cancelled: bool = False        # a timer card saying this timer is gone
    countdowns: tuple[tuple[str, int], ...] = ()  # (title, session-clock ms it rings): a live "title m:ss" line each

    def with_text(self, text: str) -> CardView:
        """This view, or one showing ``text`` when the card itself has nothing to show."""
        if self.title or self.lines or self.countdowns or self.ends_at_ms is not None or self.cancelled \
                or not text.strip():
            return self
        return CardView(self.kind, self.title, (text,), self.accent)

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
                 if isinstance(t, dict) and isinstance(t.get("ends_at_ms"), (int, float))
                 and not isinstance(t.get("ends_at_ms"), bool))


@dataclass(frozen=True, slots=True)
class Card:
    """The base of every card: a title and lines. Subclasses set ``kind`` and ``accent`` and add
    their own fields; ``None`` means "not set" (left out of the JSON)."""

    kind: ClassVar[str] = "text"
    accent: ClassVar[Color] = DEFAULT_ACCENT

    title: str | None = None
    lines: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.lines is not None and not isinstance(self.lines, tuple):  # a list reads as its lines
            object.__setattr__(self, "lines", (self.lines,) if isinstance(self.lines, str) else tuple(self.lines))

    def view(self) -> CardView:
        """The generic parts a display draws. Subclasses with a countdown, a price or stars
        override this (or just name their fields ends_at_ms, price, rating, reviews)."""
        price = getattr(self, "price", None)
        rating = getattr(self, "rating", None)
        reviews = getattr(self, "reviews", None)
        ends = getattr(self, "ends_at_ms", None)
        timer_id = getattr(self, "timer_id", None)
        return CardView(
            kind=self.kind, title=self.title or "", lines=tuple(l for l in (self.lines or ()) if str(l).strip()),
            accent=self.accent, ends_at_ms=int(ends) if isinstance(ends, int) and not isinstance(ends, bool) else None,
            price=f"{price:.2f}" if isinstance(price, float) else (str(price) if price not in (None, "") else None),
            rating=max(0.0, min(5.0, float(rating))) if isinstance(rating, (int, float)) and not isinstance(rating, bool) else None,
            reviews=reviews if isinstance(reviews, int) and not isinstance(reviews, bool) else None,
            timer_id=str(timer_id) if timer_id not in (None, "") else None,
            cancelled=bool(getattr(self, "cancelled", False)), countdowns=_countdowns(getattr(self, "timers", None)))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True, slots=True)
class TextCard(Card):
    """A plain card: what was said, or text read aloud."""

    kind: ClassVar[str] = "text"


@dataclass(frozen=True, slots=True)
class ErrorCard(Card):
    """Something could not be done (no picture from the camera)."""

    kind: ClassVar[str] = "error"
    accent: ClassVar[Color] = (60, 60, 235)


def text_view(text: str) -> CardView:
    """The plain card for a spoken answer that came without one."""
    return CardView("text", "", (text,) if text.strip() else ())


@dataclass(frozen=True, slots=True)
class Band:
    """The walking-directions band: where to walk relative to where the wearer faces.

    arrow_deg: -180..180 (positive is right), None when the heading is unknown (then the band
    points by ``bearing_deg``, from true north); distance: as spoken ("40 m"); credit: the map
    data's attribution, drawn small.
    """

    arrow_deg: int | None
    bearing_deg: int
    distance: str
    instruction: str
    street: str
    destination: str
    off_route: bool = False
    credit: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"arrow_deg": self.arrow_deg, "bearing_deg": self.bearing_deg, "distance": self.distance,
                "instruction": self.instruction, "street": self.street, "destination": self.destination,
                "off_route": self.off_route}


@runtime_checkable
class ShowsBand(Protocol):
    """An event that sets the directions band (``band()``: a Band, or None to clear it)."""

    def band(self) -> Band | None: ...


@runtime_checkable
class ShowsBadge(Protocol):
    """An event that sets the status bar's egress badge while something leaves the device
    (``badge()``: the host a request is going to, or "" once it is over). The badge also clears
    on the next wake and when the assistant goes idle."""

    def badge(self) -> str: ...

"""HudUpdate: what the display shows, as an event in the ``--json`` stream ("type": "hud")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class HudUpdate:
    """The visible HUD content changed at ``t_ms`` (session clock).

    mode: idle, listening, thinking, looking or speaking; camera: the privacy indicator;
    heard: the last thing heard (heard_final False while it is a partial result);
    card: the answer card as a JSON object or None; timers: running timers as
    ``{"title", "ends_at_ms"}`` (the countdown itself is drawn from ``ends_at_ms``, so a
    ticking timer does not produce an update every second); error: a message or "".
    """

    json_type: ClassVar[str] = "hud"

    t_ms: int
    mode: str
    camera: bool
    heard: str = ""
    heard_final: bool = True
    card: dict[str, Any] | None = None
    timers: tuple[dict[str, Any], ...] = field(default=())
    error: str = ""
    nav: dict[str, Any] | None = None  # walking directions (glasses.cards.Band), None when not navigating
    badge: str = ""  # the host a request to the wearer's engine is in flight to, "" when none


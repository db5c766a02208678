"""Wiring for the composition root: the navigation skill from the config and the calendar,
and the morning briefing with a "when to leave" line. Called from glasses/app.py."""

from __future__ import annotations

from typing import Any, Callable

from glasses.config import Config
from glasses.nav.skill import NavSkill
from glasses.skills.base import Context, Reply


def build_nav_skill(config: Config, events_between: Callable | None = None) -> NavSkill:
    from glasses.nav.maps import open_map

    nav = config.nav

    def load():
        return open_map(nav.map, nav.maps_dir, nav.places, speed_kmh=nav.walk_speed_kmh)

    return NavSkill(nav, load, events_between)


def calendar_of(day: Any) -> Callable:
    """The day assistant's calendar as ``events_between(start, end)``."""
    return lambda start, end: day.calendars.agenda().between(start, end)


def briefing_with_leave_note(briefing: Callable[[Context], Reply | None] | None, nav: NavSkill
                             ) -> Callable[[Context], Reply | None] | None:
    """The first-wake briefing, plus when to leave for the first meeting with a place on the map."""
    if briefing is None:
        return None

    def on_first_wake(ctx: Context) -> Reply | None:
        reply = briefing(ctx)
        if reply is None:
            return None
        try:
            note = nav.leave_note(ctx.now)
        except Exception:  # the briefing must never fail because of the map
            note = ""
        return Reply(f"{reply.text} {note}", reply.card, reply.events) if note else reply

    return on_first_wake

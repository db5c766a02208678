"""The next meeting and when to leave for it (pure: handed the events and the walk).

``events_between(start, end)`` is any callable that returns calendar events with
``title``, ``start``, ``all_day`` and ``location`` (the day assistant's agenda is passed
in by the wiring; nothing here imports its internals).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from glasses.nav.speech import spoken_minutes
from glasses.skills.spoken import clock
from glasses.skills.base import Meaning

EventsBetween = Callable[[datetime, datetime], list[Any]]
HORIZON = timedelta(days=2)
GRACE = timedelta(minutes=10)  # a meeting that began this recently still counts as "next"


@dataclass(frozen=True, slots=True)
class Meeting:
    title: str
    start: datetime
    location: str


def next_meeting(events_between: EventsBetween | None, now: datetime, with_location: bool = False
                 ) -> Meeting | None:
    if events_between is None:
        return None
    for ev in sorted(events_between(now - GRACE, now + HORIZON), key=lambda e: e.start):
        if getattr(ev, "all_day", False) or ev.start < now - GRACE:
            continue
        if with_location and not str(getattr(ev, "location", "")).strip():
            continue
        return Meeting(str(ev.title), ev.start, str(getattr(ev, "location", "") or "").strip())
    return None


def clock_words(t: datetime) -> str:
    return clock(t)


def leave_phrase(meeting: Meeting, walk_s: float, now: datetime, margin_min: float) -> tuple[str, datetime]:
    """What to say about leaving, and the time to leave by (``leave_meaning`` says it as data)."""
    leave_at = meeting.start - timedelta(seconds=walk_s) - timedelta(minutes=margin_min)
    leave_at = leave_at.replace(second=0, microsecond=0)
    walk = spoken_minutes(walk_s)
    starts = f"{meeting.title} starts at {clock_words(meeting.start)}"
    if meeting.start <= now:
        return f"{meeting.title} has already started; it's a {walk} walk.", leave_at
    left = (leave_at - now).total_seconds()
    if left <= 0:
        late = (meeting.start - now).total_seconds() - walk_s
        if late < 0:
            return (f"Leave now: {starts} and it's a {walk} walk, so you'll be about "
                    f"{spoken_minutes(-late)} late."), leave_at
        return f"Leave now: {starts} and it's a {walk} walk.", leave_at
    if left < 90:
        return f"Leave in about a minute: {starts} and it's a {walk} walk.", leave_at
    return (f"Leave by {clock_words(leave_at)}, in {spoken_minutes(left)}: {starts} and it's a {walk} walk."), leave_at


def leave_meaning(meeting: Meeting, walk_s: float, now: datetime, margin_min: float) -> Meaning:
    """``leave_phrase`` as data for the language layer (glasses/replies.py)."""
    leave_at = (meeting.start - timedelta(seconds=walk_s) - timedelta(minutes=margin_min)).replace(second=0,
                                                                                                  microsecond=0)
    walk = max(1, round(walk_s / 60)) * 60
    said = {"title": meeting.title, "start_at": meeting.start, "walk_s": walk}
    if meeting.start <= now:
        return Meaning("when_to_leave.started", said)
    left = (leave_at - now).total_seconds()
    if left <= 0:
        late = (meeting.start - now).total_seconds() - walk_s
        if late < 0:
            return Meaning("when_to_leave.now_late", {**said, "late_s": max(1, round(-late / 60)) * 60})
        return Meaning("when_to_leave.now", said)
    if left < 90:
        return Meaning("when_to_leave.in_a_minute", said)
    return Meaning("when_to_leave.by", {**said, "leave_by": leave_at, "in_s": max(1, round(left / 60)) * 60})

"""What a skill is: the code that answers one family of intents.

A skill is handed an Intent and a Context (the session-clock time as an aware datetime,
never read from a wall clock inside the skill) and returns a Reply. Skills that see
(products, reading text) also implement the Look protocol: the assistant opens the
camera, hands frames to ``see`` until it returns a sighting or about 1.5 s pass, then
calls ``answer``. Skills that speak up on their own (timers, reminders) implement
``due``; skills that make noise until stopped implement ``stop``; skills that follow the
wearer's position (navigation) implement ``locate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Mapping, Protocol, runtime_checkable

import numpy as np

from glasses.events import Intent


@dataclass(frozen=True, slots=True)
class Reply:
    """What to say, and optionally a card for a display (keys: kind, title, lines, ...).

    events: extra output events that go out with it (e.g. a NavUpdate that clears the arrow)."""

    text: str
    card: Mapping[str, Any] | None = None
    events: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class Context:
    """The moment a skill answers in. now: aware datetime on the session clock."""

    now: datetime
    t_ms: int
    last_reply: str | None = None
    extras: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class Skill(Protocol):
    intents: tuple[str, ...]

    def handle(self, intent: Intent, ctx: Context) -> Reply: ...


@runtime_checkable
class Proactive(Protocol):
    """A skill that speaks without being asked: due timers, reminders."""

    def due(self, ctx: Context) -> Iterable[Reply]: ...


@runtime_checkable
class Stoppable(Protocol):
    """A skill with something to silence on "stop" (a ringing timer)."""

    def stop(self, ctx: Context) -> bool: ...


@runtime_checkable
class Located(Protocol):
    """A skill that follows the wearer's position (navigation): handed every Location fix,
    it returns Replies to speak (turn instructions) and output events (a NavUpdate)."""

    def locate(self, fix: Any, ctx: Context) -> Iterable[Any]: ...


@runtime_checkable
class Look(Protocol):
    """A skill that needs the camera for some intents."""

    def needs_camera(self, intent: Intent) -> bool: ...

    def see(self, bgr: np.ndarray) -> Any | None:
        """Analyse one frame (blocking inference); a confident sighting, or None."""

    def answer(self, intent: Intent, sighting: Any | None, frames_seen: int, ctx: Context) -> Reply:
        """The reply once a sighting was made or the look timed out (sighting None)."""


@runtime_checkable
class Listener(Protocol):
    """A skill that hears the microphone between commands (live captions). ``muted`` is True
    while the assistant listens to the wearer or speaks itself: nothing then may be heard."""

    def hear(self, chunk: Any, ctx: Context, muted: bool) -> list:
        """Output events for one microphone chunk; a Reply among them is spoken."""

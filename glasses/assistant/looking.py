"""The assistant's eyes: one look at a time. The camera is on for a Look skill; each frame is read
on a worker (OCR takes 0.35-0.6 s), one at a time (frames that arrive meanwhile are skipped),
until a sighting or ``look_ms`` without one. This part owns the look's state; the assistant asks
it what to do and lets the skill answer (glasses/assistant/machine.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from glasses.assistant.workers import WorkDone
from glasses.events import Frame, Intent


@dataclass(frozen=True, slots=True)
class Sight:
    """A look that has ended: who answers, what it was asked, what was seen and in how many frames."""

    intent: Intent
    skill: Any
    sighting: Any
    frames: int


class Looking:
    def __init__(self, workers: Any, look_ms: int) -> None:
        self.workers = workers
        self.look_ms = look_ms
        self._intent: Intent | None = None
        self._skill: Any = None
        self._started = 0
        self._frames = 0
        self._seeing: int | None = None   # the ticket of the frame being read
        self.reason = "look"              # what the Camera events of this look say (a photo: "photo")

    @property
    def active(self) -> bool:
        return self._intent is not None

    @property
    def skill(self) -> Any:
        return self._skill

    def start(self, intent: Intent, skill: Any, t_ms: int, reason: str = "look") -> None:
        self._intent, self._skill, self._started, self._frames, self._seeing = intent, skill, t_ms, 0, None
        self.reason = reason

    def frame(self, frame: Frame) -> bool:
        """Hand a frame to the skill on a worker, unless one is being read; True when it was."""
        if not self.active or self._seeing is not None:
            return False
        self._frames += 1
        self._seeing = self.workers.submit("see", frame.t_ms, self._skill.see, frame.bgr)
        return True

    def seen(self, done: WorkDone) -> bool:
        """A frame was read: True when it is this look's (else the look ended meanwhile)."""
        if done.ticket != self._seeing or not self.active:
            return False
        self._seeing = None
        return True

    def timed_out(self, t_ms: int) -> bool:
        return self.active and t_ms - self._started >= self.look_ms

    def end(self, sighting: Any) -> Sight:
        """End the look (the camera goes off); what the skill answers from."""
        assert self._intent is not None
        sight = Sight(self._intent, self._skill, sighting, self._frames)
        self.abandon()
        return sight

    def abandon(self) -> None:
        self._intent, self._skill, self._seeing = None, None, None

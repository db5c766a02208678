"""The assistant looking: the camera is on for a Look skill; each frame is read on a worker
(OCR takes 0.35-0.6 s), one at a time (frames that arrive meanwhile are skipped), until a
sighting or ``look_ms`` without one; then the skill answers. A part of glasses.assistant.Assistant
(its state: ``_look`` (intent, skill, started, frames seen) and ``_seeing``, the frame's ticket)."""

from __future__ import annotations

from typing import Any

from glasses.events import AssistantState, Camera, Frame
from glasses.runtime.guard import Failure, reraise
from glasses.runtime.phrases import SKILL_FAILED
from glasses.runtime.workers import WorkDone
from glasses.skills.base import Reply


class Looking:
    def _frame(self, frame: Frame, out: list) -> None:
        """A frame while looking is read on a worker (OCR takes 0.35-0.6 s); one at a time."""
        if self.mode is not AssistantState.LOOKING or self._look is None or self._seeing is not None:
            return
        intent, skill, started, seen = self._look
        self._look = (intent, skill, started, seen + 1)
        self._seeing = self.p.workers.submit("see", frame.t_ms, skill.see, frame.bgr)
        self._land(self.p.workers.due(frame.t_ms), out)

    def _seen(self, done: WorkDone, out: list) -> None:
        if done.ticket != self._seeing or self._look is None:
            return  # the look ended (timeout, barge-in) while the frame was read
        self._seeing = None
        skill = self._look[1]
        if done.error is not None:
            self.guard.call(f"{type(skill).__name__}.see", "vision_failed", done.t_ms, out, reraise, done.error)
        if done.error is None and done.value is not None:
            self._finish_look(done.t_ms, done.value, out)
        else:
            self._check_look_timeout(done.t_ms, out)

    def _check_look_timeout(self, t_ms: int, out: list) -> None:
        if self._look is not None and t_ms - self._look[2] >= self.p.look_ms:
            self._finish_look(t_ms, None, out)

    def _finish_look(self, t_ms: int, sighting: Any, out: list) -> None:
        assert self._look is not None
        intent, skill, _, seen = self._look
        self._look = None
        self._seeing = None
        self.mode = AssistantState.IDLE
        out.append(Camera(t_ms, False, "look"))
        reply = self.guard.call(f"{type(skill).__name__}.answer", "skill_failed", t_ms, out,
                                skill.answer, intent, sighting, seen, self._context(t_ms))
        self._answer(Reply(SKILL_FAILED) if isinstance(reply, Failure) else reply, t_ms, out)

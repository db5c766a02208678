"""The assistant speaking up unasked: captions heard between commands, due timers and
reminders (cut into the answer being spoken at its next pause), navigation on a position fix,
the first wake's briefing, and "stop" for skills that ring. A part of
glasses.assistant.Assistant; each skill call goes through the guard."""

from __future__ import annotations

from glasses.events import AssistantState, AudioChunk, Location
from glasses.runtime.guard import Failure
from glasses.runtime.phrases import BRIEFING_FAILED, PROACTIVE_FAILED
from glasses.runtime.sentences import end_of_sentence_at
from glasses.skills.base import Located, Proactive, Reply, Stoppable


class Unasked:
    def _hear(self, chunk: AudioChunk, out: list) -> None:
        """Skills that hear between commands (captions); muted while the wearer talks to us
        or we speak, so neither the command nor our own voice is ever captioned. While only we
        speak, ``speaking`` says what: captions keep other people's speech that overlaps it."""
        muted = self.mode is not AssistantState.IDLE or self.speaking is not None
        speaking = self.speaking.text if self.speaking is not None and self.mode is AssistantState.IDLE else ""
        ctx = self._context(chunk.t_ms)
        for skill in self._listeners:
            items = self.guard.call(f"{type(skill).__name__}.hear", "skill_failed", chunk.t_ms, out,
                                    lambda: list(skill.hear(chunk, ctx, muted, speaking)))  # noqa: B023
            for item in [] if isinstance(items, Failure) else items:
                if not isinstance(item, Reply):
                    out.append(item)
                elif muted:
                    self._queued.append(item)
                else:
                    self._say(item.text, out[-1].t_ms if out else chunk.t_ms, out, card=item.card, remember=False)

    def _proactive(self, t_ms: int, out: list) -> None:
        ctx = None
        for skill in self.p.router.skills:
            if isinstance(skill, Proactive):
                ctx = ctx or self._context(t_ms)
                due = self.guard.call(f"{type(skill).__name__}.due", "proactive_failed", t_ms, out,
                                      lambda: list(skill.due(ctx)))
                if isinstance(due, Failure):
                    if due.reported:
                        self._say(PROACTIVE_FAILED, t_ms, out)
                        return
                    continue
                for reply in due:
                    if self.speaking is None:
                        self._answer(reply, t_ms, out)
                    else:  # said at the end of the sentence being spoken (_alarm_at_sentence_end)
                        self._queued.insert(0, reply)
                        played = t_ms - self.speaking.t_ms
                        self._cut_at = self.speaking.t_ms + end_of_sentence_at(
                            self.speaking.text, self.speaking.duration_ms, played)
                    return

    def _alarm_at_sentence_end(self, t_ms: int, out: list) -> None:
        """A due alarm that arrived while speaking cuts the answer at the end of its phrase."""
        if self._cut_at is None:
            return
        if self.speaking is None:
            self._cut_at = None
        elif t_ms >= self._cut_at:
            cut, self._cut_at = self._cut_at, None
            self._interrupt(cut, "alarm", out)
            self._answer(self._queued.pop(0), cut, out)

    def _located(self, fix: Location, out: list) -> None:
        """A position fix: navigation speaks now if nothing else is going on, else after it."""
        ctx = self._context(fix.t_ms)
        for skill in self.p.router.skills:
            if not isinstance(skill, Located):
                continue
            items = self.guard.call(f"{type(skill).__name__}.locate", "skill_failed", fix.t_ms, out,
                                    lambda: list(skill.locate(fix, ctx)))  # noqa: B023 - called at once
            if isinstance(items, Failure):
                continue
            for item in items:
                if not isinstance(item, Reply):
                    out.append(item)
                elif self.mode is AssistantState.IDLE and self.speaking is None:
                    self._answer(item, fix.t_ms, out)
                else:
                    self._queued.append(item)

    def _stop_skills(self, t_ms: int, out: list) -> None:
        ctx = self._context(t_ms)
        for skill in self.p.router.skills:
            if isinstance(skill, Stoppable):
                self.guard.call(f"{type(skill).__name__}.stop", "skill_failed", t_ms, out, skill.stop, ctx)

    def _first_wake(self, t_ms: int, out: list) -> None:
        if self.p.on_first_wake is None:
            return
        ctx = self._context(t_ms)
        day = ctx.now.date()
        if self._first_wake_day == day:
            return
        self._first_wake_day = day
        reply = self.guard.call("briefing on first wake", "briefing_failed", t_ms, out, self.p.on_first_wake, ctx)
        if isinstance(reply, Failure):
            reply = Reply(BRIEFING_FAILED)
        if reply is not None:  # after the answer to whatever the wearer woke us for
            self._queued.append(reply)

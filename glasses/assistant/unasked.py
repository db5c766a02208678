"""What the assistant says unasked, and when: replies queued for after the current answer (the
first wake's briefing, captions and navigation heard while busy), a due alarm that cuts the answer
being spoken at the end of its phrase, and the once-a-day first wake. This part owns that state;
the assistant decides what is said now (glasses/assistant/machine.py)."""

from __future__ import annotations

from datetime import date

from glasses.assistant.sentences import end_of_sentence_at
from glasses.events import Say
from glasses.skills.base import Reply


class Unasked:
    def __init__(self) -> None:
        self.queued: list[Reply] = []       # said once the current answer ends, in order
        self.cut_at: int | None = None      # session ms where speech stops for a due alarm
        self._first_wake_day: date | None = None

    def queue(self, reply: Reply) -> None:
        self.queued.append(reply)

    def next(self) -> Reply | None:
        return self.queued.pop(0) if self.queued else None

    def clear(self) -> None:
        self.queued.clear()

    def superseded_by(self, reply: Reply) -> None:
        """A reply about a topic is being said: drop the queued ones about the same topic (the
        first wake's briefing when the wearer asked for the briefing)."""
        if reply.topic:
            self.queued = [q for q in self.queued if q.topic != reply.topic]

    def alarm_during(self, reply: Reply, speaking: Say, t_ms: int) -> None:
        """A due alarm while ``speaking``: it is said first, at the end of the phrase being spoken."""
        self.queued.insert(0, reply)
        self.cut_at = speaking.t_ms + end_of_sentence_at(speaking.text, speaking.duration_ms, t_ms - speaking.t_ms)

    def cut_due(self, t_ms: int) -> int | None:
        """Where to cut the answer for the alarm, once that moment has come (then forgotten)."""
        if self.cut_at is None or t_ms < self.cut_at:
            return None
        cut, self.cut_at = self.cut_at, None
        return cut

    def first_wake_today(self, day: date) -> bool:
        """True once a day: the first wake of ``day``."""
        if self._first_wake_day == day:
            return False
        self._first_wake_day = day
        return True

"""What is sent with a question: the short system prompt, the last few turns when the question
is a follow-up, the frame (look and ask), and the wearer's time and place only when
``ask.send_context`` is on. Pure: times are handed in (seconds on any monotonic clock).

Follow-ups: a question asked within ``follow_up_s`` of the last answer continues the
conversation and carries the last ``turns`` questions and answers; a longer pause starts afresh.
"Forget that" (``forget()``) clears them. Earlier frames are never sent again: a past turn keeps
only its words.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

SYSTEM_PROMPT = (
    "You are the voice of a pair of smart glasses; your answer is read aloud to the wearer. "
    "Answer in plain spoken English, in one to three short sentences. "
    "No markdown, no lists, no headings, no links, no emoji, no code. "
    "Write numbers and units the way they are said. "
    "If you do not know, or the picture does not show it, say so in one sentence."
)
LOOK_HINT = "The picture is what the wearer is looking at right now."

MAX_QUESTION_CHARS = 4000     # the same bound as a typed command (glasses.limits.MAX_TYPED_CHARS)
MAX_REMEMBERED_CHARS = 2000   # one remembered answer (answers are capped anyway)


@dataclass(frozen=True, slots=True)
class Turn:
    question: str
    answer: str
    at_s: float       # when the answer finished


@dataclass(frozen=True, slots=True)
class WearerContext:
    """What may be said about the wearer, when send_context is on (each part optional)."""
    local_time: str | None = None      # e.g. "Wednesday 2 December 2026, 14:05"
    place: str | None = None           # e.g. "Helsinki"

    def sentence(self) -> str:
        parts = []
        if self.local_time:
            parts.append(f"It is {self.local_time} where the wearer is")
        if self.place:
            parts.append(f"the wearer is in {self.place}")
        return ("; ".join(parts) + ".") if parts else ""


class Conversation:
    """The last ``turns`` questions and answers, forgotten after ``follow_up_s`` of quiet."""

    def __init__(self, turns: int = 3, follow_up_s: float = 120.0) -> None:
        self.turns = turns
        self.follow_up_s = follow_up_s
        self._turns: deque[Turn] = deque(maxlen=max(1, turns))

    def history(self, now_s: float) -> list[Turn]:
        """The turns a question asked at ``now_s`` follows up on (empty after a long pause)."""
        if not self._turns or self.turns == 0:
            return []
        if now_s - self._turns[-1].at_s > self.follow_up_s or now_s < self._turns[-1].at_s:
            return []
        return list(self._turns)

    def remember(self, question: str, answer: str, now_s: float) -> None:
        if self.turns == 0 or not answer.strip():
            return
        if self._turns and now_s - self._turns[-1].at_s > self.follow_up_s:
            self._turns.clear()
        self._turns.append(Turn(question[:MAX_QUESTION_CHARS], answer[:MAX_REMEMBERED_CHARS], now_s))

    def forget(self) -> None:
        self._turns.clear()

    def last_at_s(self, now_s: float) -> float | None:
        """When the last turn a follow-up would carry was added (None: nothing to follow up)."""
        turns = self.history(now_s)
        return turns[-1].at_s if turns else None

    def messages(self, question: str, now_s: float, *, image_url: str | None = None,
                 context: WearerContext | None = None, send_context: bool = False) -> list[dict]:
        return build_messages(question, self.history(now_s), image_url=image_url,
                              context=context if send_context else None)


def build_messages(question: str, history: list[Turn] = (), *, image_url: str | None = None,
                   context: WearerContext | None = None) -> list[dict]:
    """OpenAI chat messages: system, earlier turns, then the question (with the picture as an
    ``image_url`` part when there is one). ``context`` is added to the system prompt only if given."""
    system = SYSTEM_PROMPT
    if image_url:
        system += " " + LOOK_HINT
    if context is not None and context.sentence():
        system += " " + context.sentence()
    out: list[dict] = [{"role": "system", "content": system}]
    for turn in history:
        out.append({"role": "user", "content": turn.question})
        out.append({"role": "assistant", "content": turn.answer})
    text = question.strip()[:MAX_QUESTION_CHARS]
    if image_url:
        out.append({"role": "user", "content": [{"type": "text", "text": text},
                                                {"type": "image_url", "image_url": {"url": image_url}}]})
    else:
        out.append({"role": "user", "content": text})
    return out

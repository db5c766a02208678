"""Sentence-by-sentence speech: the first sentence is rendered and played at once, the rest
render on a worker while it plays, so a long answer (the briefing) starts speaking after one
sentence's render instead of the whole answer's.

The rule on the session clock (replay stays deterministic, see runtime/workers.py):

- the ``Say`` event and the first ``SpeechAudio`` are stamped when the answer starts; the
  first sentence is rendered on the loop (one espeak-ng call, ~30 ms);
- each later sentence is one ``"speech"`` worker job submitted at that moment; its audio
  plays at ``max(landing time, end of the audio before it)`` and is emitted as a further
  ``SpeechAudio`` stamped with that start (so the clips join into one track);
- parts are queued on the speaker in sentence order; a barge-in drops the parts not yet
  played (their results are ignored when they land);
- the answer ends when its last part has played; ``Say.duration_ms`` is the audio known
  when it started (the first sentence).

``sentence_by_sentence=False`` (the "before" of ``glasses bench``) renders the whole answer
in one call, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_sentences(text: str) -> list[str]:
    """The sentences of an answer, split after a full stop, question or exclamation mark
    followed by a space ("3.5 degrees" and "e.g." without a space stay whole)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p] or [text]


def pcm_ms(pcm: bytes, rate: int = 16000) -> int:
    return len(pcm) * 1000 // (2 * rate)


@dataclass
class Utterance:
    """The answer being spoken: where its audio ends, and its parts still rendering (tickets
    in sentence order, with those that landed early)."""

    end_ms: int
    waiting: list[int] = field(default_factory=list)
    landed: dict[int, bytes] = field(default_factory=dict)

    def land(self, ticket: int, pcm: bytes) -> list[bytes]:
        """Record a part; return the parts now playable in order (none past a gap)."""
        if ticket not in self.waiting:
            return []
        self.landed[ticket] = pcm
        ready = []
        while self.waiting and self.waiting[0] in self.landed:
            ready.append(self.landed.pop(self.waiting.pop(0)))
        return ready

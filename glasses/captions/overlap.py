"""When the glasses spoke, and whether a caption line overlaps it or merely echoes it.

Muting the captions for the glasses' own voice must not drop other people's speech that
overlaps it: the line is kept, decoded, and shown once the glasses stop, marked as
overlapped. What the glasses said themselves and the microphone picked up (a speaker next
to it) is told apart by its words: a line made mostly of the words being said is an echo.
Pure: handed session-clock times, never reads a clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KEEP_SPANS = 8          # the spans a caption line can still overlap (lines are at most a few seconds)
ECHO_SHARE = 0.7        # this share of a line's words in what was being said: our own voice
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True, slots=True)
class Span:
    start_ms: int
    end_ms: int
    text: str


class OwnSpeech:
    """The spans of session time in which the glasses spoke, with what they said."""

    def __init__(self) -> None:
        self.spans: list[Span] = []

    def heard(self, start_ms: int, end_ms: int, text: str) -> None:
        """One microphone chunk ``start_ms``..``end_ms`` heard while saying ``text``."""
        last = self.spans[-1] if self.spans else None
        if last is not None and last.text == text and start_ms <= last.end_ms:
            self.spans[-1] = Span(last.start_ms, max(last.end_ms, end_ms), text)
        else:
            self.spans = (self.spans + [Span(start_ms, end_ms, text)])[-KEEP_SPANS:]

    def overlapping(self, start_ms: int, end_ms: int) -> list[Span]:
        return [s for s in self.spans if s.start_ms < end_ms and start_ms < s.end_ms]

    def is_echo(self, line: str, start_ms: int, end_ms: int) -> bool:
        """Whether ``line`` is mostly the words the glasses were saying meanwhile."""
        words = _WORD.findall(line.lower())
        said = {w for s in self.overlapping(start_ms, end_ms) for w in _WORD.findall(s.text.lower())}
        return bool(words) and sum(w in said for w in words) >= ECHO_SHARE * len(words)

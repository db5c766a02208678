"""Where the phrases of an answer end in its rendered audio.

``sentence_ends(text, duration_ms)`` estimates where each phrase ends (at a pause the voice
makes: a full stop, question or exclamation mark, semicolon, colon or comma) in proportion
to its characters (a voice speaks at a roughly even rate), so a due alarm can wait for the
next pause instead of the end of the whole answer.
"""

from __future__ import annotations

import re

_PAUSE = re.compile(r"(?<=[.!?;:,])\s+")


def sentence_ends(text: str, duration_ms: int) -> list[int]:
    """Offsets (ms from the start of the speech) where each phrase ends; the last is the
    whole duration."""
    sentences = [p for p in (x.strip() for x in _PAUSE.split(text)) if p] or [text]
    total = sum(len(s) for s in sentences) or 1
    ends, chars = [], 0
    for s in sentences:
        chars += len(s)
        ends.append(duration_ms * chars // total)
    ends[-1] = duration_ms
    return ends


def end_of_sentence_at(text: str, duration_ms: int, offset_ms: int) -> int:
    """The end (ms from the start) of the phrase being spoken ``offset_ms`` into the speech."""
    return next((end for end in sentence_ends(text, duration_ms) if end >= offset_ms), duration_ms)

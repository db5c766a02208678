"""Semantic end of turn: is what the wearer said so far a whole command? Pure: no clock, no audio.

At the first short pause in a command the recognizer decodes ahead (glasses.stt.whisper). If
that text already is a complete, confident command, the assistant need not wait out the full
endpoint silence: it ends the turn at the pause (glasses.assistant.listening). A turn ends early
only when every one of these holds:

- the text matches a template exactly (no near miss, no ``loose`` template);
- every slot the matched template can hold is filled ("what's the weather like tomorrow" yes,
  "what's the weather" no: the wearer may be about to say where or when; "what time is it" has
  none to fill);
- the intent has no side effect (each skill declares its own: SkillSpec.side_effects): a timer,
  a list, a reminder or the camera waits the full silence, where a cut costs more ("set a timer
  for five... minutes" must not start a five-second timer);
- it is not an open question: a template marked ``metadata: {turn: wait}``, or a free-text slot
  holding more than ``OPEN_WORDS`` words (the wearer is dictating, not naming a day).

Anything else waits the full silence, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OPEN_WORDS = 4   # a slot value longer than this is free text: the wearer may still be going


@dataclass(frozen=True, slots=True)
class TurnCall:
    """``done``: end the turn now; ``why``: the reason, for logs and the benchmark."""

    done: bool
    why: str
    intent: str | None = None


class TurnJudge:
    """Built from the intent parser and the intents with side effects."""

    def __init__(self, parser: Any, side_effects: frozenset[str] = frozenset()) -> None:
        self.parser = parser
        self.side_effects = frozenset(side_effects)

    def judge(self, text: str | None) -> TurnCall:
        if not text or not text.strip():
            return TurnCall(False, "nothing heard yet")
        scored = self.parser.parse_scored(text, fuzzy=False)
        parsed = scored.parsed
        if scored.intent is None or parsed is None or not scored.exact:
            return TurnCall(False, "not a confident command")
        name = scored.intent.name
        if name in self.side_effects:
            return TurnCall(False, "side effect: wait the full silence", name)
        if parsed.wait:
            return TurnCall(False, "open question", name)
        if parsed.unfilled:
            return TurnCall(False, f"slot not filled yet: {', '.join(parsed.unfilled)}", name)
        if any(len(str(v).split()) > OPEN_WORDS for v in scored.intent.slots.values()):
            return TurnCall(False, "free text: the wearer may go on", name)
        return TurnCall(True, "complete command", name)

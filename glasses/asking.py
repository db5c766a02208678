"""Text in, answer out: ``glasses ask``, typed commands, and intent checks without audio."""

from __future__ import annotations

from glasses.errors import GlassesError
from glasses.events import Intent, Interrupted, Say, SayMore, TextInput, TimerChange, TimerPhase
from glasses.limits import MAX_TYPED_CHARS


def answer_text(assistant, text: str, t_ms: int = 0) -> dict:
    """{"intent": name or None, "slots": {...}, "reply": what it would say} for one typed request.
    A request answered in silence ("stop", "never mind") says what it stopped: the speech it cut
    (an Interrupted event) and the timers it silenced (announced as cancelled)."""
    if len(text) > MAX_TYPED_CHARS:
        raise GlassesError(f"the request is {len(text)} characters long (limit {MAX_TYPED_CHARS})")
    events = assistant.process(TextInput(t_ms, text)) + assistant.finish(t_ms)
    intent = next((e for e in events if isinstance(e, Intent)), None)
    replies = [e.text for e in events if isinstance(e, (Say, SayMore))]  # a streamed answer's sentences too
    if intent is not None and not replies:
        replies = [stopped_text(any(isinstance(e, Interrupted) for e in events),
                                any(isinstance(e, TimerChange) and e.phase is TimerPhase.CANCELLED for e in events))]
    return {"intent": intent.name if intent else None,
            "slots": dict(intent.slots) if intent else {},
            "reply": " ".join(replies)}


def stopped_text(talking: bool, alarm: bool) -> str:
    """What a silent "stop" or "never mind" did, in words."""
    done = [what for what, yes in (("stopped talking", talking), ("silenced the ringing timer", alarm)) if yes]
    if not done:
        return "Okay. Nothing was playing or ringing."
    return f"Okay, {' and '.join(done)}."

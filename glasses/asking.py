"""Text in, answer out: ``glasses ask``, typed commands, and intent checks without audio."""

from __future__ import annotations

from typing import Iterable

from glasses.events import Intent, Interrupted, Say, TextInput


def answer_text(assistant, text: str, t_ms: int = 0, skills: Iterable = ()) -> dict:
    """{"intent": name or None, "slots": {...}, "reply": what it would say} for one typed request.

    ``skills``: the assistant's skills, to tell what a "stop" silenced (a skill with ``ringing()``,
    such as a ringing timer); "stop" says nothing aloud, so the reply says what it stopped."""
    from glasses.errors import GlassesError
    from glasses.limits import MAX_TYPED_CHARS

    if len(text) > MAX_TYPED_CHARS:
        raise GlassesError(f"the request is {len(text)} characters long (limit {MAX_TYPED_CHARS})")
    ringers = [s for s in skills if callable(getattr(s, "ringing", None))]
    rang = any(s.ringing() for s in ringers)
    events = assistant.process(TextInput(t_ms, text)) + assistant.finish(t_ms)
    intent = next((e for e in events if isinstance(e, Intent)), None)
    replies = [e.text for e in events if isinstance(e, Say)]
    if intent is not None and intent.name == "stop" and not replies:
        replies = [stopped_text(any(isinstance(e, Interrupted) for e in events),
                                rang and not any(s.ringing() for s in ringers))]
    return {"intent": intent.name if intent else None,
            "slots": dict(intent.slots) if intent else {},
            "reply": " ".join(replies)}


def stopped_text(talking: bool, alarm: bool) -> str:
    """What a silent "stop" or "never mind" did, in words."""
    done = [what for what, yes in (("stopped talking", talking), ("silenced the ringing timer", alarm)) if yes]
    if not done:
        return "Okay. Nothing was playing or ringing."
    return f"Okay, {' and '.join(done)}."

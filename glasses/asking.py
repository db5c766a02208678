"""Text in, answer out: ``glasses ask``, typed commands, and intent checks without audio."""

from __future__ import annotations

from glasses.events import Intent, Say, TextInput


def answer_text(assistant, text: str, t_ms: int = 0) -> dict:
    """{"intent": name or None, "slots": {...}, "reply": what it would say} for one typed request."""
    from glasses.errors import GlassesError
    from glasses.limits import MAX_TYPED_CHARS

    if len(text) > MAX_TYPED_CHARS:
        raise GlassesError(f"the request is {len(text)} characters long (limit {MAX_TYPED_CHARS})")
    events = assistant.process(TextInput(t_ms, text)) + assistant.finish(t_ms)
    intent = next((e for e in events if isinstance(e, Intent)), None)
    replies = [e.text for e in events if isinstance(e, Say)]
    return {"intent": intent.name if intent else None,
            "slots": dict(intent.slots) if intent else {},
            "reply": " ".join(replies)}

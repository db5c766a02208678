"""``glasses look IMAGE --question TEXT``: ask about a picture as if the glasses saw it. The
question goes through the whole assistant: a look intent ("what am I looking at", "is this vegan",
"what kind of plant is this") opens the camera and gets IMAGE as its frames, so barcodes, text
and the catalog answer first and the engine only gets what they cannot; any other question goes
with the picture to whichever skill answers about pictures (the engine, when ask.url is set)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from glasses.errors import GlassesError
from glasses.events import AssistantState, Frame, Intent, Say, SayMore, TextInput, to_json, type_name
from glasses.runtime.build import build_text_assistant, close_skills
from glasses.skills.base import AsksAboutPictures, Look, Reply
from glasses.vision.imageio import load_image

FRAME_MS = 200   # the camera's pace in the emulated look


def ask_about_images(paths: list[Path], question: str, config, origin: datetime) -> list[dict[str, Any]]:
    """Per image: {"file", "question", "intent", "reply", "image_sent", "egress": [...], "error"}."""
    assistant = build_text_assistant(config, origin=origin)
    out: list[dict[str, Any]] = []
    t = 0
    try:
        for path in paths:
            entry: dict[str, Any] = {"file": str(path), "question": question, "intent": None, "reply": "",
                                     "image_sent": False, "egress": [], "error": None}
            try:
                bgr = load_image(path)
            except GlassesError as exc:
                entry["error"] = entry["reply"] = str(exc)
                out.append(entry)
                continue
            t += 60_000
            events = _ask(assistant, question, bgr, t)
            intent = next((e for e in events if isinstance(e, Intent)), None)
            egress = [to_json(e) for e in events if _is(e, "egress")]
            entry.update(intent=intent.name if intent else None,
                         reply=" ".join(e.text for e in events if isinstance(e, (Say, SayMore))),
                         image_sent=any(e.get("image") for e in egress), egress=egress,
                         errors=[{"code": e["code"], "message": e["message"]}
                                 for e in map(to_json, events) if e["type"] == "error"])
            out.append(entry)
    finally:
        close_skills(assistant)
    return out


def _is(event: object, name: str) -> bool:
    try:
        return type_name(event) == name
    except KeyError:
        return False


def _ask(assistant, question: str, bgr, t: int) -> list:
    scored = assistant.p.parser.parse_scored(question, t)
    skill = assistant.p.router.skill_for(scored.intent.name) if scored.intent is not None else None
    if isinstance(skill, Look):   # a look: IMAGE is what the camera sees
        events = assistant.process(TextInput(t, question))
        deadline = t + assistant.p.look_ms + 10 * FRAME_MS
        while assistant.mode is AssistantState.LOOKING and t < deadline:
            t += FRAME_MS
            events += assistant.process(Frame(t, bgr))
        return events + assistant.finish(t)
    asker = next((s for s in assistant.p.router.skills if isinstance(s, AsksAboutPictures)), None)
    reply = asker.ask_about(question, bgr, assistant._context(t)) if asker is not None else None
    if reply is None:
        reply = Reply("I need your home server to answer questions about pictures, and none is set up.")
    return assistant.respond(reply, t) + assistant.finish(t)


def format_answers(results: list[dict[str, Any]]) -> str:
    blocks = []
    for r in results:
        lines = [r["file"]]
        if r.get("error"):
            lines.append(f"  error: {r['error']}")
        else:
            for e in r["egress"]:
                lines.append(f"  sent: {e['bytes_sent']} bytes to {e['host']}" + (" with the picture" if e["image"] else ""))
            lines.append(f"  reply: {r['reply']}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)

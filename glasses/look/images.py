"""``glasses look IMAGE... [--json]``: the vision stages on image files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from glasses.errors import GlassesError
from glasses.events import Intent
from glasses.look.skill import LookSkill
from glasses.skills.base import Context
from glasses.vision.imageio import load_image


def look_images(paths: Iterable[str | Path], skill: LookSkill, intent: str = "identify_product",
                ocr: bool = True, ctx: Context | None = None) -> list[dict[str, Any]]:
    """Per image: {"file", "barcodes": [{"type", "value"}], "text": [lines], "product":
    {...} or None, "reply": what would be spoken, "error": one-line message or None}.

    A bad image gives an entry with "error" set (and the message as "reply"); the other
    images are still analysed. ``intent``: which question the reply answers.
    """
    ctx = ctx or Context(now=datetime.now(timezone.utc), t_ms=0)
    question = Intent(ctx.t_ms, intent, {})
    out: list[dict[str, Any]] = []
    for path in paths:
        entry: dict[str, Any] = {"file": str(path), "barcodes": [], "text": [], "product": None,
                                 "reply": "", "error": None}
        try:
            bgr = load_image(path)
            s = skill.analyse(bgr, ocr=ocr)
        except GlassesError as exc:
            entry["error"] = entry["reply"] = str(exc)
            out.append(entry)
            continue
        entry["barcodes"] = [b.to_json() for b in s.barcodes]
        entry["text"] = s.text
        if s.product is not None:
            entry["product"] = {**s.product.to_json(), "matched_by": s.via,
                                **({"score": s.score} if s.score is not None else {})}
        entry["reply"] = skill.reply_for(question, s, ctx).text
        out.append(entry)
    return out


def format_text(results: list[dict[str, Any]]) -> str:
    """Human-readable output for ``glasses look`` without --json."""
    blocks = []
    for r in results:
        lines = [r["file"]]
        if r.get("error"):
            lines.append(f"  error: {r['error']}")
        else:
            for b in r["barcodes"]:
                lines.append(f"  barcode: {b['type']} {b['value']}")
            for t in r["text"]:
                lines.append(f"  text: {t}")
            if r["product"]:
                lines.append(f"  product: {r['product']['name']} ({r['product']['code']})")
            lines.append(f"  reply: {r['reply']}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)

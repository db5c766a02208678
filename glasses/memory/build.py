"""Opening the memory store the config asks for (the one place that chooses the search)."""

from __future__ import annotations

from typing import Callable

from glasses.errors import ModelError
from glasses.memory.config import MemoryConfig
from glasses.memory.embed import SentenceEmbedder
from glasses.memory.store import MemoryStore


def open_store(cfg: MemoryConfig, warn: Callable[[str], None] | None = None) -> MemoryStore:
    """``search: embeddings`` fails (ModelError) without the model; ``auto`` falls back to FTS5 and says so."""
    embedder = None
    if cfg.search in ("auto", "embeddings"):
        try:
            embedder = SentenceEmbedder(threads=cfg.threads, lean_cache=cfg.data_path)
        except ModelError as exc:
            if cfg.search == "embeddings":
                raise
            if warn:
                warn(f"{exc}; memory questions use full-text search instead (it finds fewer reworded questions)")
    return MemoryStore(cfg.db_path, embedder=embedder, min_similarity=cfg.min_similarity,
                       sure_similarity=cfg.sure_similarity)

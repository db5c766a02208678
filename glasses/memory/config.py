"""The ``memory:`` section of config.yaml: where the notes live and how they are searched."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from glasses.configfile import FieldError, doc


def default_memory_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "glasses" / "memory"


@dataclass(frozen=True, slots=True)
class MemoryConfig:
    data_dir: Path | None = field(default=None, metadata=doc(
        "where the notes database lives (default: $XDG_DATA_HOME/glasses/memory)"))
    search: str = field(default="auto", metadata=doc(
        "how questions find notes: embeddings (MiniLM int8, 40/40 on the test pairs, about 6 ms a question), "
        "fts (SQLite full-text search with synonyms, 30/40, under 1 ms), or auto (embeddings when the model "
        "is installed, else fts)", choices=("auto", "embeddings", "fts")))
    min_similarity: float = field(default=0.25, metadata=doc(
        "embeddings: a note less similar than this to the question is not offered at all", min=0.0, max=1.0))
    sure_similarity: float = field(default=0.40, metadata=doc(
        "embeddings: from this similarity a note is said without \"I'm not sure\"", min=0.0, max=1.0))
    threads: int = field(default=1, metadata=doc("CPU threads for the embedding model", min=1, max=8))

    def __post_init__(self) -> None:
        if self.sure_similarity < self.min_similarity:
            raise FieldError("sure_similarity", "must not be below min_similarity")

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser() if self.data_dir else default_memory_dir()

    @property
    def db_path(self) -> Path:
        return self.data_path / "memory.sqlite"

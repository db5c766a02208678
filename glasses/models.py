"""The model manifest: where each model comes from, its size, licence and sha256.

The runtime only verifies (``glasses doctor``); scripts/fetch_models.py is the one place
that downloads. Models that ship inside a registry package are found through that package.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from glasses.paths import xdg_data_home

MANIFEST = Path(__file__).parent / "data" / "models.yaml"
VOSK_EN = "vosk-model-small-en-us-0.15"


@dataclass(frozen=True)
class ModelEntry:
    name: str
    kind: str
    source: str
    licence: str
    size: int
    sha256: str
    package: str | None = None     # registry package that ships it
    path: str | None = None        # path inside the package, or folder name when fetched
    archive_sha256: str | None = None


def manifest() -> list[ModelEntry]:
    rows = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["models"]
    return [ModelEntry(**row) for row in rows]


def model_dirs() -> list[Path]:
    """Where fetched models are looked for, in order."""
    dirs = []
    if os.environ.get("GLASSES_MODELS"):
        dirs.append(Path(os.environ["GLASSES_MODELS"]))
    dirs += [Path.cwd() / "models", xdg_data_home() / "glasses" / "models"]
    return dirs


def locate(entry: ModelEntry) -> Path | None:
    """The file or folder of a model on this machine, or None."""
    if entry.package:
        spec = importlib.util.find_spec(entry.package)
        if spec is None or spec.origin is None:
            return None
        path = Path(spec.origin).parent / (entry.path or "")
        return path if path.exists() else None
    for folder in model_dirs():
        path = folder / (entry.path or entry.name)
        if path.exists():
            return path
    return None


def find_vosk_english() -> Path | None:
    entry = next(e for e in manifest() if e.name == VOSK_EN)
    return locate(entry)


def sha256_of(path: Path) -> str:
    """sha256 of a file, or of a folder as the sorted (relative name, file sha256) list."""
    if path.is_file():
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    h = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        h.update(str(file.relative_to(path)).encode() + b"\0" + sha256_of(file).encode() + b"\n")
    return h.hexdigest()


def size_of(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())

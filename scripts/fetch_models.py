#!/usr/bin/env python3
"""Download the models that do not ship inside a registry package (today: vosk's small
English model), check each archive's sha256 against glasses/data/models.yaml, unpack it.

    python scripts/fetch_models.py                 # into ./models (or --dest DIR)
    python scripts/fetch_models.py --list          # what would be fetched
Needs internet once; the assistant itself never downloads anything.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glasses.models import manifest  # noqa: E402


def download(url: str, dest: Path, expected_sha256: str, size: int | None = None, timeout: float = 30) -> None:
    """Stream ``url`` to ``dest`` with a progress bar; raise ValueError on a sha256 mismatch."""
    from tqdm import tqdm

    digest = hashlib.sha256()
    with urllib.request.urlopen(url, timeout=timeout) as response, dest.open("wb") as out:
        total = int(response.headers.get("Content-Length") or size or 0) or None
        with tqdm(total=total, unit="B", unit_scale=True, desc=dest.name, file=sys.stderr) as bar:
            while block := response.read(1 << 16):
                out.write(block)
                digest.update(block)
                bar.update(len(block))
    if digest.hexdigest() != expected_sha256:
        dest.unlink()
        raise ValueError(f"sha256 mismatch for {url}: got {digest.hexdigest()}, expected {expected_sha256}")


def fetch(entry, dest_dir: Path, url: str | None = None, force: bool = False) -> Path:
    target = dest_dir / (entry.path or entry.name)
    if target.exists() and not force:
        print(f"{entry.name}: already in {target}")
        return target
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest_dir) as tmp:
        archive = Path(tmp) / (entry.name + ".zip")
        download(url or entry.source, archive, entry.archive_sha256, entry.size)
        with zipfile.ZipFile(archive) as z:
            z.extractall(Path(tmp) / "unpacked")
        unpacked = Path(tmp) / "unpacked" / (entry.path or entry.name)
        if not unpacked.is_dir():
            raise ValueError(f"{entry.name}: the archive does not contain {entry.path or entry.name}/")
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(unpacked), target)
    print(f"{entry.name}: sha256 ok, unpacked into {target}")
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dest", type=Path, default=ROOT / "models", help="where to unpack (default: ./models)")
    p.add_argument("--force", action="store_true", help="fetch again even if present")
    p.add_argument("--list", action="store_true", help="list the downloadable models and exit")
    p.add_argument("--url", help="fetch from this URL instead (a mirror); the sha256 must still match")
    args = p.parse_args(argv)
    entries = [e for e in manifest() if e.package is None and e.archive_sha256]  # downloadable ones only
    if args.list:
        for e in entries:
            print(f"{e.name}: {e.source} ({e.size / 1e6:.0f} MB, {e.licence}, sha256 {e.archive_sha256})")
        return 0
    try:
        for entry in entries:
            fetch(entry, args.dest, args.url, args.force)
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        print(f"fetch_models: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The private gallery: photos and videos kept only on the device, one JSON sidecar per item.

Layout (``capture.gallery_dir``, default ``$XDG_DATA_HOME/glasses/gallery``, mode 0700)::

    20261202-094012-photo-3fa2c1.jpg     the photo, faces blurred (mode 0600)
    20261202-094012-photo-3fa2c1.json    its sidecar: kind, time, place, text, barcodes, faces_blurred
    .pending/                            videos being recorded and blurred (not yet in the gallery)

An item exists once its sidecar does: the media file is written (atomically) first and the
sidecar last, and ``delete`` removes the sidecar first, so a crash never shows half an item.
Ids match ``ID_PATTERN`` exactly, so no id can name a file outside the folder.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, NamedTuple

from glasses.capture.files import FILE_MODE, commit_private, private_dir, write_private
from glasses.errors import GlassesError
from glasses.limits import human_bytes, printable

ID_PATTERN = re.compile(r"[0-9]{8}-[0-9]{6}-(photo|video)-[0-9a-f]{6}")
KINDS = ("photo", "video")
MEDIA_EXT = (".jpg", ".mp4", ".avi")
MAX_SIDECAR_BYTES = 256 * 1024
MAX_TEXT_CHARS = 4_000
MAX_BARCODES = 50
PENDING = ".pending"


class DiskUsage(NamedTuple):
    total: int
    used: int
    free: int


class GalleryError(GlassesError):
    """A gallery id, file or folder that cannot be used: one line, exit 2."""


class LowSpaceError(GalleryError):
    """Too little free disk space to capture: the capture is refused, nothing is written."""


@dataclass(frozen=True, slots=True)
class Place:
    lat: float
    lon: float
    name: str = ""      # a spoken place name when one is known ("Kauppatori")


@dataclass(frozen=True, slots=True)
class CaptureMeta:
    """What is known about a capture when it is taken."""
    time: datetime                      # aware (with a zone)
    place: Place | None = None
    text: str = ""                      # OCR text seen in the frame
    barcodes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.time.tzinfo is None:
            raise ValueError("CaptureMeta.time needs a time zone")


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    kind: str                           # photo | video
    file: str                           # media file name inside the gallery
    time: str                           # ISO 8601 with zone
    faces_blurred: int
    size: int                           # bytes of the media file
    place: Place | None = None
    text: str = ""
    barcodes: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)   # video: frames, fps, codec, duration_s

    def sidecar(self) -> dict:
        out = {"id": self.id, "kind": self.kind, "file": self.file, "time": self.time,
               "faces_blurred": self.faces_blurred, "size": self.size}
        if self.place is not None:
            out["place"] = {"lat": self.place.lat, "lon": self.place.lon, **({"name": self.place.name}
                                                                             if self.place.name else {})}
        if self.text:
            out["text"] = self.text
        if self.barcodes:
            out["barcodes"] = list(self.barcodes)
        out.update(self.extra)
        return out


def new_id(kind: str, when: datetime) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind must be photo or video, got {kind!r}")
    return f"{when.strftime('%Y%m%d-%H%M%S')}-{kind}-{secrets.token_hex(3)}"


class Gallery:
    """List, show, export and delete items; save photos; commit finished videos."""

    def __init__(self, root: Path, min_free_bytes: int = 200 * 1024 * 1024,
                 disk_usage: Callable[[str], DiskUsage] = shutil.disk_usage) -> None:
        self.root = Path(root).expanduser()
        self.min_free_bytes = min_free_bytes
        self._disk_usage = disk_usage

    # --- folders and space -------------------------------------------------------------------
    def ensure(self) -> Path:
        """The gallery folder, created (or tightened) to 0700."""
        if self.root.exists() and not self.root.is_dir():
            raise GalleryError("the gallery path is a file, not a folder", where=str(self.root))
        try:
            return private_dir(self.root)
        except OSError as exc:
            raise GalleryError(f"cannot create the gallery folder ({exc.strerror})", where=str(self.root)) from None

    def pending_dir(self) -> Path:
        self.ensure()
        return private_dir(self.root / PENDING)

    def check_space(self, what: str = "a photo") -> None:
        """Raise LowSpaceError (one line) when the gallery's disk is below the free-space floor."""
        folder = self.root if self.root.exists() else next((p for p in self.root.parents if p.exists()), Path("/"))
        free = self._disk_usage(str(folder)).free
        if free < self.min_free_bytes:
            raise LowSpaceError(f"not enough free space to save {what}: {human_bytes(free)} free, "
                                f"at least {human_bytes(self.min_free_bytes)} must stay free")

    # --- saving ------------------------------------------------------------------------------
    def save_photo(self, jpeg: bytes, meta: CaptureMeta, faces_blurred: int) -> Item:
        """Store an already blurred, encoded photo and its sidecar; returns the new item."""
        self.check_space("a photo")
        self.ensure()
        item_id = self._unused_id("photo", meta.time)
        item = self._item(item_id, "photo", f"{item_id}.jpg", meta, faces_blurred, len(jpeg), {})
        try:
            write_private(self.root / item.file, jpeg)
            self._write_sidecar(item)
        except OSError as exc:
            (self.root / item.file).unlink(missing_ok=True)
            raise GalleryError(f"cannot save the photo ({exc.strerror})", where=str(self.root)) from None
        return item

    def commit_video(self, tmp: Path, ext: str, meta: CaptureMeta, faces_blurred: int, extra: dict) -> Item:
        """Move a finished, blurred video from the pending folder into the gallery with its sidecar."""
        item_id = self._unused_id("video", meta.time)
        name = f"{item_id}{ext}"
        item = self._item(item_id, "video", name, meta, faces_blurred, Path(tmp).stat().st_size, extra)
        try:
            commit_private(Path(tmp), self.root / name)
            self._write_sidecar(item)
        except OSError as exc:
            (self.root / name).unlink(missing_ok=True)
            raise GalleryError(f"cannot save the video ({exc.strerror})", where=str(self.root)) from None
        return item

    def _unused_id(self, kind: str, when: datetime) -> str:
        while True:
            item_id = new_id(kind, when)
            if not any((self.root / f"{item_id}{ext}").exists() for ext in (".json", *MEDIA_EXT)):
                return item_id

    def clean_pending(self) -> int:
        """Remove videos left unfinished by a crash (they may hold faces that were never blurred)."""
        folder = self.root / PENDING
        if not folder.is_dir():
            return 0
        n = 0
        for p in folder.iterdir():
            if p.is_file():
                p.unlink(missing_ok=True)
                n += 1
        return n

    def _item(self, item_id: str, kind: str, file: str, meta: CaptureMeta, faces: int, size: int,
              extra: dict) -> Item:
        return Item(id=item_id, kind=kind, file=file, time=meta.time.isoformat(timespec="seconds"),
                    faces_blurred=int(faces), size=int(size), place=meta.place,
                    text=meta.text[:MAX_TEXT_CHARS], barcodes=tuple(meta.barcodes[:MAX_BARCODES]), extra=extra)

    def _write_sidecar(self, item: Item) -> None:
        data = json.dumps(item.sidecar(), ensure_ascii=False, indent=1).encode("utf-8")
        write_private(self.root / f"{item.id}.json", data)

    # --- reading -----------------------------------------------------------------------------
    def scan(self) -> tuple[list[Item], list[str]]:
        """(items newest first, one-line problems for sidecars that cannot be read)."""
        if not self.root.is_dir():
            return [], []
        items, problems = [], []
        for path in self.root.iterdir():
            if path.suffix != ".json" or not ID_PATTERN.fullmatch(path.stem):
                continue
            try:
                items.append(self._read(path))
            except GalleryError as exc:
                problems.append(str(exc))
        items.sort(key=lambda it: it.id, reverse=True)
        return items, problems

    def list(self) -> list[Item]:
        return self.scan()[0]

    def get(self, item_id: str) -> Item:
        """The item with this id (or ``last``); GalleryError when there is none."""
        item_id = str(item_id).strip()
        if item_id == "last":
            items = self.list()
            if not items:
                raise GalleryError("the gallery is empty", where=str(self.root))
            return items[0]
        if not ID_PATTERN.fullmatch(item_id):
            raise GalleryError(f"no such item {printable(item_id)[:80]!r} (ids look like 20261202-094012-photo-3fa2c1; "
                               "see `glasses gallery list`)")
        path = self.root / f"{item_id}.json"
        if not path.is_file():
            raise GalleryError(f"no such item {item_id!r} (see `glasses gallery list`)", where=str(self.root))
        return self._read(path)

    def media_path(self, item: Item) -> Path:
        return self.root / item.file

    def _read(self, path: Path) -> Item:
        where = str(path)
        try:
            if path.stat().st_size > MAX_SIDECAR_BYTES:
                raise GalleryError(f"sidecar larger than {human_bytes(MAX_SIDECAR_BYTES)}", where=where)
            row = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GalleryError(f"unreadable sidecar ({type(exc).__name__})", where=where) from None
        try:
            item_id, kind, file = str(row["id"]), str(row["kind"]), str(row["file"])
            if item_id != path.stem or kind not in KINDS:
                raise ValueError("id or kind does not match the file name")
            if file != f"{item_id}{Path(file).suffix}" or Path(file).suffix not in MEDIA_EXT:
                raise ValueError(f"media file name {file!r} does not belong to this item")
            place = row.get("place")
            extra = {k: row[k] for k in ("frames", "fps", "codec", "duration_s") if k in row}
            return Item(id=item_id, kind=kind, file=file, time=str(row["time"]),
                        faces_blurred=int(row.get("faces_blurred", 0)), size=int(row.get("size", 0)),
                        place=Place(float(place["lat"]), float(place["lon"]), str(place.get("name", "")))
                        if isinstance(place, dict) else None,
                        text=str(row.get("text", ""))[:MAX_TEXT_CHARS],
                        barcodes=tuple(str(b) for b in row.get("barcodes", ())[:MAX_BARCODES]), extra=extra)
        except (KeyError, TypeError, ValueError) as exc:
            raise GalleryError(f"bad sidecar ({printable(str(exc))[:120]})", where=where) from None

    # --- export and delete -------------------------------------------------------------------
    def export(self, dest: Path, item_id: str | None = None) -> list[Path]:
        """Copy one item (or all) with sidecars into ``dest``; existing files there are never overwritten."""
        dest = Path(dest).expanduser()
        if dest.exists() and not dest.is_dir():
            raise GalleryError("the export folder is a file", where=str(dest))
        items = [self.get(item_id)] if item_id else self.list()
        if not items:
            raise GalleryError("the gallery is empty: nothing to export", where=str(self.root))
        plan = []
        for item in items:
            for name in (item.file, f"{item.id}.json"):
                src = self.root / name
                if not src.is_file():
                    raise GalleryError(f"the media file of {item.id} is missing", where=str(src))
                if (dest / name).exists():
                    raise GalleryError(f"{name} is already there; nothing was exported", where=str(dest))
                plan.append((src, dest / name))
        try:
            private_dir(dest) if not dest.exists() else None
            for src, target in plan:
                tmp = target.with_name(f".{target.name}.part")
                shutil.copyfile(src, tmp)
                os.chmod(tmp, FILE_MODE)
                os.replace(tmp, target)
        except OSError as exc:
            raise GalleryError(f"cannot export ({exc.strerror})", where=str(dest)) from None
        return [t for _s, t in plan]

    def delete(self, item_id: str) -> Item:
        """Remove an item: its sidecar first (it leaves the gallery at once), then its media file."""
        item = self.get(item_id)
        try:
            (self.root / f"{item.id}.json").unlink()
            (self.root / item.file).unlink(missing_ok=True)
        except OSError as exc:
            raise GalleryError(f"cannot delete {item.id} ({exc.strerror})", where=str(self.root)) from None
        return item

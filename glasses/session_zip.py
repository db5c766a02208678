"""Unpacking a zipped session into a private temporary folder, within limits.

The sizes the zip declares are checked first, and members are copied in blocks and
counted as they inflate (declared sizes can lie), so a zip bomb stops at the limit
instead of filling the disk. Names that
are absolute or climb out with ``..`` are refused, as are links and special files. The
folder belongs to the caller, who removes it (``Session.close``; a finalizer removes it at
exit if nobody does).
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from glasses.errors import SessionError
from glasses.limits import MAX_ZIP_BYTES, MAX_ZIP_FILES, human_bytes

BLOCK = 1024 * 1024


def unpack(path: Path, *, max_bytes: int = MAX_ZIP_BYTES,
           max_files: int = MAX_ZIP_FILES) -> tempfile.TemporaryDirectory:
    """Extract the zip at ``path``; returns the TemporaryDirectory holding it."""
    where = str(path)
    tmp = tempfile.TemporaryDirectory(prefix="glasses-session-")
    try:
        _extract(path, Path(tmp.name), max_bytes, max_files)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, RuntimeError) as exc:
        tmp.cleanup()
        raise SessionError(f"cannot unpack: {exc}", where=where) from None
    except OSError as exc:
        tmp.cleanup()
        raise SessionError(f"cannot unpack: {exc.strerror or exc}", where=where) from None
    except BaseException:
        tmp.cleanup()
        raise
    return tmp


def _extract(path: Path, dest: Path, max_bytes: int, max_files: int) -> None:
    where = str(path)
    total = 0
    with zipfile.ZipFile(path) as z:
        members = z.infolist()
        if len(members) > max_files:
            raise SessionError(f"the zip holds {len(members)} files (limit {max_files})", where=where)
        declared = sum(info.file_size for info in members)
        if declared > max_bytes:
            raise SessionError(f"the zip would unpack to {human_bytes(declared)} (limit {human_bytes(max_bytes)})",
                               where=where)
        for info in members:
            name = _safe_name(info.filename, where)
            if name is None:
                continue
            kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
            if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
                raise SessionError(f"{info.filename!r} is a link or special file, not allowed in a session",
                                   where=where)
            target = dest.joinpath(*name.parts)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, open(target, "wb") as out:
                while block := src.read(BLOCK):
                    total += len(block)
                    if total > max_bytes:
                        raise SessionError(f"the zip unpacks to more than {human_bytes(max_bytes)} "
                                           "(the limit for a session)", where=where)
                    out.write(block)


def _safe_name(raw: str, where: str) -> PurePosixPath | None:
    name = PurePosixPath(raw.replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or (name.parts and ":" in name.parts[0]):
        raise SessionError(f"{raw!r} would unpack outside the session folder", where=where)
    parts = [p for p in name.parts if p not in ("", ".")]
    if not parts or parts[0] == "__MACOSX":
        return None
    return PurePosixPath(*parts)


def session_root(folder: Path) -> Path:
    """The folder inside an unpacked zip that holds session.yaml (the zip's top or its one folder)."""
    if (folder / "session.yaml").exists():
        return folder
    inner = [p for p in folder.iterdir() if p.is_dir()]
    return inner[0] if len(inner) == 1 else folder


def remove(tmp: tempfile.TemporaryDirectory | None) -> None:
    if tmp is not None:
        try:
            tmp.cleanup()
        except OSError:
            shutil.rmtree(tmp.name, ignore_errors=True)

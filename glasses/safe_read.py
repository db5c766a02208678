"""Reading untrusted files: regular files only, and never more than a limit.

A session, a calendar or an image may name something that is not a file: a symlink to
/dev/zero (endless bytes), a FIFO (a read that waits for ever), a device or a socket.
``open_regular`` opens with O_NONBLOCK, so opening a FIFO never waits for a writer, and
checks with fstat (on the opened descriptor, so nothing can be swapped in between) that
it is a regular file. ``read_limited`` then reads at most ``limit + 1`` bytes: the limit is
applied to what is read, not to what ``stat`` says (a file that grows while it is read,
or a /proc file whose size reads as 0, is still bounded).

Problems are ``RefusedFile`` (a GlassesError: one line naming the file, exit 2); a missing
or unreadable file stays an OSError, which callers already turn into their own line.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from glasses.errors import GlassesError
from glasses.limits import human_bytes

_CHUNK = 1 << 20


class RefusedFile(GlassesError):
    """Not a regular file, or larger than its limit. ``reason`` is the message without the file."""

    def __init__(self, reason: str, *, where: str) -> None:
        self.reason = reason
        super().__init__(reason, where=where)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def check_regular(path: str | os.PathLike[str]) -> None:
    """RefusedFile unless ``path`` (symlinks followed) is a regular file; never opens it.
    OSError (FileNotFoundError, ...) when it cannot be looked at."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise RefusedFile(f"is {kind_of(mode)}, not a regular file", where=str(path))


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for binary reading, only when it is a regular file (RefusedFile
    otherwise). A FIFO is refused without waiting for a writer."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise RefusedFile(f"is {kind_of(mode)}, not a regular file", where=str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: str | os.PathLike[str], limit: int, *, too_large: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (RefusedFile otherwise).
    At most ``limit + 1`` bytes are ever read. ``too_large`` replaces the default message."""
    with open_regular(path) as f:
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = f.read(min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            size = os.fstat(f.fileno()).st_size
            shown = human_bytes(size) if size > limit else f"more than {human_bytes(limit)}"
            raise RefusedFile(too_large or f"file too large ({shown}, limit {human_bytes(limit)})",
                              where=str(path))
    return b"".join(chunks)


def read_text_limited(path: str | os.PathLike[str], limit: int) -> str:
    """``read_limited`` decoded as UTF-8 (UnicodeDecodeError when it is not)."""
    return read_limited(path, limit).decode("utf-8")


def is_regular(path: Path) -> bool:
    """True for a regular file (symlinks followed); False for anything else or nothing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False

"""The engine's API key, read from ``ask.key_file``: a regular file, mode 0600 (no group or
other access), at most MAX_KEY_BYTES, one line. The key never appears in a log line, an error
message or a repr."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from glasses.errors import ConfigError

MAX_KEY_BYTES = 4096


@dataclass(frozen=True, slots=True)
class ApiKey:
    value: str = field(repr=False)

    def __str__(self) -> str:
        return "ApiKey(hidden)"


def read_key(path: Path | str) -> ApiKey:
    """The key in ``path``, or a ConfigError of one line naming the file (never its content)."""
    path = Path(path).expanduser()
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))  # a FIFO does not block
    except FileNotFoundError:
        raise ConfigError("the API key file does not exist (ask.key_file)", where=where) from None
    except OSError as exc:
        raise ConfigError(f"cannot open the API key file ({exc.strerror})", where=where) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError("the API key file is not a regular file", where=where)
        if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(f"the API key file is readable by others (mode {stat.S_IMODE(st.st_mode):04o}); "
                              f"run: chmod 600 {path}", where=where)
        if st.st_size > MAX_KEY_BYTES:
            raise ConfigError(f"the API key file is {st.st_size} bytes; a key is at most {MAX_KEY_BYTES}",
                              where=where)
        data = os.read(fd, MAX_KEY_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read the API key file ({exc.strerror})", where=where) from None
    finally:
        os.close(fd)
    if len(data) > MAX_KEY_BYTES:
        raise ConfigError(f"the API key file is longer than {MAX_KEY_BYTES} bytes", where=where)
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise ConfigError("the API key file is not plain ASCII text", where=where) from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ConfigError("the API key file is empty", where=where)
    if len(lines) > 1:
        raise ConfigError("the API key file has more than one line; put only the key in it", where=where)
    key = lines[0]
    if not key.isprintable() or any(c.isspace() for c in key):
        raise ConfigError("the API key contains spaces or control characters", where=where)
    return ApiKey(key)

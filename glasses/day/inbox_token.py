"""The notification inbox's shared secret: generated at first start, kept 0600 in the
config dir ($XDG_CONFIG_HOME/glasses/inbox-token), sent by other programs on the device as
``Authorization: Bearer <token>``. A web page in a browser cannot read it, so it cannot post."""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from glasses.errors import ConfigError

log = logging.getLogger("glasses.day")


def default_token_path() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "glasses" / "inbox-token"


def load_or_create(path: Path) -> str:
    """The token in ``path``; a new random one (written 0600, atomically) when there is none.
    A token file others can read is made private again, with one warning line."""
    path = Path(path).expanduser()
    try:
        st = path.stat()
    except FileNotFoundError:
        return _create(path)
    except OSError as exc:
        raise ConfigError(f"cannot read the inbox token ({exc.strerror})", where=str(path)) from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        os.chmod(path, 0o600)
        log.warning("inbox token %s was readable by others; made it private (0600)", path)
    try:
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the inbox token ({exc})", where=str(path)) from None
    if len(token) < 16 or not token.isascii() or not token.isprintable() or " " in token:
        raise ConfigError("the inbox token is empty or malformed; delete the file to get a new one",
                          where=str(path))
    return token


def _create(path: Path) -> str:
    token = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (token + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)           # never replaces a token another process wrote meanwhile
    except FileExistsError:
        os.unlink(tmp)
        return load_or_create(path)
    os.unlink(tmp)
    return token


def describe(day_config) -> str:
    """One line for ``glasses doctor``: where notifications go and where the token is."""
    if not day_config.inbox_port:
        return f"folder {day_config.inbox_path}; HTTP endpoint off (set day.inbox_port to turn it on)"
    path = day_config.token_path
    state = f"token in {path} (mode 0600)" if path.exists() else f"token will be made in {path} at first start"
    return (f"POST http://127.0.0.1:{day_config.inbox_port}/notify with 'Authorization: Bearer <token>' "
            f"and JSON; {state}")

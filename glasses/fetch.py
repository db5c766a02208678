"""HTTP GET with a hard time limit, the one place the day assistant touches the network.

``UrlFetcher`` uses urllib; ``Fetcher`` is the protocol (a test can pass any object with
``get``). A fetch either returns the body or raises FetchError: HTTP errors, refused
connections, timeouts and over-long responses all look the same to the caller, which then
falls back to its cache.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

from glasses.safe_read import RefusedFile, read_limited


class FetchError(Exception):
    """A fetch failed: the message says why in a few words ("timed out after 3 s", "HTTP 500")."""


class Fetcher(Protocol):
    def get(self, url: str, timeout_s: float) -> bytes: ...


class UrlFetcher:
    """urllib GET; the whole response must arrive within ``timeout_s`` (not just each read)."""

    def __init__(self, user_agent: str = "glasses-day/0.1", max_bytes: int = 20_000_000) -> None:
        self.user_agent = user_agent
        self.max_bytes = max_bytes

    def get(self, url: str, timeout_s: float) -> bytes:
        if not url.startswith(("http://", "https://")):
            raise FetchError(f"not an http(s) address: {url}")
        deadline = time.monotonic() + timeout_s
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                       "Accept-Encoding": "identity"})
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                chunks: list[bytes] = []
                size = 0
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise FetchError(f"timed out after {timeout_s:g} s")
                    _set_timeout(response, left)
                    chunk = response.read1(65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError("response too large")
                    chunks.append(chunk)
                return b"".join(chunks)
        except urllib.error.HTTPError as exc:
            raise FetchError(f"HTTP {exc.code}") from None
        except (socket.timeout, TimeoutError):
            raise FetchError(f"timed out after {timeout_s:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise FetchError(f"timed out after {timeout_s:g} s") from None
            raise FetchError(f"cannot connect ({reason})") from None
        except (OSError, ValueError) as exc:
            raise FetchError(f"cannot connect ({exc})") from None


def _set_timeout(response, seconds: float) -> None:
    try:
        response.fp.raw._sock.settimeout(max(0.01, seconds))  # type: ignore[attr-defined]
    except AttributeError:
        pass


class OfflineFetcher:
    """A fetcher for when the network is off by choice: every fetch fails at once."""

    def get(self, url: str, timeout_s: float) -> bytes:
        raise FetchError("offline")


class FileFetcher:
    """Answers from files instead of the network: for demos, the emulator and replayed
    sessions, which must give the same answers every run. ``routes`` maps a URL path prefix
    (e.g. "/v1/forecast") to a file; any other URL fails like an unreachable host."""

    def __init__(self, routes: dict[str, "str | os.PathLike[str]"]) -> None:

        self.routes = {prefix: Path(path) for prefix, path in routes.items()}
        self.max_bytes = 20_000_000

    def get(self, url: str, timeout_s: float) -> bytes:

        path = urllib.parse.urlparse(url).path
        for prefix, file in self.routes.items():
            if path.startswith(prefix):
                try:  # a regular file only (a FIFO or /dev/zero would hang or fill memory)
                    return read_limited(file, self.max_bytes)
                except RefusedFile as exc:
                    if exc.reason.startswith("file too large"):
                        raise FetchError(f"{file.name} is too large (over {self.max_bytes // 1_000_000} MB)") from None
                    raise FetchError(f"cannot read {file.name} ({exc.reason})") from None
                except OSError as exc:
                    raise FetchError(f"cannot read {file.name} ({exc.strerror})") from None
        raise FetchError("offline")

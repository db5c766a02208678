"""The notification inbox's HTTP endpoint, safe against web pages and careless programs.

POST /notify with ``Authorization: Bearer <token>`` and ``Content-Type: application/json``
writes one notification file into the inbox (``notifications.write_file``); GET /health -> 200.

What a request must pass, in order (status on failure):
- bound to 127.0.0.1 only; ``Host`` must name this machine (127.0.0.1, localhost, [::1]) so
  a DNS-rebinding page cannot reach it (403); an ``Origin`` header, which browsers send and
  local programs do not, must be local too (403);
- the token from the config dir (401), JSON content type (415), at most ``rate_per_min``
  accepted notifications a minute (429, with Retry-After), a body of at most MAX_BYTES (413);
- every connection gets ``read_timeout_s`` per read and ``total_timeout_s`` overall; at most
  ``max_connections`` are served at once, the rest get 503 at once (no thread each).
Problems are logged as one line; nothing is printed to stderr.
"""

from __future__ import annotations

import collections
import hmac
import json
import logging
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from glasses.day.notifications import MAX_BYTES, validate, write_file
from glasses.errors import DeviceError

log = logging.getLogger("glasses.day")

LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")


class RateLimit:
    """A token bucket: ``per_min`` events a minute, bursts up to ``per_min``. Pure given ``clock``."""

    def __init__(self, per_min: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_min = per_min
        self.clock = clock
        self._tokens = float(per_min)
        self._at = clock()
        self._lock = threading.Lock()

    def take(self) -> float:
        """0 when allowed (and counted), else the seconds until one more is allowed."""
        with self._lock:
            now = self.clock()
            self._tokens = min(float(self.per_min), self._tokens + (now - self._at) * self.per_min / 60.0)
            self._at = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) * 60.0 / self.per_min


def local_host(value: str | None, port: int) -> bool:
    """Host header names this machine: "127.0.0.1:8765", "localhost", "[::1]:8765"."""
    if not value:
        return False
    value = value.strip().lower()
    return any(value == name or value == f"{name}:{port}" for name in LOCAL_NAMES)


def local_origin(value: str | None, port: int) -> bool:
    """No Origin (a local program), or one served from this machine and port."""
    if value is None:
        return True
    value = value.strip().lower()
    return any(value == f"{scheme}://{name}:{port}" for scheme in ("http", "https") for name in LOCAL_NAMES)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64   # a burst waits in the kernel's queue, not in SYN retries

    def __init__(self, address, handler, max_connections: int, total_timeout_s: float) -> None:
        self._slots = threading.BoundedSemaphore(max_connections)
        self._closing: collections.deque = collections.deque()
        self._stopping = False
        self.total_timeout_s = total_timeout_s
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            self._busy(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def _busy(self, request: socket.socket) -> None:
        """Answer 503 without a thread and without waiting: the socket is closed a second
        later by ``service_actions`` (after reading what the client sent, so the answer is
        not lost to a reset). At most 256 wait; beyond that they are closed at once."""
        try:
            request.setblocking(False)
            request.send(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                         b"Retry-After: 1\r\nConnection: close\r\n\r\n")
            request.shutdown(socket.SHUT_WR)
        except OSError:
            self.shutdown_request(request)
            return
        if len(self._closing) >= 256:
            self.shutdown_request(request)
            return
        self._closing.append((time.monotonic() + 1.0, request))

    def service_actions(self) -> None:
        super().service_actions()
        now = time.monotonic()
        while self._closing and (self._closing[0][0] <= now or self._stopping):
            _, request = self._closing.popleft()
            try:
                for _ in range(16):
                    if not request.recv(MAX_BYTES):
                        break
            except OSError:
                pass
            self.close_request(request)

    def server_close(self) -> None:
        self._stopping = True
        self.service_actions()
        super().server_close()

    def process_request_thread(self, request, client_address) -> None:
        deadline = threading.Timer(self.total_timeout_s, _cut, (request,))
        deadline.daemon = True
        deadline.start()
        try:
            super().process_request_thread(request, client_address)
        finally:
            deadline.cancel()
            self._slots.release()

    def handle_error(self, request, client_address) -> None:

        exc = sys.exc_info()[1]
        log.warning("notification inbox: request from %s failed (%s: %s)", client_address[0],
                    type(exc).__name__, str(exc).splitlines()[0][:120] if str(exc) else "")


def _cut(request: socket.socket) -> None:
    try:
        request.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class NotificationServer:
    """The endpoint. ``port`` 0 picks a free port (see ``.port`` after ``start``)."""

    def __init__(self, inbox: Path, port: int, token: str, *, rate_per_min: int = 30,
                 max_connections: int = 8, read_timeout_s: float = 5.0, total_timeout_s: float = 15.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.inbox = Path(inbox)
        self.requested_port = port
        self.token = token
        self.rate = RateLimit(rate_per_min, clock)
        self.max_connections = max_connections
        self.read_timeout_s = read_timeout_s
        self.total_timeout_s = total_timeout_s
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1] if self._httpd else self.requested_port

    def start(self) -> None:
        handler = _handler(self)
        try:
            self._httpd = _Server(("127.0.0.1", self.requested_port), handler, self.max_connections,
                                  self.total_timeout_s)
        except OSError as exc:
            raise DeviceError(f"cannot listen on 127.0.0.1:{self.requested_port} ({exc.strerror}); "
                              "set day.inbox_port to a free port, or 0 for no endpoint",
                              where="notification inbox") from None
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="day-inbox-http", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None


def _handler(server: NotificationServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = server.read_timeout_s
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # one line per problem goes to the log instead
            pass

        def _send(self, code: int, body: dict, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
            self.close_connection = True

        def _refuse(self, code: int, why: str, headers: dict[str, str] | None = None) -> None:
            log.info("notification inbox: refused %s %s from %s: %s", self.command, self.path[:60],
                     self.client_address[0], why)
            self._send(code, {"error": why}, headers)

        def _local(self) -> bool:
            if not local_host(self.headers.get("Host"), server.port):
                self._refuse(403, "Host must be 127.0.0.1 or localhost")
                return False
            if not local_origin(self.headers.get("Origin"), server.port):
                self._refuse(403, "requests from web pages are not accepted")
                return False
            return True

        def do_GET(self) -> None:
            if not self._local():
                return
            if self.path == "/health":
                self._send(200, {"ok": True})
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/notify":
                self._send(404, {"error": "POST to /notify"})
                return
            if not self._local():
                return
            auth = self.headers.get("Authorization", "")
            given = auth[len("Bearer "):].strip() if auth.startswith("Bearer ") else ""
            if not hmac.compare_digest(given.encode(), server.token.encode()):
                self._refuse(401, "missing or wrong token (Authorization: Bearer <token>; see glasses doctor)")
                return
            ctype = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
            if ctype != "application/json":
                self._refuse(415, "Content-Type must be application/json")
                return
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if not 0 < length <= MAX_BYTES:
                self._refuse(413 if length > MAX_BYTES else 400, "body missing or too large")
                return
            wait = server.rate.take()
            if wait:
                self._refuse(429, "too many notifications; try again later", {"Retry-After": str(int(wait) + 1)})
                return
            try:
                fields = validate(json.loads(self.rfile.read(length)))
            except (ValueError, UnicodeDecodeError) as exc:
                self._refuse(400, str(exc).splitlines()[0][:200] or "not JSON")
                return
            except RecursionError:
                self._refuse(400, "JSON nested too deeply")
                return
            path = write_file(server.inbox, fields)
            self._send(202, {"ok": True, "id": path.stem})

    return Handler

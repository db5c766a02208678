"""A client for an OpenAI-compatible ``/v1/chat/completions`` engine (Ollama, llama.cpp's
llama-server, vLLM, LM Studio), on the standard library's http.client.

``EngineClient(config, key).stream(messages)`` gives an ``AnswerStream``: iterate it for the
pieces of the answer as they arrive (server-sent events), ``cancel()`` it from any thread (the
socket is shut down and the iteration ends at once, quietly). ``complete(messages)`` asks
without streaming. Every fault is an ``EngineError`` with a ``code`` and a short ``spoken``
line for the wearer:

    engine_off          no ask.url
    engine_refused      the host is not on the wearer's network (see policy.py)
    engine_unreachable  name does not resolve, connection refused, or no connection in timeout_s
    engine_timeout      no first token in first_token_timeout_s, or a gap of timeout_s mid-answer
    engine_http_error   a 4xx/5xx status (``status`` holds it)
    engine_bad_stream   broken SSE, bad JSON, an error object in the stream, a line too long
    engine_cut          the connection ended before the answer did
    question_too_large  the request body would be over MAX_REQUEST_BYTES (nothing is sent)
    cancelled           (complete() only) cancel() was called; a stream just ends instead
    answer_capped       more than max_answer_chars, or still streaming after max_answer_s
                        (``partial`` holds the text read until then, all of it already yielded)

The host is resolved and checked for each request and the socket connects to the checked
address; https verifies certificates. Each request reports an ``Egress`` (host, bytes sent,
whether an image went) as soon as it is sent, and logs one line (host, status, bytes, ms) with
neither the question, the answer nor the key.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import json
import logging
import select
import socket
import ssl
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from glasses.ask.config import AskConfig
from glasses.ask.key import ApiKey
from glasses.ask.policy import Endpoint, Resolver, check, parse_url, system_resolver, tls_context
from glasses.errors import GlassesError
from glasses.limits import printable

log = logging.getLogger("glasses.ask")

MAX_REQUEST_BYTES = 8 * 1024 * 1024   # a question with one 768 px JPEG is well under 1 MB
MAX_LINE_BYTES = 256 * 1024           # one server-sent event line
MAX_EVENT_BYTES = 1024 * 1024         # one event's data, several lines joined
MAX_BODY_BYTES = 2 * 1024 * 1024      # a non-streamed answer, or an error body (first 4 KB read)
MAX_ERROR_BYTES = 4096
POLL_S = 0.05                         # how often a connect in progress looks for cancel()

SPOKEN = {
    "engine_off": "Open questions need your home server, and none is set up.",
    "engine_refused": "Your settings point at a server I'm not allowed to use.",
    "engine_unreachable": "I can't reach your home server right now.",
    "engine_timeout": "Your home server is taking too long to answer.",
    "engine_http_error": "Your home server had a problem with that question.",
    "engine_bad_stream": "Your home server sent an answer I couldn't read.",
    "engine_cut": "The answer was cut off.",
    "answer_capped": "That's where I'll stop.",
    "question_too_large": "That's more than I can send to your home server.",
}
SPOKEN_STATUS = {
    401: "Your home server didn't accept the key.",
    403: "Your home server didn't accept the key.",
    404: "Your home server doesn't have that model.",
    429: "Your home server is busy; try again in a moment.",
}


class EngineError(GlassesError):
    """A fault talking to the engine: ``code`` for the event stream, ``spoken`` for the wearer."""

    def __init__(self, code: str, detail: str = "", *, spoken: str | None = None,
                 status: int | None = None, partial: str = "") -> None:
        self.code = code
        self.spoken = spoken if spoken is not None else SPOKEN.get(code, SPOKEN["engine_unreachable"])
        self.detail = detail
        self.status = status
        self.partial = partial
        super().__init__(f"{code}: {detail}" if detail else code, where="ask")


@dataclass(frozen=True, slots=True)
class Egress:
    """What left the device for one request (for the ``egress`` event and the HUD badge)."""
    host: str
    bytes_sent: int
    image: bool


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    egress: Egress
    ms: int


def has_image(messages: Sequence[dict]) -> bool:
    return any(isinstance(part, dict) and part.get("type") == "image_url"
               for m in messages if isinstance(m.get("content"), list) for part in m["content"])


class _Aborted(Exception):
    """The socket was shut down on purpose (cancel or a deadline); ``reason`` says which."""


class _Connection(http.client.HTTPConnection):
    """An HTTP connection to an address the policy checked (not a fresh lookup of the name);
    it counts the bytes it sends and lets another thread shut its socket."""

    def __init__(self, endpoint: Endpoint, timeout: float, request: _Request) -> None:
        super().__init__(endpoint.url.host, endpoint.url.port, timeout=timeout)
        self._addresses = endpoint.addresses
        self._request = request
        self.bytes_sent = 0

    def connect(self) -> None:
        self.sock = self._request.connect_any(self._addresses, self.port, self.timeout)

    def send(self, data) -> None:  # type: ignore[override]
        self.bytes_sent += len(data)
        super().send(data)


class _TlsConnection(_Connection):
    default_port = 443

    def connect(self) -> None:
        super().connect()
        self.sock = self._request.client.tls.wrap_socket(self.sock, server_hostname=self.host)
        self._request.adopt(self.sock)


class _Request:
    """One request's connection, deadlines and abort switch."""

    def __init__(self, client: EngineClient) -> None:
        self.client = client
        self.config = client.config
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.reason: str | None = None
        self._done = threading.Event()
        self.first_token_at: float | None = None
        self.started = client.clock()

    # -- aborting ------------------------------------------------------------------------------
    def abort(self, reason: str) -> None:
        with self._lock:
            if self.reason is None:
                self.reason = reason
            sockets = list(self._sockets)
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def adopt(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            aborted = self.reason is not None
        if aborted:
            self.abort(self.reason or "cancel")

    def watch(self, first_token: bool) -> None:
        """A watchdog thread: aborts at the first-token deadline (``first_token``) and at the
        total cap, even when the server trickles bytes that never make a token."""
        cfg = self.config
        first_deadline = self.started + cfg.first_token_timeout_s
        total_deadline = self.started + cfg.max_answer_s

        def run() -> None:
            while True:
                now = self.client.clock()
                if first_token and self.first_token_at is None and now >= first_deadline:
                    self.abort("first_token")
                    return
                if now >= total_deadline:
                    self.abort("total")
                    return
                waiting_first = first_token and self.first_token_at is None
                wait = (min(first_deadline, total_deadline) if waiting_first else total_deadline) - now
                if self._done.wait(max(0.005, wait)):
                    return

        threading.Thread(target=run, name="ask-watchdog", daemon=True).start()

    def finish(self) -> None:
        self._done.set()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            try:
                s.close()
            except OSError:
                pass

    # -- connecting ------------------------------------------------------------------------------
    def connect_any(self, addresses: Sequence[str], port: int, timeout: float) -> socket.socket:
        """Connect to the first address that answers, within ``timeout`` each; cancel() works
        while a connect is in progress."""
        last: OSError | None = None
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            self.adopt(sock)
            try:
                self._connect(sock, address, port, timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return sock
            except _Aborted:
                raise
            except OSError as exc:
                last = exc
                with self._lock:
                    self._sockets.remove(sock)
                sock.close()
        raise last or OSError("no address to connect to")

    def _connect(self, sock: socket.socket, address: str, port: int, timeout: float) -> None:
        sock.setblocking(False)
        target = (address, port, 0, 0) if sock.family == socket.AF_INET6 else (address, port)
        err = sock.connect_ex(target)
        if err not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK):
            raise OSError(err, f"connect: {errno.errorcode.get(err, err)}")
        deadline = time.monotonic() + timeout
        while err:
            if self.reason is not None:
                raise _Aborted(self.reason)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no connection in {timeout:g} s")
            _, writable, _ = select.select([], [sock], [], min(POLL_S, remaining))
            if writable:
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    raise OSError(err, f"connect: {errno.errorcode.get(err, err)}")
                break
        sock.settimeout(timeout)


class AnswerStream:
    """The pieces of one streamed answer. Iterate once; ``cancel()`` from any thread."""

    def __init__(self, client: EngineClient, messages: Sequence[dict], stream: bool = True) -> None:
        self._request = _Request(client)
        self._pieces = client._run(self._request, messages, self, stream)
        self.egress: Egress | None = None
        self.status: int | None = None
        self.chars = 0
        self.text: list[str] = []      # the pieces so far (at most max_answer_chars in all)

    def __iter__(self) -> Iterator[str]:
        return self._pieces

    def cancel(self) -> None:
        self._request.abort("cancel")

    @property
    def cancelled(self) -> bool:
        return self._request.reason == "cancel"


class EngineClient:
    """Asks the engine in ``config``; ``key`` (if any) goes as ``Authorization: Bearer``.
    ``tls`` is the context for https (default: the system's trusted CAs, host names checked);
    a test passes one that trusts its own certificate, never one that skips verification."""

    def __init__(self, config: AskConfig, key: ApiKey | None = None, *,
                 resolver: Resolver = system_resolver, clock: Callable[[], float] = time.monotonic,
                 on_egress: Callable[[Egress], None] | None = None,
                 tls: ssl.SSLContext | None = None) -> None:
        self.config = config
        self.tls = tls or tls_context()
        self.url = parse_url(config.url) if config.url else None
        self._key = key
        self._resolver = resolver
        self.clock = clock
        self.on_egress = on_egress
        self._live: weakref.WeakSet[AnswerStream] = weakref.WeakSet()   # one never iterated is not kept
        self._live_lock = threading.Lock()

    # -- public ------------------------------------------------------------------------------------
    def stream(self, messages: Sequence[dict]) -> AnswerStream:
        """Start a streamed request; nothing is sent until the stream is iterated."""
        s = AnswerStream(self, messages)
        with self._live_lock:
            self._live.add(s)
        return s

    def cancel(self) -> None:
        """Cancel every request in flight (the wake word, the button, "stop")."""
        with self._live_lock:
            live = list(self._live)
        for s in live:
            s.cancel()

    def complete(self, messages: Sequence[dict]) -> Answer:
        """Ask without streaming: the whole answer at once (bounded by max_answer_s)."""
        holder = AnswerStream(self, messages, stream=False)
        with self._live_lock:
            self._live.add(holder)
        text = "".join(holder)
        if holder.cancelled or holder.egress is None:
            raise EngineError("cancelled", "the request was cancelled", spoken="")
        return Answer(text, holder.egress, round((self.clock() - holder._request.started) * 1000))

    # -- one request ---------------------------------------------------------------------------------

    def _body(self, messages: Sequence[dict], stream: bool) -> bytes:
        cfg = self.config
        body = json.dumps({"model": cfg.model or "default", "messages": list(messages), "stream": stream,
                           "max_tokens": max(64, cfg.max_answer_chars // 3)},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(body) > MAX_REQUEST_BYTES:
            raise EngineError("question_too_large",
                              f"the question is {len(body)} bytes; at most {MAX_REQUEST_BYTES} are sent")
        return body

    def _headers(self, body: bytes, stream: bool) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body)),
                   "Accept": "text/event-stream" if stream else "application/json",
                   "User-Agent": "glasses", "Connection": "close"}
        if self._key is not None:
            headers["Authorization"] = f"Bearer {self._key.value}"
        return headers

    def _clean(self, text: str) -> str:
        """A server's message made safe for a log or an error line: printable, short, no key."""
        text = printable(text)[:200]
        if self._key is not None and self._key.value:
            text = text.replace(self._key.value, "[key]")
        return text

    def _run(self, request: _Request, messages: Sequence[dict], holder: AnswerStream,
             stream: bool) -> Iterator[str]:
        cfg = self.config
        host = self.url.hostport if self.url else "-"
        outcome = "error"
        conn: _Connection | None = None
        request.started = self.clock()
        try:
            if self.url is None:
                raise EngineError("engine_off", "ask.url is not set")
            body = self._body(messages, stream)
            try:
                endpoint = check(self.url, allow_public=cfg.allow_public, resolve=self._resolver)
            except GlassesError as exc:
                raise EngineError("engine_refused", str(exc)) from None
            except OSError as exc:
                raise EngineError("engine_unreachable", f"{self.url.host}: {exc.strerror or exc}") from None
            wait_first = cfg.first_token_timeout_s + 0.5 if stream else cfg.max_answer_s + 0.5
            cls = _TlsConnection if self.url.scheme == "https" else _Connection
            conn = cls(endpoint, cfg.timeout_s, request)
            request.watch(first_token=stream)
            try:
                conn.connect()
            except _Aborted:
                raise
            except OSError as exc:
                if request.reason is not None:
                    raise _Aborted(request.reason) from None
                raise EngineError("engine_unreachable", f"{host}: {_oserror(exc)}") from None
            sock = conn.sock        # kept: http.client drops conn.sock when the server says Connection: close
            sock.settimeout(wait_first)
            try:
                conn.request("POST", self.url.path("chat/completions"), body=body,
                             headers=self._headers(body, stream))
            finally:
                if conn.bytes_sent:
                    holder.egress = Egress(self.url.display_host, conn.bytes_sent, has_image(messages))
                    if self.on_egress is not None:
                        self.on_egress(holder.egress)
            response = conn.getresponse()
            holder.status = response.status
            if response.status != 200:
                raise self._http_error(response)
            kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            if stream and kind == "text/event-stream":
                pieces = self._read_events(request, response)
            else:  # a server that answered without streaming
                pieces = self._read_whole(response)
            for piece in pieces:
                if request.first_token_at is None:
                    request.first_token_at = self.clock()
                    with contextlib.suppress(OSError):   # a whole body read may have closed it already
                        sock.settimeout(cfg.timeout_s)
                room = cfg.max_answer_chars - holder.chars
                if len(piece) > room:
                    holder.chars += room
                    holder.text.append(piece[:room])
                    if room:
                        yield piece[:room]
                    raise EngineError("answer_capped", f"longer than {cfg.max_answer_chars} characters",
                                      partial="".join(holder.text))
                holder.chars += len(piece)
                holder.text.append(piece)
                yield piece
            outcome = str(response.status)
        except GeneratorExit:
            outcome = "stopped by the listener"
            raise
        except _Aborted:
            outcome, error = self._aborted(request, holder)
            if error is not None:
                raise error from None
        except EngineError as exc:
            if request.reason is not None:
                outcome, error = self._aborted(request, holder)
                if error is not None:
                    raise error from None
            else:
                outcome = exc.code
                raise
        except (OSError, http.client.HTTPException) as exc:
            if request.reason is not None:
                outcome, error = self._aborted(request, holder)
                if error is not None:
                    raise error from None
            else:
                code, detail = _classify(exc, holder)
                outcome = code
                raise EngineError(code, f"{host}: {detail}", status=holder.status) from None
        finally:
            request.finish()
            if conn is not None:
                conn.close()
            with self._live_lock:
                self._live.discard(holder)
            ms = round((self.clock() - request.started) * 1000)
            sent = holder.egress.bytes_sent if holder.egress else 0
            log.info("ask %s: %s, %d bytes sent, %d chars received, %d ms", host, outcome, sent,
                     holder.chars, ms)

    def _aborted(self, request: _Request, holder: AnswerStream) -> tuple[str, EngineError | None]:
        """A deliberate abort's outcome for the log line, and the error to raise (cancel: none)."""
        cfg = self.config
        if request.reason == "cancel":
            return "cancelled", None
        if request.reason == "first_token":
            return "engine_timeout", EngineError("engine_timeout",
                                                 f"no answer within {cfg.first_token_timeout_s:g} s")
        if request.first_token_at is None:
            return "engine_timeout", EngineError("engine_timeout", f"no answer within {cfg.max_answer_s:g} s")
        return "answer_capped", EngineError("answer_capped", f"still answering after {cfg.max_answer_s:g} s",
                                            partial="".join(holder.text))

    def _http_error(self, response: http.client.HTTPResponse) -> EngineError:
        raw = b""
        try:
            raw = response.read(MAX_ERROR_BYTES)
        except (OSError, http.client.HTTPException):
            pass
        detail = raw.decode("utf-8", "replace")
        try:
            obj = json.loads(detail)
            err = obj.get("error") if isinstance(obj, dict) else None
            detail = str(err.get("message", err) if isinstance(err, dict) else err or detail)
        except ValueError:
            pass
        status = response.status
        return EngineError("engine_http_error", f"HTTP {status} {self._clean(detail)}".rstrip(),
                           status=status, spoken=SPOKEN_STATUS.get(status))

    def _read_events(self, request: _Request, response: http.client.HTTPResponse) -> Iterator[str]:
        """Content pieces from a server-sent event stream, until ``data: [DONE]``."""
        finished = False
        for data in sse_data(response):
            if request.reason is not None:
                raise _Aborted(request.reason)
            if data.strip() == "[DONE]":
                return
            try:
                obj = json.loads(data)
            except ValueError:
                raise EngineError("engine_bad_stream", f"not JSON: {self._clean(data)[:60]!r}") from None
            if not isinstance(obj, dict):
                raise EngineError("engine_bad_stream", "an event that is not a JSON object")
            if "error" in obj:
                err = obj["error"]
                message = err.get("message", err) if isinstance(err, dict) else err
                raise EngineError("engine_bad_stream", f"the engine reported: {self._clean(str(message))}")
            choices = obj.get("choices")
            if not isinstance(choices, list):
                raise EngineError("engine_bad_stream", "an event without choices")
            if not choices:
                continue                      # e.g. a usage-only chunk
            choice = choices[0]
            delta = choice.get("delta") if isinstance(choice, dict) else None
            if not isinstance(delta, dict):
                raise EngineError("engine_bad_stream", "an event without choices[0].delta")
            content = delta.get("content")
            if content is not None and not isinstance(content, str):
                raise EngineError("engine_bad_stream", "choices[0].delta.content is not text")
            if content:
                yield content
            if choice.get("finish_reason"):
                finished = True
        if request.reason is not None:
            raise _Aborted(request.reason)
        if not finished:
            raise EngineError("engine_cut", "the stream ended before [DONE]")

    def _read_whole(self, response: http.client.HTTPResponse) -> Iterator[str]:
        raw = response.read(MAX_BODY_BYTES + 1)
        if response.length:               # Content-Length said more than arrived
            raise EngineError("engine_cut", f"the answer ended {response.length} bytes short")
        if len(raw) > MAX_BODY_BYTES:
            raise EngineError("engine_bad_stream", f"an answer body over {MAX_BODY_BYTES} bytes")
        try:
            obj = json.loads(raw)
            content = obj["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise EngineError("engine_bad_stream", "not an OpenAI chat completion (choices[0].message.content)") \
                from None
        if not isinstance(content, str):
            raise EngineError("engine_bad_stream", "choices[0].message.content is not text")
        if content:
            yield content


def sse_data(response) -> Iterator[str]:
    """The ``data`` of each server-sent event (lines joined with newlines, comments and other
    fields skipped), each line bounded by MAX_LINE_BYTES and each event by MAX_EVENT_BYTES."""
    lines: list[str] = []
    size = 0
    while True:
        raw = response.readline(MAX_LINE_BYTES + 1)
        if not raw:
            if lines:
                yield "\n".join(lines)
            return
        if len(raw) > MAX_LINE_BYTES:
            raise EngineError("engine_bad_stream", f"an event line over {MAX_LINE_BYTES} bytes")
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise EngineError("engine_bad_stream", "an event line that is not UTF-8") from None
        if not line:
            if lines:
                yield "\n".join(lines)
            lines, size = [], 0
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        if name != "data":
            continue
        value = value[1:] if value.startswith(" ") else value
        size += len(value)
        if size > MAX_EVENT_BYTES:
            raise EngineError("engine_bad_stream", f"an event over {MAX_EVENT_BYTES} bytes")
        lines.append(value)


def _oserror(exc: OSError) -> str:
    if isinstance(exc, TimeoutError):
        return str(exc) or "timed out"
    return exc.strerror or str(exc) or type(exc).__name__


def _classify(exc: Exception, holder: AnswerStream) -> tuple[str, str]:
    """An error while sending or reading, before or after the answer began."""
    if isinstance(exc, TimeoutError):
        return "engine_timeout", "the engine went quiet"
    if isinstance(exc, http.client.RemoteDisconnected) and holder.status is None:
        return "engine_cut", "the engine closed the connection without answering"
    if isinstance(exc, (http.client.IncompleteRead, ConnectionResetError, BrokenPipeError,
                        http.client.RemoteDisconnected)):
        return "engine_cut", "the connection dropped mid-answer"
    if isinstance(exc, http.client.HTTPException):
        return "engine_bad_stream", f"not HTTP ({type(exc).__name__})"
    if isinstance(exc, ssl.SSLError):
        return "engine_unreachable", f"TLS: {str(exc)[:120]}"
    return "engine_cut", _oserror(exc) if isinstance(exc, OSError) else type(exc).__name__

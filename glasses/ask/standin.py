"""A stand-in engine: a real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions
protocol (``POST /v1/chat/completions``, streamed as server-sent events or not; ``GET /v1/models``).

    python -m glasses.ask.standin --port 0 --mode normal --token-ms 30

prints the port it listens on as its first line. Modes:

    normal             the answer, one token every --token-ms
    stall_first_token  200 and the event-stream headers at once, then nothing for --stall-s
    keepalive          200, then an SSE comment (": ping") every --token-ms and never a word
    die_mid_stream     --die-after tokens, then the process exits (the kernel closes the socket)
    http_500, http_401 that status with an OpenAI-style error body
    bad_json           two good tokens, then a line that is not JSON
    endless            tokens forever, every --token-ms
    echo               the answer is what was received (headers and body as JSON; an image
                       data URL is replaced by its length, sha256 and first 30 characters)

``--log FILE`` appends one JSON line per request received (``{"event": "request", "at": unix time,
"body": ...}`` with data URLs summarized) and one when its answer is over (``"done"``: the last
token was sent; ``"hung_up"``: the client went away first), so a test can tell what was sent and
when the engine finished.

Standard library only, so it starts in well under a second.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = ("Hamlet was written by **William Shakespeare**. It was probably written between 1599 and 1601. "
          "It is his longest play, and one of the most performed plays in the world.")
MODES = ("normal", "stall_first_token", "keepalive", "die_mid_stream", "http_500", "http_401", "bad_json", "endless", "echo")


def tokens(text: str) -> list[str]:
    """Word-sized pieces with their leading space, as a model's tokens come."""
    out: list[str] = []
    for i, word in enumerate(text.split(" ")):
        out.append(word if i == 0 else " " + word)
    return out


def summarize(body: object) -> object:
    """The request body with every data URL replaced by its length, hash and head."""
    if isinstance(body, dict):
        return {k: summarize(v) for k, v in body.items()}
    if isinstance(body, list):
        return [summarize(v) for v in body]
    if isinstance(body, str) and body.startswith("data:"):
        return {"data_url_length": len(body), "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "head": body[:30]}
    return body


def make_handler(opts: argparse.Namespace):
    def note(event: str, **fields) -> None:
        if opts.log:
            with open(opts.log, "a", encoding="utf-8") as f:
                f.write(json.dumps({"event": event, "at": time.time(), **fields}) + "\n")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": "stand-in", "object": "model"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw)
            except ValueError:
                self._json(400, {"error": {"message": "request is not JSON"}})
                return
            if not self.path.endswith("/chat/completions"):
                self._json(404, {"error": {"message": f"no route {self.path}"}})
                return
            note("request", body=summarize(body))
            mode = opts.mode
            if mode == "http_500":
                self._json(500, {"error": {"message": "model runner crashed", "type": "server_error"}})
                return
            if mode == "http_401":   # echoes the key it got, as some servers do: the client must hide it
                got = self.headers.get("Authorization", "")
                self._json(401, {"error": {"message": f"invalid api key {got}", "type": "auth"}})
                return
            answer = opts.answer
            if mode == "echo":
                answer = json.dumps({"path": self.path, "headers": dict(self.headers.items()),
                                     "body": summarize(body)})
            if not body.get("stream"):
                self._whole(answer, body)
                return
            self._stream(answer, body, mode)

        # -- replies ---------------------------------------------------------------------------
        def _close_header(self) -> None:
            """As uvicorn and llama-server do: a client that asked for Connection: close is told so."""
            if self.headers.get("Connection", "").lower() == "close":
                self.send_header("Connection", "close")
                self.close_connection = True

        def _json(self, status: int, obj: dict) -> None:
            data = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self._close_header()
            self.end_headers()
            self.wfile.write(data)

        def _whole(self, answer: str, body: dict) -> None:
            if opts.mode == "stall_first_token":
                time.sleep(opts.stall_s)
            if opts.mode == "die_mid_stream":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "5000")
                self._close_header()
                self.end_headers()
                self.wfile.write(b'{"id": "x", "choices": [{"message": {"content": "Hamlet')
                self.wfile.flush()
                os._exit(3)
            if opts.mode == "bad_json":
                data = b'{"choices": [{"message": {"content": "Ham'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self._close_header()
                self.end_headers()
                self.wfile.write(data)
                return
            if opts.mode == "endless":  # a body that never ends
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self._close_header()
                self.end_headers()
                try:
                    self._chunk(b'{"choices": [{"message": {"content": "')
                    while True:
                        self._chunk(b"and on " * 20)
                        time.sleep(opts.token_ms / 1000)
                except OSError:
                    return
            time.sleep(opts.token_ms * len(tokens(answer)) / 1000 if opts.whole_delay else 0)
            note("done")
            self._json(200, {"id": "chatcmpl-1", "object": "chat.completion", "model": body.get("model"),
                             "choices": [{"index": 0, "finish_reason": "stop",
                                          "message": {"role": "assistant", "content": answer}}]})

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _event(self, obj: object) -> None:
            text = obj if isinstance(obj, str) else json.dumps(obj)
            self._chunk(f"data: {text}\n\n".encode())

        def _delta(self, content: str | None, finish: str | None = None) -> dict:
            delta = {} if content is None else {"content": content}
            return {"id": "chatcmpl-1", "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

        def _stream(self, answer: str, body: dict, mode: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self._close_header()
            self.end_headers()
            delay = opts.token_ms / 1000
            try:
                self._event({"id": "chatcmpl-1", "object": "chat.completion.chunk",
                             "choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]})
                if mode == "stall_first_token":
                    time.sleep(opts.stall_s)
                while mode == "keepalive":
                    self._chunk(b": ping\n\n")
                    time.sleep(delay)
                pieces = tokens(answer) if mode != "echo" else [answer[i:i + 40] for i in range(0, len(answer), 40)]
                if mode == "endless":
                    n = 0
                    while True:
                        self._event(self._delta(f" word{n}"))
                        n += 1
                        time.sleep(delay)
                for i, piece in enumerate(pieces):
                    if mode == "die_mid_stream" and i == opts.die_after:
                        os._exit(3)
                    if mode == "bad_json" and i == 2:
                        self._event('{"choices": [{"delta": {"content": "oops"')
                        time.sleep(opts.stall_s)   # the client must notice by itself
                        return
                    self._event(self._delta(piece))
                    if delay:
                        time.sleep(delay)
                note("done")
                self._event(self._delta(None, "stop"))
                self._event("[DONE]")
                self._chunk(b"")
            except OSError:   # the client hung up (cancel, a cap): nothing more to send
                note("hung_up")
                return

    return Handler


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--mode", choices=MODES, default="normal")
    ap.add_argument("--token-ms", type=float, default=30.0, help="delay between tokens")
    ap.add_argument("--stall-s", type=float, default=60.0, help="how long stall_first_token stalls")
    ap.add_argument("--die-after", type=int, default=5, help="tokens sent before die_mid_stream exits")
    ap.add_argument("--answer", default=ANSWER)
    ap.add_argument("--tls-cert", help="serve https with this certificate (and --tls-key)")
    ap.add_argument("--tls-key")
    ap.add_argument("--log", help="append a JSON line per request received and per answer finished")
    ap.add_argument("--whole-delay", action="store_true",
                    help="a non-streamed answer takes as long as streaming it would")
    opts = ap.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", opts.port), make_handler(opts))
    server.daemon_threads = True
    if opts.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts.tls_cert, opts.tls_key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()


if __name__ == "__main__":
    main()

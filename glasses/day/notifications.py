"""The local notification inbox: other programs on the device drop a JSON file into a
folder, or POST one to a small HTTP endpoint bound to 127.0.0.1 (which writes the same
kind of file). ``ingest`` moves each file into the database and then into ``done/``;
a file that is not a notification goes to ``rejected/`` with one warning line.

A notification file: {"title": "Anna", "body": "Running ten minutes late", "source": "messages"}
(title or body is required; source is optional).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from glasses.skills import spoken
from glasses.day.store import DayStore, Notification
from glasses.skills.base import Reply

log = logging.getLogger("glasses.day")
MAX_BYTES = 64 * 1024


def validate(obj: object) -> dict[str, str]:
    """The notification fields, or ValueError saying what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    out = {}
    for key in ("source", "title", "body"):
        value = obj.get(key, "")
        if not isinstance(value, str):
            raise ValueError(f"'{key}' must be text")
        out[key] = " ".join(value.split())[:500]
    if not out["title"] and not out["body"]:
        raise ValueError("needs a 'title' or a 'body'")
    return out


def write_file(inbox: Path, fields: dict[str, str]) -> Path:
    """Drop a notification into the inbox atomically (what the HTTP endpoint does)."""
    inbox.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.json"
    tmp = inbox / f".{name}.tmp"
    tmp.write_text(json.dumps(fields), encoding="utf-8")
    os.replace(tmp, inbox / name)
    return inbox / name


def ingest(inbox: Path, store: DayStore, now_ms: int) -> int:
    """Move every *.json in ``inbox`` into the store; returns how many were new."""
    try:
        entries = sorted(p for p in inbox.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
    except OSError:
        return 0
    added = 0
    for path in entries:
        try:
            st = path.stat()
            raw = path.read_bytes()
            if len(raw) > MAX_BYTES:
                raise ValueError("too large")
            fields = validate(json.loads(raw))
        except OSError:
            continue
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("notification %s: rejected (%s)", path.name, str(exc).splitlines()[0][:100])
            _move(path, inbox / "rejected")
            continue
        key = f"{path.name}:{st.st_size}:{st.st_mtime_ns}"
        if store.add_notification(fields["source"], fields["title"], fields["body"], now_ms, key):
            added += 1
        _move(path, inbox / "done")
    return added


def _move(path: Path, folder: Path) -> None:
    try:
        folder.mkdir(exist_ok=True)
        os.replace(path, folder / path.name)
    except OSError as exc:
        log.warning("notification %s: could not move it (%s)", path.name, exc.strerror)


def _said(n: Notification) -> str:
    who = n.title or n.source or "a notification"
    if n.source and n.title and n.source.lower() not in n.title.lower():
        who = f"{n.title} on {n.source}"
    return f"{who}: {n.body}" if n.body else who


def read_reply(unread: list[Notification], limit: int = 5) -> Reply:
    if not unread:
        return Reply("You have no new notifications.", {"kind": "notifications", "title": "Notifications",
                                                        "lines": ["none"]})
    spoken_ones = unread[:limit]
    text = f"You have {spoken.count(len(unread), 'new notification')}. " + " ".join(
        spoken.sentence(_said(n)) for n in spoken_ones)
    if len(unread) > limit:
        text += f" And {spoken.count(len(unread) - limit, 'more')}.".replace("mores", "more")
    return Reply(text, {"kind": "notifications", "title": "Notifications",
                        "lines": [_said(n) for n in unread]})


class NotificationServer:
    """POST /notify (JSON body) -> a file in the inbox; GET /health -> 200. 127.0.0.1 only.
    ``port`` 0 picks a free port (see ``.port`` after ``start``)."""

    def __init__(self, inbox: Path, port: int) -> None:
        self.inbox = Path(inbox)
        self.requested_port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1] if self._httpd else self.requested_port

    def start(self) -> None:
        inbox = self.inbox

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the console quiet
                pass

            def _send(self, code: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/health":
                    self._send(200, {"ok": True})
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                if self.path.rstrip("/") != "/notify":
                    self._send(404, {"error": "POST to /notify"})
                    return
                try:
                    length = int(self.headers.get("Content-Length", "0"))
                except ValueError:
                    length = -1
                if not 0 < length <= MAX_BYTES:
                    self._send(413 if length > MAX_BYTES else 400, {"error": "body missing or too large"})
                    return
                try:
                    fields = validate(json.loads(self.rfile.read(length)))
                except (ValueError, UnicodeDecodeError) as exc:
                    self._send(400, {"error": str(exc).splitlines()[0]})
                    return
                path = write_file(inbox, fields)
                self._send(202, {"ok": True, "id": path.stem})

        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.requested_port), Handler)
        self._httpd.daemon_threads = True
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

"""Shared helpers: the wearer's zone and moment, a real Open-Meteo stand-in on 127.0.0.1,
the intent parser with the day normalizers, and a DaySkill built on a temp data dir."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from glasses.day.config import DayConfig

from glasses.day.places import geonames_index
from glasses.day.skill import DaySkill
from glasses.day.store import DayStore
from glasses.understand.parser import IntentParser
from glasses.skills.base import Context

DATA = Path(__file__).parent / "data"
LONDON = ZoneInfo("Europe/London")
MONDAY_8AM = datetime(2026, 3, 2, 8, 0, tzinfo=LONDON)


class ForecastServer:
    """Serves the recorded-format forecasts; ``mode`` makes it fail: 500, slow, garbage,
    trickle (headers at once, then the body too slowly), error_json (Open-Meteo's error shape)."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.requests: list[str] = []
        self.delay_s = 5.0
        self.calendar_body: bytes | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                mode = server.mode
                if self.path.startswith("/cal/"):
                    if server.calendar_body is None or mode == "500":
                        self.send_response(500)
                        self.end_headers()
                        return
                    self._ok(server.calendar_body, "text/calendar")
                    return
                if mode == "500":
                    self.send_response(500)
                    self.send_header("Content-Length", "21")
                    self.end_headers()
                    self.wfile.write(b"Internal Server Error")
                    return
                if mode == "slow":
                    time.sleep(server.delay_s)
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                lat = float(query.get("latitude", ["51.5"])[0])
                name = "london" if lat > 40 else "tokyo"
                body = (DATA / f"{name}_2026-03-02.json").read_bytes()
                if mode == "garbage":
                    body = b'{"latitude": 51.5, "hourly": {"time": ["2026-03-02T00:00"], "temperature_2m": []}}'
                if mode == "error_json":
                    self.send_response(400)
                    payload = json.dumps({"error": True, "reason": "Latitude must be in range"}).encode()
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if mode == "trickle":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    for i in range(0, len(body), 200):
                        try:
                            self.wfile.write(body[i:i + 200])
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(0.25)
                    return
                self._ok(body, "application/json")

            def _ok(self, body: bytes, ctype: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def ctx(now: datetime) -> Context:
    """The moment ``now`` in a session that started at MONDAY_8AM (session t_ms 0)."""
    return Context(now=now, t_ms=round((now - MONDAY_8AM).total_seconds() * 1000))


def ask(skill: DaySkill, parser: IntentParser, text: str, now: datetime):
    intent = parser.parse(text)
    assert intent is not None, f"no intent for {text!r}"
    assert intent.name in skill.intents, f"{text!r} parsed as {intent.name}"
    return skill.handle(intent, ctx(now))

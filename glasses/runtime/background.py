"""Start-up and background work for a live assistant (``glasses run`` and ``glasses emulate``
alike): warm the skills, start the notification inbox, and refresh network data on its own
thread, never on the audio thread. Which skill does what is declared in skills/base.py.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, tzinfo
from typing import Callable

from glasses.errors import GlassesError
from glasses.skills.base import Context, Refreshes, ServesInbox, Warms

log = logging.getLogger("glasses.background")


class Background:
    """The background work of one live run. ``started`` names what ``start`` began, in order
    (warm, inbox, refresh), so every driver can be checked to start the same work."""

    def __init__(self, skills: list, tz: tzinfo, refresh_every_s: float,
                 now: Callable[[tzinfo], datetime] = datetime.now) -> None:
        self.skills = list(skills)
        self.tz = tz
        self.every_s = refresh_every_s
        self._now = now
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started: list[str] = []
        self.inbox_ports: list[int] = []

    def start(self, origin: datetime) -> list[str]:
        """Warm every skill, start inbox servers and the refresh thread. Returns notes for the
        wearer (one line each)."""
        notes: list[str] = []
        for skill in self.skills:  # slow one-off loads (city list, calendars) before listening
            if isinstance(skill, Warms):
                skill.warm(Context(now=origin, t_ms=0))
                self._mark("warm")
        for skill in self.skills:
            if isinstance(skill, ServesInbox):
                try:
                    port = skill.start_inbox_server()
                except GlassesError as exc:  # a port in use, a bad token file: run on without it
                    notes.append(f"notification inbox off: {exc}")
                    continue
                self._mark("inbox")
                if port:
                    self.inbox_ports.append(port)
                    notes.append(f"notifications accepted on http://127.0.0.1:{port}/")
        if any(isinstance(s, Refreshes) for s in self.skills):
            self._thread = threading.Thread(target=self._refresh_loop, name="refresh", daemon=True)
            self._thread.start()
            self._mark("refresh")
        return notes

    def _mark(self, job: str) -> None:
        if job not in self.started:
            self.started.append(job)

    def _refresh_loop(self) -> None:
        """Remote calendars and the home forecast, at start and every ``every_s`` seconds (each
        skill's ``refresh`` bounds its own timeouts; a failure is one log line)."""
        while not self._stop.is_set():
            for skill in self.skills:
                if isinstance(skill, Refreshes):
                    try:
                        for problem in skill.refresh(Context(now=self._now(self.tz), t_ms=0)):
                            log.warning("%s", problem)
                    except Exception as exc:  # noqa: BLE001 - a refresh must never take the assistant down
                        log.error("background refresh failed: %s: %s", type(exc).__name__, exc,
                                  exc_info=log.isEnabledFor(logging.DEBUG))
            self._stop.wait(self.every_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

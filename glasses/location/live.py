"""The live location feed: a background thread reads gpsd or a serial NMEA receiver and only
hands fixes over (a queue); the live loop stamps them with the session clock when it polls.
``NoLocation`` is the null twin (no receiver): polling gives nothing."""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from glasses.errors import DeviceError
from glasses.events import Location
from glasses.location.gpsd import GpsdClient
from glasses.location.nmea import NmeaParser, open_serial

log = logging.getLogger(__name__)


class NoLocation:
    reason = "no location source"

    def poll(self, t_ms: int) -> list[Location]:
        return []

    def close(self) -> None:
        pass


class LocationFeed:
    """Fixes from ``source`` (an iterator of Location, read on a daemon thread)."""

    def __init__(self, source: Iterator[Location], closer=None, reason: str = "") -> None:
        self._q: queue.Queue[Location] = queue.Queue(maxsize=100)
        self._closer = closer
        self.reason = reason
        self._thread = threading.Thread(target=self._read, args=(source,), daemon=True, name="location")
        self._thread.start()

    def _read(self, source: Iterator[Location]) -> None:
        try:
            for fix in source:
                try:
                    self._q.put_nowait(fix)
                except queue.Full:  # nobody polls: keep the newest
                    self._q.get_nowait()
                    self._q.put_nowait(fix)
        except Exception as exc:  # a receiver unplugged: navigation just stops getting fixes
            log.warning("location source stopped: %s", exc)

    def poll(self, t_ms: int) -> list[Location]:
        out = []
        while True:
            try:
                fix = self._q.get_nowait()
            except queue.Empty:
                return out
            out.append(replace(fix, t_ms=t_ms))

    def close(self) -> None:
        if self._closer is not None:
            self._closer()


def open_location(nav_config) -> NoLocation | LocationFeed:
    """The configured source (nav.gps); with ``auto``, gpsd if it answers, else none."""
    kind = nav_config.gps
    if kind == "none":
        return NoLocation()
    if kind.startswith("/"):
        stream = open_serial(Path(kind), nav_config.gps_baud)
        return LocationFeed(NmeaParser(lambda: 0).parse_lines(stream), stream.close, f"NMEA {kind}")
    host, _, port = nav_config.gpsd.rpartition(":")
    client = GpsdClient(host, int(port), timeout_s=2.0)
    try:
        client.open()
    except DeviceError:
        if kind == "gpsd":
            raise
        return NoLocation()
    return LocationFeed(client.fixes(), client.close, f"gpsd {nav_config.gpsd}")

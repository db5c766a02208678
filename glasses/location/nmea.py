"""An NMEA 0183 receiver (a serial GNSS module, or a log file of its sentences), parsed with pynmea2.

GGA gives the position and HDOP (accuracy about HDOP x 5 m); RMC gives position and course
over ground; HDT (a heading sensor) gives the true heading. Sentences with a bad checksum or
no fix are skipped; lines are bounded before parsing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pynmea2

from glasses.errors import DeviceError
from glasses.events import Location

MAX_LINE = 256  # NMEA sentences are at most 82 characters
UERE_M = 5.0    # metres of error per unit of HDOP


class NmeaParser:
    """Sentences in, fixes out (pure apart from the clock it is handed)."""

    def __init__(self, clock_ms: Callable[[], int]) -> None:
        self.clock_ms = clock_ms
        self.hdop: float | None = None
        self.heading: float | None = None

    def feed(self, line: str) -> Location | None:
        line = line.strip()
        if not line.startswith("$") or len(line) > MAX_LINE:
            return None
        try:
            msg = pynmea2.parse(line, check=True)
        except (pynmea2.ParseError, pynmea2.ChecksumError, ValueError, AttributeError):
            return None
        kind = msg.sentence_type
        if kind == "HDT":
            try:
                self.heading = float(msg.heading) % 360.0
            except (TypeError, ValueError):
                pass
            return None
        if kind == "GGA":
            if not msg.gps_qual or int(msg.gps_qual) == 0:
                return None
            try:
                self.hdop = float(msg.horizontal_dil)
            except (TypeError, ValueError):
                pass
            return self._fix(msg)
        if kind == "RMC" and msg.status == "A" and self.hdop is None:
            return self._fix(msg)  # no GGA in this stream: RMC alone
        return None

    def _fix(self, msg) -> Location | None:
        try:
            lat, lon = float(msg.latitude), float(msg.longitude)
        except (TypeError, ValueError):
            return None
        if not msg.lat or not msg.lon:
            return None
        acc = (self.hdop or 2.0) * UERE_M
        return Location(self.clock_ms(), lat, lon, acc, self.heading)

    def parse_lines(self, lines: Iterable[str]) -> Iterator[Location]:
        for line in lines:
            fix = self.feed(line)
            if fix is not None:
                yield fix


def open_serial(device: Path, baud: int = 9600):
    """The receiver's tty in raw mode at ``baud`` (termios; no extra package), as a text stream."""
    import termios
    import tty

    try:
        fd = os.open(device, os.O_RDONLY | os.O_NOCTTY)
    except OSError as exc:
        raise DeviceError(f"cannot open GNSS receiver: {exc}", where=str(device)) from None
    if os.isatty(fd):
        speed = getattr(termios, f"B{baud}", None)
        if speed is None:
            os.close(fd)
            raise DeviceError(f"unsupported baud rate {baud}", where=str(device))
        tty.setraw(fd)
        attrs = termios.tcgetattr(fd)
        attrs[4] = attrs[5] = speed
        termios.tcsetattr(fd, termios.TCSANOW, attrs)
    return os.fdopen(fd, "r", encoding="ascii", errors="replace", newline="\n")

"""A gpsd client: the JSON protocol over TCP (default 127.0.0.1:2947), the standard GNSS
daemon on a Raspberry Pi.

gpsd's own Python module ships with Debian's ``python3-gps`` rather than as a maintained
wheel, and the protocol is a line of JSON per report, so this reads it directly: ``?WATCH``
then TPV reports (lat, lon, eph/epx/epy, mode) and ATT reports (an IMU's heading). Lines
are bounded (MAX_LINE) before they are parsed.
"""

from __future__ import annotations

import json
import socket
from typing import Callable, Iterator

from glasses.errors import DeviceError
from glasses.events import Location

MAX_LINE = 16_384
WATCH = b'?WATCH={"enable":true,"json":true};\n'


def tpv_fix(report: dict, t_ms: int, heading: float | None) -> Location | None:
    """A Location from a TPV report with a 2D/3D fix, else None."""
    if report.get("class") != "TPV" or int(report.get("mode", 0) or 0) < 2:
        return None
    lat, lon = report.get("lat"), report.get("lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    eph = report.get("eph")
    if not isinstance(eph, (int, float)):
        epx, epy = report.get("epx"), report.get("epy")
        eph = max(epx, epy) if isinstance(epx, (int, float)) and isinstance(epy, (int, float)) else 10.0
    return Location(t_ms, float(lat), float(lon), float(eph), heading)


class GpsdClient:
    def __init__(self, host: str = "127.0.0.1", port: int = 2947, clock_ms: Callable[[], int] | None = None,
                 timeout_s: float = 5.0) -> None:
        self.host, self.port, self.timeout_s = host, port, timeout_s
        self.clock_ms = clock_ms or (lambda: 0)
        self._sock: socket.socket | None = None
        self.heading: float | None = None   # from ATT reports (magnetometer/IMU)

    def open(self) -> None:
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=self.timeout_s)
            self._sock.sendall(WATCH)
        except OSError as exc:
            raise DeviceError(f"gpsd at {self.host}:{self.port}: {exc} (is gpsd running? "
                              "sudo apt install gpsd)") from None

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def fixes(self) -> Iterator[Location]:
        """Fixes as gpsd reports them, until the connection closes."""
        if self._sock is None:
            self.open()
        assert self._sock is not None
        buf = b""
        while True:
            try:
                data = self._sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                fix = self._line(line)
                if fix is not None:
                    yield fix
            if len(buf) > MAX_LINE:
                buf = b""  # a runaway line: drop it, keep listening

    def _line(self, line: bytes) -> Location | None:
        if len(line) > MAX_LINE:
            return None
        try:
            report = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        if not isinstance(report, dict):
            return None
        if report.get("class") == "ATT" and isinstance(report.get("heading"), (int, float)):
            self.heading = float(report["heading"]) % 360.0
            return None
        return tpv_fix(report, self.clock_ms(), self.heading)

    def first_fix(self, max_reports: int = 50) -> Location | None:
        """One fix or None (``glasses doctor``)."""
        for n, fix in enumerate(self.fixes()):
            return fix
        return None

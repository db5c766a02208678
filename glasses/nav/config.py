"""The ``nav:`` section of config.yaml: the map, saved places and guidance thresholds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from glasses.configfile import FieldError, doc

_LATLON = re.compile(r"^\s*-?\d{1,2}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$")


@dataclass(frozen=True, slots=True)
class NavConfig:
    map: Path | None = field(default=None, metadata=doc(
        "OpenStreetMap extract (.osm.pbf) to walk in; imported once into maps_dir "
        "(default: the bundled central Helsinki extract)"))
    maps_dir: Path | None = field(default=None, metadata=doc(
        "where imported walking graphs are kept (default: $XDG_DATA_HOME/glasses/maps)"))
    places: dict = field(default_factory=dict, metadata=doc(
        "saved places, name: \"lat,lon\" or a place name in the map, e.g. {home: \"60.1620,24.9390\", "
        "work: Kauppatori}"))
    walk_speed_kmh: float = field(default=4.7, metadata=doc("your walking pace", min=1.0, max=12.0))
    announce_m: float = field(default=50.0, metadata=doc(
        "say the next turn when it is this close (\"In 40 metres, turn left\")", min=15.0, max=500.0))
    off_route_m: float = field(default=25.0, metadata=doc(
        "re-route when farther than this from the route ...", min=10.0, max=200.0))
    off_route_s: float = field(default=10.0, metadata=doc(
        "... for this long, and the route is planned again from where you are", min=2.0, max=120.0))
    arrive_m: float = field(default=15.0, metadata=doc(
        "this close to the destination counts as arrived", min=3.0, max=100.0))
    gps: str = field(default="auto", metadata=doc(
        "location source: auto (gpsd if it runs, else none), gpsd, none, or the serial device of an "
        "NMEA receiver such as /dev/ttyACM0"))
    gpsd: str = field(default="127.0.0.1:2947", metadata=doc("gpsd address, host:port"))
    gps_baud: int = field(default=9600, metadata=doc("baud rate of a serial NMEA receiver",
                                                     choices=(4800, 9600, 19200, 38400, 57600, 115200)))
    leave_margin_min: float = field(default=5.0, metadata=doc(
        "spare minutes added to the walk when saying when to leave for a meeting", min=0.0, max=60.0))

    def __post_init__(self) -> None:
        host, _, port = self.gpsd.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise FieldError("gpsd", f"expected host:port, got {self.gpsd!r}")
        if self.gps not in ("auto", "gpsd", "none") and not self.gps.startswith("/"):
            raise FieldError("gps", f"expected auto, gpsd, none or a device path such as /dev/ttyACM0, got {self.gps!r}")
        for name, value in self.places.items():
            if not isinstance(name, str) or not isinstance(value, str) or not value.strip():
                raise FieldError("places", f"{name!r}: expected a name and \"lat,lon\" or a place name")

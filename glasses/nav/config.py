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
        "farther than this from the route ...", min=10.0, max=200.0))
    off_route_s: float = field(default=10.0, metadata=doc(
        "... for this long, and the route is planned again from where you are", min=2.0, max=120.0))
    arrive_m: float = field(default=15.0, metadata=doc(
        "this close to the destination counts as arrived", min=3.0, max=100.0))
    leave_margin_min: float = field(default=5.0, metadata=doc(
        "spare minutes added to the walk when saying when to leave for a meeting", min=0.0, max=60.0))

    def __post_init__(self) -> None:
        for name, value in self.places.items():
            if not isinstance(name, str) or not isinstance(value, str) or not value.strip():
                raise FieldError("places", f"{name!r}: expected a name and \"lat,lon\" or a place name")

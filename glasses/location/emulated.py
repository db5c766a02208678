"""Location for the emulator (``glasses emulate --gps``): a GPX track played at its own pace,
or a walker that follows whatever route navigation planned, at a set speed. Both have the
live feed's interface: ``poll(t_ms)`` returns the fixes due by then, stamped ``t_ms``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import numpy as np

from glasses.errors import GlassesError
from glasses.events import Location
from glasses.geo import bearing_deg
from glasses.location.gpx import read_gpx

DEFAULT_SPEED_KMH = 5.0


class GpxPlayback:
    def __init__(self, fixes: list[Location]) -> None:
        self.fixes = fixes
        self._i = 0

    def poll(self, t_ms: int) -> list[Location]:
        out = []
        while self._i < len(self.fixes) and self.fixes[self._i].t_ms <= t_ms:
            out.append(replace(self.fixes[self._i], t_ms=t_ms))
            self._i += 1
        return out

    def close(self) -> None:
        pass


class RouteWalker:
    """Stands at ``start`` until navigation plans a route, then walks it at ``speed_mps``,
    one fix a second with the heading of the way (as from a compass)."""

    def __init__(self, current_route: Callable[[], Any], start: tuple[float, float], speed_mps: float,
                 every_ms: int = 1000) -> None:
        self.current_route = current_route
        self.lat, self.lon = start
        self.heading: float | None = None
        self.speed_mps = speed_mps
        self.every_ms = every_ms
        self._route = None
        self._route_t0 = 0
        self._next_ms = 0

    def poll(self, t_ms: int) -> list[Location]:
        if t_ms < self._next_ms:
            return []
        self._next_ms = t_ms + self.every_ms
        route = self.current_route()
        if route is not None and route is not self._route:
            self._route, self._route_t0 = route, t_ms
        if self._route is not None:
            along = min(self.speed_mps * (t_ms - self._route_t0) / 1000, self._route.distance_m)
            self.lat, self.lon, self.heading = point_along(self._route, along)
        return [Location(t_ms, self.lat, self.lon, 3.0, self.heading)]

    def close(self) -> None:
        pass


def point_along(route, along: float) -> tuple[float, float, float | None]:

    cum = route.cum_m
    if len(cum) < 2:
        return float(route.lat[0]), float(route.lon[0]), None
    i = min(max(int(np.searchsorted(cum, along, side="right")) - 1, 0), len(cum) - 2)
    seg = cum[i + 1] - cum[i]
    f = 0.0 if seg <= 0 else min(1.0, (along - cum[i]) / seg)
    a, b = (route.lat[i], route.lon[i]), (route.lat[i + 1], route.lon[i + 1])
    return (float(a[0] + (b[0] - a[0]) * f), float(a[1] + (b[1] - a[1]) * f),
            bearing_deg(float(a[0]), float(a[1]), float(b[0]), float(b[1])))


def emulated_location(arg: str | None, skills: list, speed_kmh: float = DEFAULT_SPEED_KMH):
    """``--gps`` for the emulator: a .gpx file, or ``walk`` / ``walk@PLACE`` (start there and walk
    the planned routes); None without the option."""
    if not arg:
        return None
    nav = next((s for s in skills if hasattr(s, "trip") and hasattr(s, "navmap")), None)
    if arg.lower().endswith(".gpx"):
        return GpxPlayback(read_gpx(Path(arg)))
    if not arg.startswith("walk"):
        raise GlassesError(f"--gps {arg!r}: expected a .gpx file, walk, or walk@PLACE")
    if nav is None:
        raise GlassesError("--gps walk needs the navigation skill")
    where = arg.partition("@")[2] or "Rautatientori"
    place = nav.navmap.find(where)
    return RouteWalker(lambda: nav.trip.route if nav.trip is not None else None, (place.lat, place.lon),
                       speed_kmh / 3.6)

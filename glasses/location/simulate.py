"""A simulated walker: fixes along a polyline at a set pace, with GNSS-like noise and a
heading, on the session clock. Used by the emulator (walk the planned route) and by the
scenario tests (walks synthesized along real routes of the map)."""

from __future__ import annotations

import math
import random
from typing import Iterator, Sequence

from glasses.events import Location
from glasses.geo import bearing_deg, distance_m, offset


def walk(points: Sequence[tuple[float, float]], *, speed_mps: float = 1.4, every_ms: int = 1000,
         start_ms: int = 0, noise_m: float = 3.0, heading_noise_deg: float = 8.0, seed: int = 0,
         compass: bool = True) -> Iterator[Location]:
    """Fixes every ``every_ms`` walking ``points`` at ``speed_mps``.

    Noise: a slowly drifting offset (GNSS error is correlated from second to second) of
    about ``noise_m`` metres, plus heading jitter. ``compass=False`` leaves heading_deg None
    (no IMU: the heading must come from the track).
    """
    rnd = random.Random(seed)
    legs = [(a, b, distance_m(a[0], a[1], b[0], b[1])) for a, b in zip(points, points[1:])]
    total = sum(d for _, _, d in legs)
    step = speed_mps * every_ms / 1000.0
    ex = ey = 0.0
    alpha = 0.8  # error correlation between fixes
    walked, t = 0.0, start_ms
    while True:
        lat, lon, bearing = _at(legs, min(walked, total))
        sigma = noise_m * math.sqrt(1 - alpha * alpha)
        ex, ey = alpha * ex + rnd.gauss(0, sigma), alpha * ey + rnd.gauss(0, sigma)
        nlat, nlon = offset(lat, lon, 90.0, ex)
        nlat, nlon = offset(nlat, nlon, 0.0, ey)
        heading = (bearing + rnd.gauss(0, heading_noise_deg)) % 360 if compass else None
        yield Location(t, nlat, nlon, max(1.0, noise_m * 1.5), heading)
        if walked >= total:
            return
        walked += step
        t += every_ms


def _at(legs, along: float) -> tuple[float, float, float]:
    for (a, b, d) in legs:
        if along <= d or (a, b, d) is legs[-1]:
            f = 0.0 if d == 0 else min(1.0, along / d)
            lat = a[0] + (b[0] - a[0]) * f
            lon = a[1] + (b[1] - a[1]) * f
            return lat, lon, bearing_deg(a[0], a[1], b[0], b[1])
        along -= d
    a = legs[-1][0] if legs else (0.0, 0.0)
    return a[0], a[1], 0.0

"""Bearing and distance maths on the Earth's surface (pure, degrees and metres)."""

from __future__ import annotations

import math

import numpy as np

EARTH_R = 6_371_008.8  # mean Earth radius, metres


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_R * math.asin(min(1.0, math.sqrt(a)))


def distances_m(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Haversine distances from one point to many, metres."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_R * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from north, 0..360."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


def angle_diff(to_deg: float, from_deg: float) -> float:
    """Signed smallest turn from ``from_deg`` to ``to_deg``: -180..180, positive is clockwise (right)."""
    return (to_deg - from_deg + 180.0) % 360.0 - 180.0


def offset(lat: float, lon: float, bearing: float, dist: float) -> tuple[float, float]:
    """The point ``dist`` metres from (lat, lon) along ``bearing`` (flat-Earth, fine under a few km)."""
    b = math.radians(bearing)
    dlat = dist * math.cos(b) / EARTH_R
    dlon = dist * math.sin(b) / (EARTH_R * math.cos(math.radians(lat)))
    return lat + math.degrees(dlat), lon + math.degrees(dlon)


class LocalFrame:
    """An equirectangular projection around a reference latitude: (lat, lon) -> (x east, y north) metres."""

    def __init__(self, lat0: float, lon0: float) -> None:
        self.lat0, self.lon0 = lat0, lon0
        self.kx = math.radians(1.0) * EARTH_R * math.cos(math.radians(lat0))
        self.ky = math.radians(1.0) * EARTH_R

    def xy(self, lat, lon):
        return (lon - self.lon0) * self.kx, (lat - self.lat0) * self.ky


def project_on_segment(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> tuple[float, float]:
    """(fraction 0..1 along a->b of the closest point, distance from p to it), in the frame's metres."""
    dx, dy = bx - ax, by - ay
    den = dx * dx + dy * dy
    f = 0.0 if den == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / den))
    cx, cy = ax + f * dx, ay + f * dy
    return f, math.hypot(px - cx, py - cy)


def compass_word(bearing: float) -> str:
    """north, northeast, ... for a bearing in degrees."""
    words = ("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest")
    return words[int((bearing % 360 + 22.5) // 45) % 8]

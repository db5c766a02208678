"""The direction the wearer faces: from a magnetometer/IMU when a fix carries one, else
from the track (the bearing of the last few metres walked). Pure; fed fix by fix."""

from __future__ import annotations

from dataclasses import replace

from glasses.events import Location
from glasses.geo import bearing_deg, distance_m

MIN_TRACK_M = 4.0   # the wearer must have moved this far for the track to say where they face


class TrackHeading:
    """Fills ``heading_deg`` of fixes that have none, from the recent track."""

    def __init__(self, min_move_m: float = MIN_TRACK_M) -> None:
        self.min_move_m = min_move_m
        self._anchor: Location | None = None
        self.heading: float | None = None

    def reset(self) -> None:
        self._anchor, self.heading = None, None

    def update(self, fix: Location) -> Location:
        if fix.heading_deg is not None:  # an IMU/compass heading wins
            self.heading = fix.heading_deg
            self._anchor = fix
            return fix
        if self._anchor is None:
            self._anchor = fix
        else:
            moved = distance_m(self._anchor.lat, self._anchor.lon, fix.lat, fix.lon)
            if moved >= max(self.min_move_m, fix.accuracy_m * 0.8):
                self.heading = bearing_deg(self._anchor.lat, self._anchor.lon, fix.lat, fix.lon)
                self._anchor = fix
        return replace(fix, heading_deg=self.heading) if self.heading is not None else fix

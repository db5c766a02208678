"""A GPX track (gpxpy) as timed fixes for the emulator's ``--gps track.gpx``."""

from __future__ import annotations

from pathlib import Path

import gpxpy
import gpxpy.gpx

from glasses.errors import GlassesError
from glasses.events import Location

MAX_GPX_BYTES = 50_000_000


def read_gpx(path: Path, every_ms_without_time: int = 1000) -> list[Location]:
    """Track (else route) points; times relative to the first point, or one fix per second if untimed."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_GPX_BYTES:
            raise GlassesError(f"larger than {MAX_GPX_BYTES // 1_000_000} MB", where=str(path))
        with open(path, encoding="utf-8") as f:
            gpx = gpxpy.parse(f)
    except (OSError, UnicodeDecodeError) as exc:
        raise GlassesError(f"cannot read: {exc}", where=str(path)) from None
    except gpxpy.gpx.GPXException as exc:
        raise GlassesError(f"not a GPX file: {exc}", where=str(path)) from None
    points = [p for t in gpx.tracks for s in t.segments for p in s.points] or \
             [p for r in gpx.routes for p in r.points]
    if not points:
        raise GlassesError("no track or route points", where=str(path))
    t0 = points[0].time
    fixes = []
    for i, p in enumerate(points):
        if t0 is not None and p.time is not None:
            t = int((p.time - t0).total_seconds() * 1000)
        else:
            t = i * every_ms_without_time
        acc = p.horizontal_dilution * 5.0 if p.horizontal_dilution else 5.0
        fixes.append(Location(max(0, t), p.latitude, p.longitude, acc, None))
    return sorted(fixes, key=lambda f: f.t_ms)

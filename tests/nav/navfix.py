"""Helpers for the navigation tests: test data, walks synthesized along real routes, sessions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from glasses.events import Location
from glasses.location.simulate import walk
from glasses.geo import offset

DATA = Path(__file__).parent / "data"


def route_points(route) -> list[tuple[float, float]]:
    return list(zip(route.lat.tolist(), route.lon.tolist()))


def walk_route(route, *, start_ms: int = 1000, seed: int = 0, noise_m: float = 3.0, compass: bool = True,
               speed_mps: float = 1.4) -> list[Location]:
    return list(walk(route_points(route), start_ms=start_ms, seed=seed, noise_m=noise_m, compass=compass,
                     speed_mps=speed_mps))


def distance_to_route(route, lat: float, lon: float) -> float:
    from glasses.geo import LocalFrame

    fr = LocalFrame(lat, lon)
    x, y = fr.xy(route.lat, route.lon)
    ax, ay, dx, dy = x[:-1], y[:-1], np.diff(x), np.diff(y)
    f = np.clip((-ax * dx - ay * dy) / np.maximum(dx * dx + dy * dy, 1e-9), 0, 1)
    return float(np.min(np.hypot(ax + f * dx, ay + f * dy)))


def wrong_turn_walk(route, turn_at_m: float, straight_m: float = 150.0, *, start_ms: int = 1000,
                    seed: int = 0) -> list[Location]:
    """Follow the route to ``turn_at_m``, then take a wrong way: the direction (not within 60
    degrees of the right one) that leads farthest from the route within ``straight_m``."""
    from glasses.geo import angle_diff, bearing_deg

    i = int(np.searchsorted(route.cum_m, turn_at_m))
    pts = route_points(route)[: i + 1]
    right_way = bearing_deg(*pts[-1], *route_points(route)[min(i + 2, len(route.lat) - 1)])

    def worst(b: float) -> float:
        return min(distance_to_route(route, *offset(*pts[-1], b, d)) for d in (straight_m * 0.5, straight_m))

    choices = [b for b in range(0, 360, 15) if abs(angle_diff(b, right_way)) > 60]
    wrong = max(choices, key=worst)
    pts.append(offset(*pts[-1], wrong, straight_m))
    return list(walk(pts, start_ms=start_ms, seed=seed, noise_m=2.0))


def write_session(root: Path, *, texts: list[tuple[int, str]], fixes: list[Location],
                  started_at: str = "2026-03-02T09:00:00+02:00", calendar: Path | None = None,
                  config: dict | None = None) -> Path:
    import shutil

    import yaml

    from glasses.location.jsonl import write_locations

    root.mkdir(parents=True)
    meta = {"format": "glasses-session/1", "started_at": started_at, "timezone": "Europe/Helsinki",
            "notes": "walk synthesized along a route of the Helsinki extract"}
    if config:
        meta["config"] = config
    (root / "session.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    (root / "events.jsonl").write_text("".join(json.dumps({"t_ms": t, "type": "text", "text": x}) + "\n"
                                               for t, x in texts), encoding="utf-8")
    write_locations(root / "location.jsonl", fixes)
    if calendar is not None:
        shutil.copy(calendar, root / "calendar.ics")
    return root

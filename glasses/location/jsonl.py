"""``location.jsonl`` in a session: one fix per line,
``{"t_ms": 1200, "lat": 60.1675, "lon": 24.9427, "accuracy_m": 5.0, "heading_deg": 271.0}``
(accuracy_m and heading_deg optional; heading_deg null when unknown). Bad rows raise
SessionError naming the file and line; at most MAX_FIXES rows are read."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Iterable

from glasses.errors import SessionError
from glasses.events import Location
from glasses.safe_read import RefusedFile, open_regular

MAX_FIXES = 1_000_000     # about 11 days at one fix per second
MAX_LINE = 4096


def _number(row: dict, key: str, lo: float, hi: float, where: str, optional: bool = False) -> float | None:
    v = row.get(key)
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not lo <= v <= hi:
        raise SessionError(f"{key} must be a number in {lo:g}..{hi:g}, found {v!r}", where=where)
    return float(v)


def parse_fix(row: Any, where: str) -> Location:
    if not isinstance(row, dict):
        raise SessionError("each line must be a JSON object", where=where)
    t = row.get("t_ms")
    if not isinstance(t, int) or isinstance(t, bool) or t < 0:
        raise SessionError(f"t_ms must be a whole number of milliseconds >= 0, found {t!r}", where=where)
    lat = _number(row, "lat", -90, 90, where)
    lon = _number(row, "lon", -180, 180, where)
    acc = _number(row, "accuracy_m", 0, 100_000, where, optional=True)
    heading = _number(row, "heading_deg", -360, 720, where, optional=True)
    return Location(t, lat, lon, 5.0 if acc is None else acc,  # type: ignore[arg-type]
                    None if heading is None else heading % 360.0)


def read_locations(path: Path) -> list[Location]:
    """The fixes of a regular file, read a bounded line at a time (MAX_LINE, MAX_FIXES)."""
    fixes = []
    try:
        with open_regular(path) as f:
            n = 0
            while True:
                raw = f.readline(MAX_LINE + 1)
                if not raw:
                    break
                n += 1
                if n > MAX_FIXES:
                    raise SessionError(f"more than {MAX_FIXES} fixes", where=str(path))
                if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                    raise SessionError(f"line longer than {MAX_LINE} characters", where=f"{path}:{n}")
                line = raw.decode("utf-8")
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                    raise SessionError(f"invalid JSON ({msg})", where=f"{path}:{n}") from None
                fixes.append(parse_fix(row, f"{path}:{n}"))
    except RefusedFile as exc:
        raise SessionError(exc.reason, where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise SessionError(f"not UTF-8 text (byte {exc.start} of the line)", where=f"{path}:{n}") from None
    except OSError as exc:
        raise SessionError(f"cannot read: {exc.strerror or exc}", where=str(path)) from None
    return sorted(fixes, key=lambda f: f.t_ms)


def fix_row(fix: Location) -> dict[str, Any]:
    return {"t_ms": fix.t_ms, "lat": round(fix.lat, 7), "lon": round(fix.lon, 7),
            "accuracy_m": round(fix.accuracy_m, 1),
            "heading_deg": None if fix.heading_deg is None else round(fix.heading_deg, 1)}


def write_locations(path: Path, fixes: Iterable[Location]) -> None:
    path.write_text("".join(json.dumps(fix_row(f)) + "\n" for f in fixes), encoding="utf-8")

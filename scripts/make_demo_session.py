#!/usr/bin/env python3
"""Rebuild the bundled demo session (glasses/data/demo) from scripts/demo_session.yaml.

The session carries its own calendar (calendar.ics) and recorded forecast
(weather/forecast.json), so `glasses demo` answers the same way on every machine.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glasses.day.config import DEMO_DIR, DEMO_FORECAST  # noqa: E402
from glasses.scriptgen import build_session_file  # noqa: E402


def main() -> int:
    out = ROOT / "glasses" / "data" / "demo"
    if out.exists():
        shutil.rmtree(out)
    build_session_file(ROOT / "scripts" / "demo_session.yaml", out)
    shutil.copy(DEMO_DIR / "demo.ics", out / "calendar.ics")
    (out / "weather").mkdir()
    shutil.copy(DEMO_FORECAST, out / "weather" / "forecast.json")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""HUD benchmark: render time per update and the camera-composited frame rate.

``bench_hud()`` returns a dict for the project's benchmark report. Timings are
measured on this machine; the Raspberry Pi figures are *estimates* made by scaling
with published single-core ratios (see PI_SLOWDOWN), not measurements.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from glasses.day.cards import TimerCard, WeatherCard
from glasses.look.cards import ProductCard
from glasses.events import Camera, Say, State, TimerChange, TimerPhase, Transcript
from glasses.hud.config import HudConfig
from glasses.hud.render import HudRenderer, composite, render
from glasses.hud.state import HudState, HudTracker

# How many times slower than one core of a current x86 laptop/desktop (about 1000-1400
# Geekbench 5 single-core) each board is for this kind of single-threaded OpenCV work,
# from published Geekbench 5 single-core scores: Pi 5 about 750-900, Pi 4 about 230-280,
# Pi Zero 2 W about 140-160 (Pi 3-class cores at 1 GHz). Rounded pessimistically.
PI_SLOWDOWN = {"pi5": 2.0, "pi4": 5.0, "pi_zero_2w": 9.0}

_LONG = ("Organic oats, water, rapeseed oil, sea salt. Reviews say it is creamy and froths well "
         "for coffee; some find it too sweet. Cheaper at the market on Saturdays. ") * 3


def sample_states() -> list[HudState]:
    """A spread of realistic screens: idle, listening with a partial, each card kind."""
    def of(*events: Any) -> HudState:
        tracker = HudTracker()
        for e in events:
            tracker.process(e)
        return tracker.state

    return [
        of(State(0, "idle")),
        of(State(0, "listening"), Transcript(0, "what's on my calen", False)),
        of(State(0, "speaking"), Transcript(0, "set a timer for five minutes", True),
           Say(0, "Timer set", card=TimerCard(title="Tea", lines=("Rings at 14:35",), ends_at_ms=300_000)),
           TimerChange(0, "1", "Tea", 300_000, TimerPhase.STARTED)),
        of(State(0, "speaking"), Say(0, "", card=WeatherCard(title="Berlin: 21°C, light rain",
                                                             lines=("High 23° low 14°", "Rain until 16:00")))),
        of(State(0, "speaking"), Camera(0, True), Transcript(0, "what is this", True),
           Say(0, "", card=ProductCard(title="Oatly Oat Milk Barista 1 L", price="€2.49", rating=4.3, reviews=1284,
                                       lines=(_LONG,)))),
        of(State(0, "speaking"), Say(0, _LONG)),
    ]


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def bench_hud(config: HudConfig | None = None, updates: int = 300, frames: int = 300,
              camera_size: tuple[int, int] = (640, 480)) -> dict[str, Any]:
    cfg = config or HudConfig(width=640, height=400)
    states = sample_states()
    for s in states:  # warm caches (text measurement) as a running assistant would have
        render(s, 0, cfg)

    per_update = []
    for i in range(updates):
        s = states[i % len(states)]
        t0 = time.perf_counter()
        render(s, 1000 + i * 37, cfg)
        per_update.append((time.perf_counter() - t0) * 1000)

    rng = np.random.default_rng(0)
    camera = rng.integers(0, 255, (camera_size[1], camera_size[0], 3), dtype=np.uint8)

    # emulator loop: a new camera frame every iteration, the HUD redrawn only when it changes
    renderer = HudRenderer(cfg)
    s = states[2]  # a running timer: redraw once per second of countdown
    t0 = time.perf_counter()
    for i in range(frames):
        renderer.frame(s, i * 50, camera)
    cached_fps = frames / (time.perf_counter() - t0)

    # worst case: the HUD redrawn on every frame
    t0 = time.perf_counter()
    for i in range(frames):
        composite(camera, render(states[i % len(states)], i * 50, cfg), cfg.opacity)
    uncached_fps = frames / (time.perf_counter() - t0)

    p50, p95 = _percentile(per_update, 50), _percentile(per_update, 95)
    return {
        "hud_size": f"{cfg.width}x{cfg.height}",
        "camera_size": f"{camera_size[0]}x{camera_size[1]}",
        "hud_render_ms_p50": round(p50, 2),
        "hud_render_ms_p95": round(p95, 2),
        "composited_fps": round(cached_fps, 1),
        "composited_fps_redraw_every_frame": round(uncached_fps, 1),
        "estimated": {
            board: {"hud_render_ms_p95": round(p95 * k, 1),
                    "composited_fps_redraw_every_frame": round(uncached_fps / k, 1)}
            for board, k in PI_SLOWDOWN.items()
        },
        "estimate_note": "Pi figures = this machine's x86 timings scaled by published Geekbench 5 "
                         "single-core ratios (PI_SLOWDOWN); not measured on a Pi",
    }


if __name__ == "__main__":  # python -m glasses.benchmarks.hud
    import json

    print(json.dumps(bench_hud(), indent=2))

"""Emulator frame rate: the window's work per frame (camera view + HUD + strip), measured.

``bench_emulator()`` returns a dict for the project's benchmark report:

- ``compose_fps``: frames per second that composition alone allows (a new 640x480
  camera frame every time, scaled into the HUD; the HUD redrawn when its content
  changes, as in the running emulator, here every 10th frame);
- ``compose_fps_redraw_every_frame``: the worst case, the HUD redrawn on every frame;
- ``window_fps``: the same plus ``cv2.imshow`` and ``cv2.waitKey(1)`` in a real window,
  when there is a display (None otherwise). The emulator caps itself at ``--fps``
  (30 by default), so this is headroom, not what it runs at.
"""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

from glasses.emulator.view import EmulatorView, Entry
from glasses.benchmarks.hud import sample_states
from glasses.hud.config import HudConfig
from glasses.hud.render import HudRenderer

ENTRIES = (Entry("heard", "what is this"), Entry("said", "Oatly Oat Milk Barista, 2.49 euros, rated 4.3."),
           Entry("typed", "what time is it"), Entry("said", "It's half past eight in the morning."))


def _run(view: EmulatorView, frames: int, camera: np.ndarray, every: int, show=None) -> float:
    states = sample_states()
    t0 = time.perf_counter()
    for i in range(frames):
        state = states[(i // every) % len(states)]
        image = view.frame(state, (i // every) * 37, camera, ENTRIES, f"00:{i % 60:02d} | mic: laptop")
        if show is not None:
            show(image)
    return frames / (time.perf_counter() - t0)


def bench_emulator(frames: int = 300, camera_size: tuple[int, int] = (640, 480),
                   config: HudConfig | None = None, window: bool | None = None) -> dict[str, Any]:
    cfg = config or HudConfig()
    camera = np.random.default_rng(0).integers(0, 255, (camera_size[1], camera_size[0], 3), dtype=np.uint8)
    view = EmulatorView(HudRenderer(cfg))
    _run(view, 20, camera, 10)  # warm text caches
    result: dict[str, Any] = {
        "view_size": f"{view.width}x{view.height}",
        "camera_size": f"{camera_size[0]}x{camera_size[1]}",
        "compose_fps": round(_run(view, frames, camera, 10), 1),
        "compose_fps_redraw_every_frame": round(_run(view, frames, camera, 1), 1),
        "window_fps": None,
        "target_fps": 20,
    }
    if window is None:
        window = bool(os.environ.get("DISPLAY"))
    if window:
        from glasses.emulator.window import Window

        win = Window("glasses emulator bench")
        try:
            def show(image: np.ndarray) -> None:
                win.show(image)
                win.wait_key(1)

            result["window_fps"] = round(_run(view, frames, camera, 10, show), 1)
        finally:
            win.close()
    return result


if __name__ == "__main__":  # python -m glasses.benchmarks.emulator (window_fps needs a display)
    import json

    print(json.dumps(bench_emulator(), indent=2))

"""The heads-up display: a pure state reducer over events and an OpenCV renderer.

    tracker = HudTracker()                 # a stage: events in, HudUpdate out
    renderer = HudRenderer(HudConfig())    # glasses.hud.render: state + session time -> BGR image
    for event in events:
        emit(*tracker.process(event))
        image = renderer.render(tracker.state, event.t_ms)

The renderer (OpenCV, 91 MB) is imported from glasses.hud.render by what draws, so the config and
the state reducer cost nothing to the text path.
"""

from glasses.hud.config import HudConfig
from glasses.hud.state import MODES, HudState, HudTracker, Timer
from glasses.hud.update import HudUpdate

__all__ = ["HudConfig", "HudState", "HudTracker", "HudUpdate", "MODES", "Timer"]

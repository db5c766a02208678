"""The heads-up display: a pure state reducer over events and an OpenCV renderer.

    tracker = HudTracker()                 # a stage: events in, HudUpdate out
    renderer = HudRenderer(HudConfig())    # state + session time -> BGR image
    for event in events:
        emit(*tracker.process(event))
        image = renderer.render(tracker.state, event.t_ms)
"""

from glasses.hud.config import HudConfig
from glasses.hud.render import HudRenderer, composite, render
from glasses.hud.state import MODES, HudState, HudTracker, Timer
from glasses.hud.update import HudUpdate

__all__ = ["HudConfig", "HudRenderer", "HudState", "HudTracker", "HudUpdate", "MODES",
           "Timer", "composite", "render"]

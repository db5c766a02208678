"""The rig's small display, through luma.core's dummy device (no hardware needed)."""

import numpy as np
import pytest

from glasses.events import Camera, Say, State
from glasses.hud import HudConfig, HudTracker
from glasses.hud.render import HudRenderer
from glasses.hud.layout import layout
from glasses.hud.panel import LumaPanel, NullPanel

from luma.core.device import dummy  # noqa: E402  (in the test extra)


def state():
    tracker = HudTracker()
    for e in (State(0, "speaking"), Camera(0, True), Say(0, "Tea in 5 minutes")):
        tracker.process(e)
    return tracker.state


@pytest.mark.parametrize("mode", ["1", "RGB"])
def test_hud_reaches_a_panel_in_its_own_mode(mode):
    device = dummy(width=128, height=64, mode=mode)
    cfg = HudConfig(width=128, height=64, font_scale=3.0)
    renderer, panel = HudRenderer(cfg), LumaPanel(device)
    st = state()
    assert panel.show(renderer.render(st, 0))
    shown = np.array(device.image.convert("L"))
    assert shown.shape == (64, 128)
    ops = layout(st, 0, cfg)
    x0, y0, x1, y1 = next(op for op in ops if op.role == "body").box
    assert (shown[y0:y1, x0:x1] > 128).sum() > 20     # the answer's text is lit
    panel_bottom = next(op for op in ops if op.role == "panel").y1
    assert panel_bottom < 63 and shown[panel_bottom + 1:, :].max() < 60  # dark below the card


def test_same_image_is_not_pushed_twice():
    device = dummy(width=160, height=120, mode="RGB")
    renderer, panel = HudRenderer(HudConfig(width=160, height=120, font_scale=2.0)), LumaPanel(device)
    st = state()
    assert panel.show(renderer.render(st, 0))
    assert not panel.show(renderer.render(st, 500))
    assert panel.pushes == 1


def test_resizes_to_the_panel():
    device = dummy(width=240, height=135, mode="RGB")
    panel = LumaPanel(device)
    panel.show(np.full((400, 640, 3), 255, np.uint8))
    assert device.image.size == (240, 135)
    assert np.array(device.image).min() == 255


def test_null_panel():
    p = NullPanel()
    assert not p.show(np.zeros((2, 2, 3), np.uint8))
    p.clear()

"""The rendered image: right size and type, pixels where the layout says, camera composited."""

import numpy as np
import pytest

from glasses.events import Camera, Say, State
from glasses.hud import HudConfig, HudTracker
from glasses.hud.render import HudRenderer, composite, render
from glasses.hud.layout import RED, layout
from cardfix import typed_card


def state_of(*events):
    tracker = HudTracker()
    for e in events:
        tracker.process(e)
    return tracker.state


def red_pixels(img):
    b, g, r = (img[..., i].astype(int) for i in range(3))
    return (r > 180) & (g < 90) & (b < 90)


@pytest.mark.parametrize("w,h", [(640, 400), (320, 240), (1280, 720)])
def test_image_shape_and_type(w, h):
    img = render(state_of(Say(0, "hello")), 0, HudConfig(width=w, height=h))
    assert img.shape == (h, w, 3) and img.dtype == np.uint8


def test_privacy_indicator_pixels_top_right_only_when_camera_on():
    cfg = HudConfig()
    on = render(state_of(Camera(0, True)), 0, cfg)
    off = render(state_of(Camera(0, True), Camera(1, False)), 1, cfg)
    top_right = (slice(0, 40), slice(cfg.width - 120, cfg.width))
    assert red_pixels(on[top_right]).sum() > 100
    assert red_pixels(off).sum() == 0
    assert RED == (40, 40, 235)


def test_text_is_drawn_where_the_layout_puts_it():
    cfg = HudConfig()
    st = state_of(State(0, "speaking"), Say(0, "The meeting with Anna is at three."))
    img = render(st, 0, cfg)
    for op in layout(st, 0, cfg):
        if op.role == "body":
            x0, y0, x1, y1 = op.box
            region = img[y0:y1, x0:x1]
            assert (region > 200).all(axis=2).sum() > 50  # white strokes present
    # the idle screen with nothing to show is black except the status bar
    idle = render(state_of(), 0, cfg)
    assert idle[60:].max() == 0 and idle[:30].max() > 0


def test_mirror_flips_left_right():
    st = state_of(Camera(0, True), Say(0, "Hello"))
    plain = render(st, 0, HudConfig())
    mirrored = render(st, 0, HudConfig(mirror=True))
    assert np.array_equal(plain[:, ::-1], mirrored)


def test_composite_shows_camera_where_hud_is_black_and_hud_over_it():
    cfg = HudConfig()
    hud = render(state_of(Say(0, "Hello")), 0, cfg)
    camera = np.full((480, 640, 3), (0, 255, 0), np.uint8)  # 4:3 camera, cropped to 16:10
    out = composite(camera, hud, opacity=0.85)
    assert out.shape == hud.shape
    black = (hud == 0).all(axis=2)
    assert (out[black] == (0, 255, 0)).all()
    drawn = ~black
    assert np.abs(out[drawn].astype(int) - (hud[drawn] * 0.85 + np.array([0, 255, 0]) * 0.15)).max() <= 1
    assert composite(None, hud).shape == hud.shape


def test_renderer_redraws_only_when_the_picture_changes():
    cfg = HudConfig()
    r = HudRenderer(cfg)
    st = state_of(Say(0, "Tea", card=typed_card("timer", title="Tea", ends_at_ms=10_000)))
    a = r.render(st, 0)
    b = r.render(st, 400)          # same second on the countdown: cached
    assert a is b and r.redraws == 1
    assert not a.flags.writeable
    c = r.render(st, 1_001)        # 8.999 s left -> 0:09
    assert r.redraws == 2 and not np.array_equal(a, c)
    assert np.array_equal(c, render(st, 1_001, cfg))
    st2, _ = st.apply(Camera(2_000, True))
    r.render(st2, 1_001)
    assert r.redraws == 3
    frame = r.frame(st2, 1_001, np.zeros((480, 640, 3), np.uint8))
    assert frame.shape == (400, 640, 3) and frame.flags.writeable

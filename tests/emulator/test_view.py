import numpy as np

from glasses.emulator.view import (EmulatorView, Entry, entry_for, held_frame, render_strip, strip_height,
                                   strip_rows)
from glasses.events import Error, Say, Transcript
from glasses.hud.config import HudConfig
from glasses.hud.render import HudRenderer
from glasses.hud.state import HudState

GREEN = (40, 160, 40)


def camera(w=640, h=480, color=GREEN):
    img = np.zeros((h, w, 3), np.uint8)
    img[:] = color
    return img


def test_the_frame_is_the_hud_over_the_camera_above_the_strip():
    view = EmulatorView(HudRenderer(HudConfig(width=640, height=400)))
    img = view.frame(HudState(mode="speaking", camera_on=True), 0, camera(), [Entry("said", "It's 8:30.")],
                     "00:01 | mic: laptop")
    assert img.shape == (400 + strip_height(5), 640, 3)
    # the middle of the view is camera (nothing drawn there), the status bar is HUD
    assert tuple(img[250, 320]) == GREEN
    bar = img[5:35, 100:500].reshape(-1, 3)
    assert (np.abs(bar.astype(int) - GREEN).sum(axis=1) > 60).mean() > 0.9
    # the privacy indicator (red) at the top right
    top_right = img[0:40, 540:640].reshape(-1, 3).astype(int)
    assert ((top_right[:, 2] > 180) & (top_right[:, 1] < 100)).sum() > 20
    # the strip is not camera and has text on it
    strip = img[400:]
    assert not (np.abs(strip.astype(int) - GREEN).sum(axis=2) < 10).any()
    assert (strip.max(axis=2) > 150).sum() > 100


def test_no_camera_gives_a_blank_view():
    view = EmulatorView(HudRenderer(HudConfig()))
    img = view.frame(HudState(), 0, None, [], "")
    assert tuple(img[250, 320]) == (40, 40, 40)


def test_a_tiny_rig_display_is_scaled_up_for_the_window():
    view = EmulatorView(HudRenderer(HudConfig(width=128, height=96)))
    img = view.frame(HudState(), 0, camera(), [], "status")
    assert img.shape[1] >= 480 and img.shape[1] % 128 == 0
    assert img.shape[0] == 96 * view.zoom + strip_height(5)


def test_strip_keeps_the_newest_rows_and_wraps_long_answers():
    entries = [Entry("heard", f"line {i}") for i in range(8)] + [Entry("said", "word " * 60)]
    rows = strip_rows(entries, 600, 5)
    assert len(rows) == 5
    assert all(kind == "said" for kind, _ in rows[-3:])
    assert rows[-1][1].strip().endswith("word")
    assert strip_rows(entries[:2], 600, 5) == [("heard", "heard: line 0"), ("heard", "heard: line 1")]


def test_strip_draws_rec_only_while_recording():
    off = render_strip([], "status", False, 640)
    on = render_strip([], "status", True, 640)
    red = lambda img: ((img[..., 2] > 200) & (img[..., 1] < 80)).sum()  # noqa: E731
    assert red(off) == 0 and red(on) > 30


def test_entries_for_events():
    assert entry_for(Transcript(1, "what time is it", True, "pocketsphinx")) == Entry("heard", "what time is it")
    assert entry_for(Transcript(1, "what time is it", True, "text")) == Entry("typed", "what time is it")
    assert entry_for(Transcript(1, "what ti", False)) is None
    assert entry_for(Say(1, "It's 8:30.")) == Entry("said", "It's 8:30.")
    assert entry_for(Error(1, "no_speech", "no command heard after the wake")).kind == "error"


def test_session_frames_are_held_then_blank():
    frame = camera()
    assert held_frame(None, 100, 1500) is None
    assert held_frame((1000, frame), 1000, 1500) is frame
    assert held_frame((1000, frame), 2500, 1500) is frame
    assert held_frame((1000, frame), 2501, 1500) is None


def test_the_strip_is_redrawn_only_when_it_changes():
    view = EmulatorView(HudRenderer(HudConfig()))
    a = view.strip([Entry("said", "hi")], "s", False)
    assert view.strip([Entry("said", "hi")], "s", False) is a
    assert view.strip([Entry("said", "hi")], "t", False) is not a

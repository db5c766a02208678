"""Layout: nothing leaves the display, long text pages, timers count down on the session clock."""

import pytest

from glasses.events import Camera, Error, Say, State, TimerChange, TimerPhase, Transcript
from glasses.hud import HudConfig, HudTracker
from glasses.hud.layout import Text, format_remaining, layout
from glasses.hud.text import wrap
from cardfix import typed_card

LONG = ("Reading: " + "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
        "incididunt ut labore et dolore magna aliqua. " * 6 + "Pneumonoultramicroscopicsilicovolcanoconiosis!")


def state_of(*events):
    tracker = HudTracker()
    for e in events:
        tracker.process(e)
    return tracker.state


def busy_state():
    return state_of(
        State(0, "speaking"), Camera(0, True),
        TimerChange(0, "1", "A very long timer name for pasta", 7_200_000, TimerPhase.STARTED),
        TimerChange(1, "2", "Tea", 300_000, TimerPhase.STARTED),
        Transcript(5, "what is this product and what do people say about it, in great detail please " * 3, True),
        Error(6, "ocr_failed", "the text reader could not load its model: file is missing " * 2),
        Say(10, "", card=typed_card("product", title="Oatly Organic Oat Milk Barista Edition, 1 litre carton " * 2,
                          price="€2.49 (€2.49/l)", rating=4.3, reviews=1284, lines=[LONG, LONG])))


SIZES = [(640, 400, 1.0), (320, 240, 1.0), (320, 240, 2.0), (1280, 720, 1.0), (240, 180, 3.0),
         (800, 480, 1.5), (160, 120, 0.5), (1920, 1080, 0.5), (128, 64, 3.0), (96, 64, 1.0)]


@pytest.mark.parametrize("w,h,scale", SIZES)
@pytest.mark.parametrize("t", [10, 4_010, 8_010, 300_500, 7_300_000])
def test_nothing_leaves_the_display(w, h, scale, t):
    cfg = HudConfig(width=w, height=h, font_scale=scale)
    ops = layout(busy_state(), t, cfg)
    assert ops
    for op in ops:
        x0, y0, x1, y1 = op.box
        assert 0 <= x0 and 0 <= y0 and x1 <= w and y1 <= h, (op, op.box)


@pytest.mark.parametrize("w,h,scale", SIZES)
def test_card_text_stays_inside_its_panel_and_lines_do_not_overlap(w, h, scale):
    cfg = HudConfig(width=w, height=h, font_scale=scale)
    ops = layout(busy_state(), 10, cfg)
    panel = next(op for op in ops if getattr(op, "role", "") == "panel")
    inside = [op for op in ops if op.role in ("title", "price", "body", "page", "rating", "countdown")]
    for op in inside:
        x0, y0, x1, y1 = op.box
        assert panel.x0 <= x0 and panel.y0 <= y0 and x1 <= panel.x1 and y1 <= panel.y1, (op, panel)
    body = sorted((op for op in ops if op.role == "body"), key=lambda o: o.y)
    for a, b in zip(body, body[1:]):
        assert a.box[3] <= b.box[1] + 1


def test_long_text_pages_through_every_word():
    cfg = HudConfig(page_ms=3000)
    st = state_of(Say(1000, LONG))
    pages, t = [], 1000
    while True:
        ops = layout(st, t, cfg)
        label = next(op.text for op in ops if op.role == "page")
        page, total = map(int, label.split("/"))
        pages.append([op.text for op in ops if op.role == "body"])
        if page == total:
            break
        t += 3000
    assert len(pages) >= 2
    body_font = next(op for op in layout(st, 1000, cfg) if op.role == "body")
    expected = wrap(LONG, 10**6, body_font.font, body_font.scale, body_font.thickness)[0].split()
    shown = " ".join(" ".join(p) for p in pages).split()
    assert "".join(shown) == "".join(expected)  # every character, in order (long words split)
    # after the last page it starts again
    again = [op.text for op in layout(st, t + 3000, cfg) if op.role == "body"]
    assert again == pages[0]


def test_short_card_has_no_page_label_and_a_small_panel():
    ops = layout(state_of(Say(0, "It is sunny.")), 0, HudConfig())
    assert not [op for op in ops if op.role == "page"]
    panel = next(op for op in ops if op.role == "panel")
    assert panel.y1 - panel.y0 < 100


def test_timer_counts_down_on_session_clock():
    st = state_of(Say(1000, "Timer set", card=typed_card("timer", title="Tea", lines=[],
                                               ends_at_ms=1000 + 5 * 60_000)),
                  TimerChange(1000, "1", "Tea", 1000 + 5 * 60_000, TimerPhase.STARTED))

    def shown(t, role):
        return [op.text for op in layout(st, t, HudConfig()) if op.role == role]

    assert shown(1000, "countdown") == ["5:00"]
    assert shown(1000, "timer") == ["Tea 5:00"]
    assert shown(61_000, "countdown") == ["4:00"]
    assert shown(61_001, "countdown") == ["4:00"]
    assert shown(301_000, "countdown") == ["0:00"]
    assert shown(400_000, "countdown") == ["0:00"]


def test_format_remaining():
    assert [format_remaining(ms) for ms in (0, -5, 1, 999, 1000, 59_001, 3_600_000, 3_661_500)] == [
        "0:00", "0:00", "0:01", "0:01", "0:01", "1:00", "1:00:00", "1:01:02"]


def test_status_bar_shows_mode_and_privacy_indicator_only_when_on():
    on = layout(state_of(State(0, "listening"), Camera(0, True)), 0, HudConfig())
    off = layout(state_of(State(0, "listening"), Camera(0, True), Camera(5, False)), 5, HudConfig())
    assert [op.text for op in on if isinstance(op, Text) and op.role == "mode"] == ["Listening"]
    assert [op.text for op in on if isinstance(op, Text) and op.role == "camera"] == ["CAM"]
    assert not [op for op in off if op.role == "camera"]


def test_heard_is_hidden_when_configured_off():
    st = state_of(Transcript(0, "hello there", True))
    assert [op.text for op in layout(st, 0, HudConfig()) if op.role == "heard"] == ['"hello there"']
    assert not [op for op in layout(st, 0, HudConfig(show_heard=False)) if op.role == "heard"]


def test_soonest_timer_always_gets_room_in_the_status_bar():
    ops = layout(busy_state(), 10, HudConfig())
    badges = [op.text for op in ops if op.role == "timer"]
    assert badges[0] == "Tea 5:00"
    small = [op.text for op in layout(busy_state(), 10, HudConfig(width=320, height=240, font_scale=2.0))
             if op.role == "timer"]
    assert small and small[0].endswith("5:00")

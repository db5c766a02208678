"""Where everything on the HUD goes: a pure function from state and time to drawing ops.

``layout(state, t_ms, config)`` returns a list of ops (Text, Box, Dot, Star), each with
its pixel box, so tests can check that nothing leaves the display and the renderer
only has to draw them. Regions, top to bottom: status bar (mode on the left; timers
and the camera privacy indicator on the right), the answer card (title, price and
stars for a product, a big countdown for a timer, wrapped lines paged every
``page_ms``), an error line, and the last thing heard.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2

from glasses.cards import CardView
from glasses.hud.band import band_ops
from glasses.hud.config import HudConfig
from glasses.hud.ops import (  # noqa: F401 - Op and the colours are the layout's vocabulary
    BAR, DIM, GOLD, GREY, MODE_COLORS, MODE_LABELS, PANEL, RED, TIMER, WHITE, Box, Dot, Op, Star, Text, ascent, descent,
)
from glasses.hud.ops import GOLD as EGRESS  # the egress badge: amber, apart from the red camera indicator
from glasses.hud.state import HudState, Timer
from glasses.hud.text import FONT, FONT_BOLD, ellipsize, line_height, text_width, to_ascii, wrap

@dataclass(frozen=True, slots=True)
class _Fonts:
    unit: float
    margin: int
    status: tuple[int, float, int]
    title: tuple[int, float, int]
    body: tuple[int, float, int]
    small: tuple[int, float, int]
    big: tuple[int, float, int]


def _fonts(cfg: HudConfig) -> _Fonts:
    base = min(cfg.width / 640, cfg.height / 400)
    u = base * cfg.font_scale
    thick = max(1, round(2 * u))
    return _Fonts(
        unit=u, margin=max(4, round(12 * base)),
        status=(FONT, 0.6 * u, max(1, round(1.5 * u))),
        title=(FONT_BOLD, 0.85 * u, thick),
        body=(FONT, 0.72 * u, thick),
        small=(FONT, 0.55 * u, max(1, round(1.4 * u))),
        big=(FONT_BOLD, 2.4 * u, max(2, round(4 * u))),
    )


def format_remaining(ms: int) -> str:
    """Time left as m:ss or h:mm:ss, rounded up to the second."""
    s = max(0, math.ceil(ms / 1000))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def layout(state: HudState, t_ms: int, cfg: HudConfig) -> list[Op]:
    f = _fonts(cfg)
    W, H, m = cfg.width, cfg.height, f.margin
    ops: list[Op] = []
    top = _status_bar(ops, state, t_ms, cfg, f)
    if state.nav is not None:
        top = band_ops(ops, state.nav, top, cfg, f)
    bottom = H - m
    strip_at = len(ops)
    # the answer card comes first: the bottom lines only take room the card can spare
    card_min = (line_height(*f.title) + line_height(*f.body) + 2 * m) if state.card is not None else 0
    if state.error:
        trial: list[Op] = []
        below = _error(trial, state.error, bottom, cfg, f)
        if below - top >= card_min:
            ops += trial
            bottom = below
    if cfg.show_heard and state.heard:
        trial = []
        below = _heard(trial, state.heard, state.heard_final, bottom, cfg, f)
        if below - top >= card_min:
            ops += trial
            bottom = below
    if bottom < H - m:  # a dark band behind the bottom lines keeps them legible over the camera
        ops.insert(strip_at, Box(0, max(top, bottom - m // 2), W - 1, H - 1, BAR, role="strip"))
    if state.card is not None and bottom - top > 2 * m:
        _card(ops, state.card, state.card_t_ms, t_ms, (m, top + m // 2, W - m, bottom - m // 2), cfg, f)
    return ops


def _status_bar(ops: list[Op], s: HudState, t_ms: int, cfg: HudConfig, f: _Fonts) -> int:
    font, scale, th = f.status
    lh = line_height(font, scale, th)
    height = lh + f.margin
    ops.append(Box(0, 0, cfg.width - 1, height, BAR, role="bar"))
    baseline = (height + cv2.getTextSize("A", font, scale, th)[0][1]) // 2
    cy = baseline - cv2.getTextSize("A", font, scale, th)[0][1] // 2
    r = max(3, round(6 * f.unit))
    right = cfg.width - f.margin
    if s.camera_on:  # the privacy indicator is drawn first so it always has room
        label = "CAM"
        w = text_width(label, font, scale, th)
        ops.append(Text(right - w, baseline, label, font, scale, th, RED, role="camera"))
        ops.append(Dot(right - w - 2 * r, cy, r, RED, role="camera"))
        right -= w + 3 * r + f.margin
    if s.badge:  # something is leaving the device: the host it goes to, next to the camera indicator
        label = ellipsize(to_ascii(f"> {s.badge}"), max(0, (right - f.margin) // 2), font, scale, th)
        if label:
            w = text_width(label, font, scale, th)
            ops.append(Text(right - w, baseline, label, font, scale, th, EGRESS, role="egress"))
            right -= w + f.margin
    left_x = f.margin + 3 * r
    mode_label = MODE_LABELS.get(s.mode, to_ascii(s.mode).capitalize())
    mode_w = min(text_width(mode_label, font, scale, th), right - left_x)
    for timer in s.timers:  # soonest first, at the right; the rest while there is room
        item = _timer_badge(timer, t_ms, right - left_x - mode_w - f.margin, font, scale, th)
        if item is None:
            break
        text, color = item
        w = text_width(text, font, scale, th)
        ops.append(Text(right - w, baseline, text, font, scale, th, color, role="timer"))
        right -= w + f.margin
    ops.append(Dot(f.margin + r, cy, r, MODE_COLORS.get(s.mode, GREY), role="mode"))
    shown = ellipsize(mode_label, right - left_x, font, scale, th)
    if shown:
        ops.append(Text(left_x, baseline, shown, font, scale, th, WHITE, role="mode"))
    return height


def _timer_badge(timer: Timer, t_ms: int, room: int, font: int, scale: float, th: int):
    left = timer.ends_at_ms - t_ms
    clock = format_remaining(left)
    color = TIMER if left > 0 else (RED if (t_ms // 500) % 2 == 0 else WHITE)
    clock_w = text_width(clock, font, scale, th)
    if clock_w > room:
        return None
    space = text_width(" ", font, scale, th)
    title = ellipsize(timer.title, min(room - clock_w - space, max(room // 2, 4 * clock_w)), font, scale, th)
    return (f"{title} {clock}" if title else clock), color


def _heard(ops: list[Op], heard: str, final: bool, bottom: int, cfg: HudConfig, f: _Fonts) -> int:
    font, scale, th = f.small
    lh = line_height(font, scale, th)
    width = cfg.width - 2 * f.margin
    lines = wrap(f'"{heard}"' if final else f"{heard} ...", width, font, scale, th)
    if len(lines) > 2:  # the end of what was said matters most
        lines = lines[-2:]
        lines[0] = "..." + lines[0]
        while lines[0] and text_width(lines[0], font, scale, th) > width:
            lines[0] = "..." + lines[0][4:]
    color = GREY if final else DIM
    y = bottom
    for line in reversed(lines):
        ops.append(Text(f.margin, y - descent(font, scale, th), line, font, scale, th, color, role="heard"))
        y -= lh
    return y


def _error(ops: list[Op], message: str, bottom: int, cfg: HudConfig, f: _Fonts) -> int:
    font, scale, th = f.small
    text = ellipsize("! " + message, cfg.width - 2 * f.margin, font, scale, th)
    ops.append(Text(f.margin, bottom - descent(font, scale, th), text, font, scale, th, RED, role="error"))
    return bottom - line_height(font, scale, th)


def _card(ops: list[Op], card: CardView, card_t: int, t_ms: int, rect: tuple[int, int, int, int],
          cfg: HudConfig, f: _Fonts) -> None:
    x0, y0, x1, y1 = rect
    accent = card.accent
    bar = max(2, round(4 * f.unit))
    pad = f.margin
    outer, ops = ops, []
    ix0, ix1 = x0 + bar + pad, x1 - pad
    y = y0 + pad // 2  # top of the next line's box
    limit = y1 - pad // 2

    # header: title (up to two lines), price on the right
    tfont, tscale, tth = f.title
    tlh = line_height(tfont, tscale, tth)
    title_right = ix1
    if card.price:
        price = to_ascii(card.price)
        pw = min(text_width(price, tfont, tscale, tth), (ix1 - ix0) // 2)
        price = ellipsize(price, pw, tfont, tscale, tth)
        if price and y + tlh <= limit:
            ops.append(Text(ix1 - text_width(price, tfont, tscale, tth), y + ascent(tfont, tscale, tth),
                            price, tfont, tscale, tth, GOLD, role="price"))
            title_right = ix1 - pw - pad
    if card.title:
        tl = wrap(card.title, title_right - ix0, tfont, tscale, tth)
        if len(tl) > 2:
            tl = [tl[0], ellipsize(" ".join(tl[1:]), title_right - ix0, tfont, tscale, tth)]
        for line in tl:
            if y + tlh > limit:
                break
            ops.append(Text(ix0, y + ascent(tfont, tscale, tth), line, tfont, tscale, tth, accent, role="title"))
            y += tlh
    elif card.price:
        y += tlh

    if card.rating is not None:
        y = _rating(ops, card, ix0, ix1, y, limit, f)

    if card.ends_at_ms is not None:
        y = _countdown(ops, card.ends_at_ms - t_ms, t_ms, ix0, ix1, y, limit, f)

    y = _body(ops, card, card_t, t_ms, ix0, ix1, y, limit, cfg, f)
    bottom = min(y1, max(y + pad // 2, y0 + 2 * pad))  # the panel shrinks to what it holds
    outer.append(Box(x0, y0, x1, bottom, PANEL, role="panel"))
    outer.append(Box(x0, y0, x0 + bar, bottom, accent, role="accent"))
    outer.extend(ops)


def _rating(ops: list[Op], card: CardView, ix0: int, ix1: int, y: int, limit: int, f: _Fonts) -> int:
    font, scale, th = f.body
    lh = line_height(font, scale, th)
    if y + lh > limit:
        return y
    r = max(4, round(lh * 0.36))
    cy = y + lh // 2
    x = ix0 + r
    for i in range(5):
        ops.append(Star(x, cy, r, max(0.0, min(1.0, card.rating - i))))  # type: ignore[operator]
        x += 2 * r + max(2, r // 3)
    label = f"{card.rating:.1f}" + (f" ({card.reviews:,})" if card.reviews is not None else "")
    label = ellipsize(label, ix1 - x - r, font, scale, th)
    if label:
        ops.append(Text(x + r // 2, cy + cv2.getTextSize("0", font, scale, th)[0][1] // 2, label,
                        font, scale, th, GREY, role="rating"))
    return y + lh


def _countdown(ops: list[Op], left_ms: int, t_ms: int, ix0: int, ix1: int, y: int, limit: int,
               f: _Fonts) -> int:
    font, scale, th = f.big
    text = format_remaining(left_ms)
    while scale > 0.3 and text_width(text, font, scale, th) > ix1 - ix0:
        scale *= 0.8
    lh = line_height(font, scale, th)
    if y + lh > limit:
        return y
    color = TIMER if left_ms > 0 else (RED if (t_ms // 500) % 2 == 0 else WHITE)
    w = text_width(text, font, scale, th)
    ops.append(Text(ix0 + (ix1 - ix0 - w) // 2, y + ascent(font, scale, th) + th, text,
                    font, scale, th, color, role="countdown"))
    return y + lh


def _body(ops: list[Op], card: CardView, card_t: int, t_ms: int, ix0: int, ix1: int, y: int, limit: int,
          cfg: HudConfig, f: _Fonts) -> int:
    """Draw the card's lines (one page of them); the y below the last line drawn."""
    font, scale, th = f.body
    lh = line_height(font, scale, th)
    live = [f"{title}  {format_remaining(ends - t_ms)}" for title, ends in card.countdowns]  # same moment as the countdown
    lines = [w for line in (*live, *card.lines) for w in wrap(line, ix1 - ix0, font, scale, th)]
    if not lines:
        return y
    per_page = (limit - y) // lh
    if per_page < 1:
        return y
    pages = 1
    if len(lines) > per_page:
        sfont, sscale, sth = f.small
        per_page = (limit - y - line_height(sfont, sscale, sth)) // lh
        if per_page < 1:
            return y
        pages = math.ceil(len(lines) / per_page)
        page = max(0, (t_ms - card_t) // cfg.page_ms) % pages
        label = f"{page + 1}/{pages}"
        ops.append(Text(ix1 - text_width(label, sfont, sscale, sth), limit - descent(sfont, sscale, sth),
                        label, sfont, sscale, sth, DIM, role="page"))
        lines = lines[page * per_page:(page + 1) * per_page]
    for line in lines:
        ops.append(Text(ix0, y + ascent(font, scale, th), line, font, scale, th, WHITE, role="body"))
        y += lh
    return limit if pages > 1 else y

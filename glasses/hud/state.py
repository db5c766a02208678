"""The HUD's state and its pure reducer: events in, state out, never a clock.

``HudState.apply(event)`` returns the next state and whether anything the display
shows changed. ``HudTracker`` wraps that as a pipeline stage that emits one
``HudUpdate`` per visible change. Rules:

- State(state) sets the mode; Camera(on) sets the privacy indicator, and any Frame
  turns it on too (a frame means the camera is capturing, whatever was announced).
- Wake starts a new turn: the last thing heard, the answer card and any error clear.
- Transcript sets the last thing heard (partials included).
- Say shows its card, or a plain text card with what was said (also when its card
  has nothing to show, such as ``{"kind": "camera", "on": false}``).
- Timers come only from TimerChange events (the timers skill's typed contract, session-clock
  times): started or ringing adds (or replaces, by timer_id) a countdown that stays in the
  status bar after its card is gone; cancelled removes it. Stop (a double press or the
  ``stop`` intent) clears timers that have rung; a timer that rang more than
  TIMER_LINGER_MS ago is dropped. Cards never start timers: a card's ``ends_at_ms`` only
  draws a countdown inside that card.
- Error shows its message until the next Wake.
- A Caption (captions mode) shows its card: the last lines under "Captions" or "French → English".
  A Say with no card of its own that nobody asked for (a turn instruction, which the walking
  band shows anyway) leaves the captions card in place; an answer (after a Wake or an Intent)
  replaces it as any card, until the next Caption.
- NavUpdate shows the walking-directions band (arrow, distance, instruction) until
  navigation stops or arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable

from glasses.captions.events import Caption
from glasses.events import (
    AssistantState, Button, Camera, Error, Frame, Intent, Say, State, TimerChange, TimerPhase, Transcript, Wake,
)
from glasses.hud.card import Card
from glasses.hud.nav import NavView, nav_view
from glasses.hud.update import HudUpdate
from glasses.nav.guidance import NavUpdate

MODES = tuple(AssistantState)
TIMER_LINGER_MS = 60_000  # a rung timer shows 0:00 this long unless stopped


@dataclass(frozen=True, slots=True)
class Timer:
    title: str
    ends_at_ms: int
    key: str = ""  # the timer_id: a later TimerChange with the same id replaces or removes it


@dataclass(frozen=True, slots=True)
class HudState:
    mode: AssistantState = AssistantState.IDLE
    camera_on: bool = False
    heard: str = ""
    heard_final: bool = True
    card: Card | None = None
    card_t_ms: int = 0  # when the card appeared: paging counts from here
    timers: tuple[Timer, ...] = ()
    error: str = ""
    nav: NavView | None = None  # walking directions: arrow, distance, street
    asked: bool = False  # a Wake or Intent since the last Caption: what is said next is an answer

    def apply(self, event: object) -> tuple[HudState, bool]:
        """The state after ``event`` and whether the visible content changed."""
        new = _reduce(self, event)
        return new, new.visible() != self.visible()

    def visible(self) -> tuple:
        """Everything that decides what is drawn, except the clock."""
        return (self.mode, self.camera_on, self.heard, self.heard_final, self.card,
                self.card_t_ms if self.card is not None else 0, self.timers, self.error, self.nav)

    def update(self, t_ms: int) -> HudUpdate:
        """This state as an event for the ``--json`` stream."""
        return HudUpdate(
            t_ms=t_ms, mode=self.mode, camera=self.camera_on, heard=self.heard,
            heard_final=self.heard_final, card=self.card.to_json() if self.card else None,
            timers=tuple({"title": t.title, "ends_at_ms": t.ends_at_ms} for t in self.timers),
            error=self.error, nav=self.nav.to_json() if self.nav else None,
        )


def _reduce(s: HudState, event: Any) -> HudState:
    t = getattr(event, "t_ms", None)
    if isinstance(t, int) and s.timers:
        kept = tuple(x for x in s.timers if t - x.ends_at_ms <= TIMER_LINGER_MS)
        if kept != s.timers:
            s = replace(s, timers=kept)
    if isinstance(event, State):
        return replace(s, mode=event.state)
    if isinstance(event, Camera):
        return replace(s, camera_on=event.on)
    if isinstance(event, Frame):
        return s if s.camera_on else replace(s, camera_on=True)
    if isinstance(event, Wake):
        return replace(s, heard="", heard_final=True, card=None, error="", asked=True)
    if isinstance(event, Transcript):
        if not event.text.strip() and not event.final:
            return s
        return replace(s, heard=event.text.strip(), heard_final=event.final)
    if isinstance(event, Say):
        if not event.card and not s.asked and s.card is not None and s.card.kind == "captions":
            return s  # an unasked line (a turn instruction) keeps the captions on the card
        card = Card.from_mapping(event.card) if event.card else Card.from_text(event.text)
        if not (card.title or card.lines or card.countdowns or card.ends_at_ms is not None or card.cancelled):
            card = replace(card, lines=Card.from_text(event.text).lines)  # e.g. {"kind": "camera"}
        return replace(s, card=card, card_t_ms=event.t_ms)
    if isinstance(event, TimerChange):
        return replace(s, timers=_timers_after(s.timers, event))
    if isinstance(event, Intent) and event.name != "stop" and not s.asked:
        s = replace(s, asked=True)
    if (isinstance(event, Button) and event.action == "double_press") or \
            (isinstance(event, Intent) and event.name == "stop"):
        return replace(s, timers=tuple(x for x in s.timers if x.ends_at_ms > event.t_ms))
    if isinstance(event, Error):
        return replace(s, error=event.message)
    if isinstance(event, Caption):
        return replace(s, card=Card.from_mapping(event.card), card_t_ms=event.t_ms, asked=False)
    if isinstance(event, NavUpdate):
        return replace(s, nav=nav_view(event))
    return s


def _timers_after(timers: tuple[Timer, ...], change: TimerChange) -> tuple[Timer, ...]:
    others = tuple(x for x in timers if x.key != change.timer_id)
    if change.phase in (TimerPhase.CANCELLED, TimerPhase.PAUSED):
        return others
    new = Timer(change.title, change.ends_at_ms, change.timer_id)
    return tuple(sorted(others + (new,), key=lambda x: x.ends_at_ms))


class HudTracker:
    """A pipeline stage: keeps the HudState and emits a HudUpdate per visible change."""

    def __init__(self, state: HudState | None = None) -> None:
        self.state = state or HudState()

    def process(self, event: object) -> Iterable[HudUpdate]:
        if isinstance(event, HudUpdate):
            return ()
        self.state, changed = self.state.apply(event)
        if not changed:
            return ()
        return (self.state.update(event.t_ms),)  # type: ignore[attr-defined]

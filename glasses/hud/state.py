"""The HUD's state and its pure reducer: events in, state out, never a clock.

``HudState.apply(event)`` returns the next state and whether anything the display
shows changed. ``HudTracker`` wraps that as a pipeline stage that emits one
``HudUpdate`` per visible change. Rules:

- State(state) sets the mode; Camera(on) sets the privacy indicator. It follows the camera's
  announced state only: a frame never switches it on (a frame that arrives while the camera is
  off is dropped by the assistant, never analysed). Several may hold the camera at once (a look
  during a video): each Camera(on) holds it for its reason, a Camera(off) releases that reason
  (one for a reason that holds nothing, "user", releases every hold), and the indicator is on
  while anything holds it.
- Wake starts a new turn: the last thing heard, the answer card and any error clear.
- Transcript sets the last thing heard (partials included).
- Say shows its card's view (glasses.cards), or a plain text card with what was said (also when
  its card has nothing to show, such as the camera switch's); SayMore (a streamed answer's next
  sentence) adds its line to that card.
- Timers come only from TimerChange events (the timers skill's typed contract, session-clock
  times): started or ringing adds (or replaces, by timer_id) a countdown that stays in the
  status bar after its card is gone; cancelled removes it (a skill stopped by "stop" or a double
  press announces what it silenced this way); a timer that rang more than TIMER_LINGER_MS ago is
  dropped. Cards never start timers: a card's ``ends_at_ms`` only
  draws a countdown inside that card.
- Error shows its message until the next Wake.
- An event with ``badge()`` (a request to the wearer's engine: its host) sets the egress badge in
  the status bar while the request is in flight; "" clears it, and so do a Wake and going idle.
- Any other event with a ``card`` (a caption line: the last lines under "French → English")
  shows it; an event with ``band()`` (navigation) sets the directions band, or clears it. A Say
  with no card of its own that nobody asked for (a turn instruction, which the band shows anyway)
  leaves the captions card in place; an answer (after a Wake) replaces it, until the next caption.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable

from glasses.cards import Band, Card, CardView, ShowsBadge, ShowsBand, text_view
from glasses.events import (
    AssistantState, Camera, Error, Say, SayMore, State, TimerChange, TimerPhase, Transcript, Wake,
)
from glasses.hud.update import HudUpdate

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
    card: CardView | None = None
    card_t_ms: int = 0  # when the card appeared: paging counts from here
    timers: tuple[Timer, ...] = ()
    error: str = ""
    nav: Band | None = None  # walking directions: arrow, distance, street
    asked: bool = False  # a Wake since the last caption: what is said next is an answer
    badge: str = ""  # the host a request is in flight to (glasses.cards.ShowsBadge), "" when none
    cameras: frozenset[str] = frozenset()  # the reasons holding the camera (look, photo, video, ...)

    def apply(self, event: object) -> tuple[HudState, bool]:
        """The state after ``event`` and whether the visible content changed."""
        new = _reduce(self, event)
        return new, new.visible() != self.visible()

    def visible(self) -> tuple:
        """Everything that decides what is drawn, except the clock."""
        return (self.mode, self.camera_on, self.heard, self.heard_final, self.card,
                self.card_t_ms if self.card is not None else 0, self.timers, self.error, self.nav, self.badge)

    def update(self, t_ms: int) -> HudUpdate:
        """This state as an event for the ``--json`` stream."""
        return HudUpdate(
            t_ms=t_ms, mode=self.mode, camera=self.camera_on, heard=self.heard,
            heard_final=self.heard_final, card=self.card.to_json() if self.card else None,
            timers=tuple({"title": t.title, "ends_at_ms": t.ends_at_ms} for t in self.timers),
            error=self.error, nav=self.nav.to_json() if self.nav else None, badge=self.badge,
        )


def _reduce(s: HudState, event: Any) -> HudState:
    t = getattr(event, "t_ms", None)
    if isinstance(t, int) and s.timers:
        kept = tuple(x for x in s.timers if t - x.ends_at_ms <= TIMER_LINGER_MS)
        if kept != s.timers:
            s = replace(s, timers=kept)
    if isinstance(event, ShowsBadge):
        return replace(s, badge=event.badge())
    if isinstance(event, State):
        return replace(s, mode=event.state, badge="" if event.state == AssistantState.IDLE else s.badge)
    if isinstance(event, Camera):
        holds = camera_holds(s.cameras, event)
        return replace(s, camera_on=bool(holds), cameras=holds)
    if isinstance(event, Wake):
        return replace(s, heard="", heard_final=True, card=None, error="", asked=True, badge="")
    if isinstance(event, Transcript):
        if not event.text.strip() and not event.final:
            return s
        return replace(s, heard=event.text.strip(), heard_final=event.final)
    if isinstance(event, Say):
        if not event.card and not s.asked and s.card is not None and s.card.kind == "captions":
            return s  # an unasked line (a turn instruction) keeps the captions on the card
        view = event.card.view().with_text(event.text) if isinstance(event.card, Card) else text_view(event.text)
        return replace(s, card=view, card_t_ms=event.t_ms)
    if isinstance(event, SayMore):
        shown = s.card or text_view("")
        return replace(s, card=replace(shown, lines=shown.lines + (event.text,)))
    if isinstance(event, TimerChange):
        return replace(s, timers=_timers_after(s.timers, event))
    if isinstance(event, Error):
        return replace(s, error=event.message)
    if isinstance(getattr(event, "card", None), Card):  # a caption line
        return replace(s, card=event.card.view(), card_t_ms=event.t_ms, asked=False)
    if isinstance(event, ShowsBand):
        return replace(s, nav=event.band())
    return s


def camera_holds(holds: frozenset[str], event: Camera) -> frozenset[str]:
    """Who holds the camera after ``event`` (the rule in the module docstring)."""
    reason = event.reason or "camera"
    if event.on:
        return holds | {reason}
    return holds - {reason} if reason in holds else frozenset()


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

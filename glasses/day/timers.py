"""Timers: what to say when one starts, how much is left, and when an alarm sounds. Pure
functions over store.Timer rows.

Two clocks meet here. The store keeps epoch milliseconds (timers survive a restart); everything
that leaves the day skill (cards, TimerChange events) is on the *session clock*. ``origin_ms``
is the epoch millisecond of session t_ms = 0, so ``session = epoch - origin_ms``.
"""

from __future__ import annotations

from datetime import datetime

from glasses.skills import spoken
from glasses.skills.spoken import number_words
from glasses.day.store import Timer, from_ms
from glasses.events import TimerChange, TimerPhase
from glasses.skills.base import Reply
from glasses.day.cards import TimerCard


def duration_adjective(seconds: int) -> str:
    """ "ten minute", "five and a half minute", "one hour and five minute" -> as in "a ten minute timer"."""
    if seconds < 120 and seconds % 60:
        return f"{number_words(seconds)} second"
    text = spoken.duration(seconds)
    if text in ("a minute", "a second", "an hour"):
        return "one " + text.split()[1]
    for unit in ("minute", "second", "hour"):
        if text.endswith(f" {unit}s"):
            return text[: -1]
    return text


def label(t: Timer) -> str:
    """ "pasta timer" or "ten minute timer"."""
    if t.name:
        return f"{t.name} timer"
    return f"{duration_adjective(t.duration_s)} timer"


def change(t: Timer, phase: TimerPhase, now_ms: int, origin_ms: int) -> TimerChange:
    """The typed event for a timer's change at epoch ``now_ms``, on the session clock."""
    return TimerChange(now_ms - origin_ms, str(t.id), label(t).capitalize(), t.ends_ms - origin_ms, phase)


def card(t: Timer, now_ms: int, origin_ms: int) -> TimerCard:
    left = t.left_ms(now_ms) // 1000
    paused = " (paused)" if t.state == "paused" else ""
    return TimerCard(title=label(t).capitalize(), lines=[f"{left // 60}:{left % 60:02d} left{paused}"],
            ends_at_ms=t.ends_ms - origin_ms, timer_id=t.id, ringing=t.state == "ringing")


def started_reply(t: Timer, others: int, origin_ms: int) -> Reply:
    name = f"{t.name} timer" if t.name else "timer"
    extra = f" That's {spoken.count(others + 1, 'timer')} running." if others else ""
    return Reply(f"{spoken.sentence(duration_adjective(t.duration_s))[:-1]} {name}, starting now.{extra}",
                 TimerCard(title=label(t).capitalize(), lines=[_clock_left(t.duration_s)],
                  ends_at_ms=t.ends_ms - origin_ms, timer_id=t.id, ringing=False),
                 (change(t, TimerPhase.STARTED, t.started_ms, origin_ms),))


def _clock_left(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d} left" if h else f"{m}:{s:02d} left"


def status_reply(timers: list[Timer], now_ms: int, origin_ms: int, name: str | None = None,
                 duration_s: int | None = None) -> Reply:
    if not timers:
        return Reply("You have no timers running.", TimerCard(title="Timers", lines=["none"]))
    if name == "all":
        name = None
    if name or duration_s:
        chosen = find(timers, name, duration_s)
        if not chosen:
            names = spoken.join([label(t) for t in timers])
            which = name or duration_adjective(duration_s or 0)
            return Reply(f"There's no {which} timer. You have {names}.", None)
        timers = chosen
    lines = [f"{label(t)}  {_clock_left(t.left_ms(now_ms) // 1000)}" for t in timers]
    phrases = []
    for t in timers[:4]:
        if t.state == "ringing":
            phrases.append(f"your {label(t)} is done")
        else:
            left = spoken.duration(max(1, t.left_ms(now_ms) / 1000), approximate=True)
            paused = ", paused" if t.state == "paused" else ""
            phrases.append(f"{left} left on your {label(t)}{paused}" if len(timers) > 1 or t.name
                           else f"{left} left{paused}")
    text = spoken.sentence(spoken.join(phrases))
    if len(timers) == 1 and not timers[0].name and timers[0].state != "ringing":
        text = f"{spoken.sentence(phrases[0])}"
    return Reply(text, TimerCard(title="Timers", lines=lines,
                        ends_at_ms=min(t.ends_ms for t in timers) - origin_ms))


def find(timers: list[Timer], name: str | None = None, duration_s: int | None = None) -> list[Timer]:
    """Timers matching a spoken name ("pasta", "the pasta") or a duration ("the ten minute")."""
    if duration_s:
        return [t for t in timers if t.duration_s == duration_s]
    if not name:
        return list(timers)
    key = name.lower().strip()
    exact = [t for t in timers if t.name.lower() == key]
    if exact:
        return exact
    return [t for t in timers if t.name and (key in t.name.lower() or t.name.lower() in key)]


def alarm_text(t: Timer, first: bool) -> str:
    return f"Your {label(t)} is done." if first else f"{spoken.sentence(label(t))[:-1]} is done!"


def alarm_due(t: Timer, now_ms: int, repeat_s: float) -> bool:
    """Whether a finished timer should sound now: at its end, then every ``repeat_s``."""
    if t.state not in ("running", "ringing") or now_ms < t.ends_ms:
        return False
    if t.last_alarm_ms is None:
        return True
    return now_ms - t.last_alarm_ms >= repeat_s * 1000


def missed_text(t: Timer, now: datetime) -> str:
    ended = from_ms(t.ends_ms, now)
    return f"Your {label(t)} went off {spoken.when_phrase(ended, now)}, while I was off."

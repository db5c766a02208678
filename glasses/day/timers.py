"""Timers: what to say when one starts, how much is left, and when an alarm sounds. Pure
functions over store.Timer rows.

Two clocks meet here. The store keeps epoch milliseconds (timers survive a restart); everything
that leaves the day skill (cards, TimerChange events) is on the *session clock*. ``origin_ms``
is the epoch millisecond of session t_ms = 0, so ``session = epoch - origin_ms``.
"""

from __future__ import annotations

from dataclasses import replace

from datetime import datetime

from glasses.day.cards import TimerCard
from glasses.skills import spoken
from glasses.skills.spoken import number_words
from glasses.day.store import Timer, from_ms, to_ms
from glasses.events import TimerChange, TimerPhase
from glasses.skills.base import Meaning, Reply


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


def timer_said(t: Timer) -> Meaning:
    """A timer as data for the language layer: by its name, else by its length."""
    return Meaning("timer.named", {"name": t.name}) if t.name else Meaning("timer.unnamed", {"length_s": t.duration_s})


def said_all(timers: list[Timer]) -> list[Meaning]:
    return [timer_said(t) for t in timers]


def change(t: Timer, phase: TimerPhase, now_ms: int, origin_ms: int) -> TimerChange:
    """The typed event for a timer's change at epoch ``now_ms``, on the session clock."""
    return TimerChange(now_ms - origin_ms, str(t.id), label(t).capitalize(), t.ends_ms - origin_ms, phase)


def gone_off(t: Timer, now_ms: int) -> bool:
    """A timer still marked running whose end has passed: its alarm is due or was missed."""
    return t.state == "running" and t.ends_ms <= now_ms


def counting(timers: list[Timer], now_ms: int) -> list[Timer]:
    """The timers still counting down (running and not yet at their end) or paused."""
    return [t for t in timers if t.state == "paused" or (t.state == "running" and t.ends_ms > now_ms)]


def card(t: Timer, now_ms: int, origin_ms: int) -> TimerCard:
    """One timer's card. A running or ringing one carries only its end (``ends_at_ms``): the
    HUD counts down from it at the moment it draws, so no "m:ss left" line can go stale under
    the countdown. A paused one shows its frozen time left and no countdown."""
    if t.state == "paused":
        return TimerCard(title=label(t).capitalize(), lines=(f"{_clock_left(t.left_ms(now_ms) // 1000)} (paused)",),
                         timer_id=t.id, ringing=False)
    return TimerCard(title=label(t).capitalize(), lines=(), ends_at_ms=t.ends_ms - origin_ms, timer_id=t.id,
                     ringing=t.state == "ringing")


def timers_card(title: str, timers: list[Timer], now_ms: int, origin_ms: int,
                focus: Timer | None = None) -> TimerCard:
    """A card listing ``timers``: a live "Title m:ss" line per running one (the HUD counts each
    down from its end), a frozen line per paused one; the big countdown is ``focus``'s, else the
    soonest running one's."""
    live = [t for t in timers if t.state != "paused"]
    big = focus or (min(live, key=lambda t: t.ends_ms) if live else None)
    return TimerCard(title=title, lines=tuple(
        f"{label(t).capitalize()}  {_clock_left(t.left_ms(now_ms) // 1000)[:-5]} (paused)"
        for t in timers if t.state == "paused"),
        ends_at_ms=big.ends_ms - origin_ms if big is not None else None,
        timers=tuple({"title": label(t).capitalize(), "ends_at_ms": t.ends_ms - origin_ms} for t in live))


def started_reply(t: Timer, others: list[Timer], now_ms: int, origin_ms: int) -> Reply:
    """``others``: the timers already counting; the card lists them all when the answer counts them."""
    name = f"{t.name} timer" if t.name else "timer"
    extra = f" That's {spoken.count(len(others) + 1, 'timer')} running." if others else ""
    shown = card(t, now_ms, origin_ms) if not others else \
        replace(timers_card(label(t).capitalize(), sorted([*others, t], key=lambda x: x.ends_ms), now_ms, origin_ms,
                            t), timer_id=t.id, ringing=False)
    others_said = Meaning("start_timer.others", {"count": len(others) + 1}) if others else None
    meaning = Meaning("start_timer.started_named" if t.name else "start_timer.started",
                      {"name": t.name, "length_s": t.duration_s, "others": others_said, "card_timer": timer_said(t)})
    return Reply(f"{spoken.sentence(duration_adjective(t.duration_s))[:-1]} {name}, starting now.{extra}",
                 shown, (change(t, TimerPhase.STARTED, t.started_ms, origin_ms),), meaning=meaning)


def _clock_left(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d} left" if h else f"{m}:{s:02d} left"


def went_off_meaning(t: Timer, now: datetime) -> Meaning:
    ago_s = (to_ms(now) - t.ends_ms) / 1000
    if ago_s < 60:
        return Meaning("timer.just_went_off", {"timer": timer_said(t)})
    return Meaning("timer.went_off", {"timer": timer_said(t), "ended_when": from_ms(t.ends_ms, now), "ago_about_s": ago_s})


def went_off_text(t: Timer, now: datetime) -> str:
    """ "Your tea timer went off at nine ten, twenty minutes ago." or "... just went off." """
    ago_s = (to_ms(now) - t.ends_ms) / 1000
    if ago_s < 60:
        return f"Your {label(t)} just went off."
    ended = from_ms(t.ends_ms, now)
    return f"Your {label(t)} went off {spoken.when_phrase(ended, now)}, {spoken.duration(ago_s, approximate=True)} ago."


def status_reply(timers: list[Timer], now: datetime, origin_ms: int, name: str | None = None,
                 duration_s: int | None = None) -> Reply:
    """How long is left. A timer that has gone off is said to have gone off, when and how long
    ago, never to have "a second left"; the caller marks it done once this is said."""
    now_ms = to_ms(now)
    if not timers:
        return Reply("You have no timers running.", TimerCard(title="Timers", lines=("none",)),
                     meaning=Meaning("timer.none_running"))
    if name == "all":
        name = None
    if name or duration_s:
        chosen = find(timers, name, duration_s)
        if not chosen:
            names = spoken.join([label(t) for t in timers])
            which = name or duration_adjective(duration_s or 0)
            return Reply(f"There's no {which} timer. You have {names}.", None,
                         meaning=Meaning("timer.no_such", {"have": said_all(timers)}))
        timers = chosen
    off = [t for t in timers if gone_off(t, now_ms)]
    timers = [t for t in timers if not gone_off(t, now_ms)]
    said = [went_off_text(t, now) for t in off[:4]]
    phrases, meant = [], []
    for t in timers[:4]:
        if t.state == "ringing":
            phrases.append(f"your {label(t)} is done")
            meant.append(Meaning("timer_status.done", {"timer": timer_said(t)}))
        else:
            left_s = max(1, t.left_ms(now_ms) / 1000)
            left = spoken.duration(left_s, approximate=True)
            paused = ", paused" if t.state == "paused" else ""
            on = len(timers) > 1 or t.name or off
            phrases.append(f"{left} left on your {label(t)}{paused}" if on else f"{left} left{paused}")
            meant.append(Meaning("timer_status.left_on" if on else "timer_status.left",
                                 {"left_about_s": left_s, "timer": timer_said(t),
                                  "paused": Meaning("timer_status.paused") if t.state == "paused" else None}))
    if phrases:
        said.append(spoken.sentence(spoken.join(phrases)))
    meaning = Meaning("timer_status.report" if meant else "timer_status.gone",
                      {"off_sentences": [went_off_meaning(t, now) for t in off[:4]], "left": meant})
    gone = tuple(change(t, TimerPhase.CANCELLED, now_ms, origin_ms) for t in off)
    went = [f"{label(t).capitalize()}  went off {spoken.hhmm(from_ms(t.ends_ms, now))}" for t in off]
    if not timers:
        meaning = replace(meaning, slots={**meaning.slots, "card_timer": Meaning("timer.all") if len(off) > 1
                                          else timer_said(off[0])})
        return Reply(" ".join(said), TimerCard(title="Timers" if len(off) > 1 else label(off[0]).capitalize(),
                                               lines=tuple(went), cancelled=True), gone, meaning=meaning)
    shown = card(timers[0], now_ms, origin_ms) if len(timers) == 1 and not off else \
        timers_card("Timers", timers, now_ms, origin_ms)
    shown = replace(shown, lines=(*(shown.lines or ()), *went))
    # the card's title: the timer, or "Timers" (said in the language too)
    meaning = replace(meaning, slots={**meaning.slots, "card_timer": timer_said(timers[0]) if len(timers) == 1 and not off
                                      else Meaning("timer.all")})
    return Reply(" ".join(said), shown, gone, meaning=meaning)


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


def alarm_meaning(t: Timer, first: bool) -> Meaning:
    return Meaning("timer.done" if first else "timer.done_again", {"timer": timer_said(t), "card_timer": timer_said(t)})


def missed_meaning(t: Timer, now: datetime) -> Meaning:
    return Meaning("timer.missed", {"timer": timer_said(t), "ended_when": from_ms(t.ends_ms, now), "card_timer": timer_said(t)})


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

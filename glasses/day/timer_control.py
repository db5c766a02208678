"""Pausing, resuming and changing running timers: the pause_timer, resume_timer,
add_timer_time and remove_timer_time intents. ``TimerControl(store)`` hands the day skill one
handler per intent; every moment comes from the ``now`` it is given."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from glasses.day import spoken, timers
from glasses.day.store import DayStore, Timer, to_ms
from glasses.events import Intent
from glasses.skills.base import Reply

ACTIVE = ("running", "ringing", "paused")   # timers the wearer can still ask about


def choose(active: list[Timer], slots: dict, verb: str) -> list[Timer] | Reply:
    """The timers an intent means (by name, duration or "all"), or the question/answer to say."""
    if not active:
        return Reply("You have no timers running.")
    name = slots.get("name")
    duration = int(slots["duration_s"]) if str(slots.get("duration_s", "")).isdigit() else None
    if name == "all":
        return active
    chosen = timers.find(active, name, duration)
    if not chosen:
        return Reply(f"There's no {name or 'such'} timer. You have {spoken.join([timers.label(t) for t in active])}.")
    if len(chosen) > 1 and not name and not duration:
        return Reply(f"You have {spoken.count(len(chosen), 'timer')}: "
                     f"{spoken.join([timers.label(t) for t in chosen])}. Which one should I {verb}?")
    return chosen


class TimerControl:
    def __init__(self, store: DayStore) -> None:
        self.store = store

    def handlers(self) -> dict[str, Callable[[Intent, datetime], Reply]]:
        return {"pause_timer": self.pause, "resume_timer": self.resume,
                "add_timer_time": self.add_time, "remove_timer_time": self.remove_time}

    def pause(self, intent: Intent, now: datetime) -> Reply:
        running = self.store.timers(("running",))
        if not running and self.store.timers(("paused",)):
            return Reply("Your timer is already paused.")
        chosen = choose(running, dict(intent.slots), "pause")
        if isinstance(chosen, Reply):
            return chosen
        for t in chosen:
            self.store.pause_timer(t.id, to_ms(now))
        return self._said("Paused", chosen, now)

    def resume(self, intent: Intent, now: datetime) -> Reply:
        paused = self.store.timers(("paused",))
        if not paused:
            running = self.store.timers(("running",))
            return Reply("Your timer is already running." if running else "You have no paused timers.")
        chosen = choose(paused, dict(intent.slots), "resume")
        if isinstance(chosen, Reply):
            return chosen
        for t in chosen:
            self.store.resume_timer(t.id, to_ms(now))
        return self._said("Resumed", chosen, now)

    def add_time(self, intent: Intent, now: datetime) -> Reply:
        return self._shift(intent, now, +1)

    def remove_time(self, intent: Intent, now: datetime) -> Reply:
        return self._shift(intent, now, -1)

    def _shift(self, intent: Intent, now: datetime, sign: int) -> Reply:
        change = int(intent.slots.get("change_s", "0") or 0)
        if change <= 0:
            return Reply("How much time?")
        chosen = choose(self.store.timers(ACTIVE), dict(intent.slots), "change")
        if isinstance(chosen, Reply):
            return chosen
        now_ms = to_ms(now)
        for t in chosen:
            delta = change * 1000 if sign > 0 else -min(change * 1000, max(0, t.left_ms(now_ms) - 1000))
            self.store.shift_timer(t.id, delta)
        verb = "Added" if sign > 0 else "Took"
        amount = spoken.duration(change)
        prep = "to" if sign > 0 else "off"
        fresh = [self.store.timer(t.id) or t for t in chosen]
        text = f"{verb} {amount} {prep} your {timers.label(fresh[0]) if len(fresh) == 1 else 'timers'}."
        if len(fresh) == 1:
            text += f" {spoken.sentence(spoken.duration(max(1, fresh[0].left_ms(now_ms) / 1000), approximate=True))[:-1]} left."
        return Reply(text, timers.card(fresh[0], now_ms) if len(fresh) == 1 else None)

    def _said(self, verb: str, chosen: list[Timer], now: datetime) -> Reply:
        now_ms = to_ms(now)
        fresh = [self.store.timer(t.id) or t for t in chosen]
        if len(fresh) == 1:
            t = fresh[0]
            left = spoken.duration(max(1, t.left_ms(now_ms) / 1000), approximate=True)
            return Reply(f"{verb} your {timers.label(t)}, with {left} left.", timers.card(t, now_ms))
        return Reply(f"{verb} {spoken.count(len(fresh), 'timer')}.")

"""Timers: start_timer, timer_status, cancel_timer, and pausing, resuming and changing
running ones (pause_timer, resume_timer, add_timer_time, remove_timer_time). ``TimerControl(store)`` hands the day skill one
handler per intent; every moment comes from the ``now`` it is given."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from glasses.day import timers
from glasses.day.store import DayStore, Timer, to_ms
from glasses.events import Intent, TimerPhase
from glasses.skills import spoken
from glasses.skills.base import Meaning, Reply

ACTIVE = ("running", "ringing", "paused")   # timers the wearer can still ask about


def choose(active: list[Timer], slots: dict, verb: str) -> list[Timer] | Reply:
    """The timers an intent means (by name, duration or "all"), or the question/answer to say."""
    if not active:
        return Reply("You have no timers running.", meaning=Meaning("timer.none_running"))
    name = slots.get("name")
    duration = int(slots["duration_s"]) if str(slots.get("duration_s", "")).isdigit() else None
    if name == "all":
        return active
    chosen = timers.find(active, name, duration)
    if not chosen:
        return Reply(f"There's no {name or 'such'} timer. You have {spoken.join([timers.label(t) for t in active])}.",
                     meaning=Meaning("timer.no_such", {"have": timers.said_all(active)}))
    if len(chosen) > 1 and not name and not duration:
        return Reply(f"You have {spoken.count(len(chosen), 'timer')}: "
                     f"{spoken.join([timers.label(t) for t in chosen])}. Which one should I {verb}?",
                     meaning=Meaning("timer.which", {"count": len(chosen), "have": timers.said_all(chosen)}))
    return chosen


class TimerControl:
    def __init__(self, store: DayStore, origin_ms: Callable[[], int] = lambda: 0) -> None:
        """``origin_ms``: the epoch ms of session t_ms 0 (cards and TimerChange events are on the
        session clock; the store keeps epoch time)."""
        self.store = store
        self.origin_ms = origin_ms

    def handlers(self) -> dict[str, Callable[[Intent, datetime], Reply]]:
        return {"start_timer": self.start, "timer_status": self.status, "cancel_timer": self.cancel,
                "pause_timer": self.pause, "resume_timer": self.resume,
                "add_timer_time": self.add_time, "remove_timer_time": self.remove_time}

    def start(self, intent: Intent, now: datetime) -> Reply:
        try:
            seconds = int(intent.slots.get("duration_s", "0"))
        except ValueError:
            seconds = 0
        if seconds <= 0:
            return Reply("How long should the timer be?", meaning=Meaning("start_timer.how_long"))
        if seconds > 24 * 3600:
            return Reply("I can set timers up to a day long. For later than that, ask for a reminder.",
                         meaning=Meaning("start_timer.too_long"))
        name = intent.slots.get("name", "").strip()
        now_ms = to_ms(now)
        live = [t for t in self.store.timers() if not timers.gone_off(t, now_ms)]
        if name and any(t.name.lower() == name.lower() for t in live):
            return Reply(f"You already have a {name} timer. Cancel it first, or give the new one another name.",
                         meaning=Meaning("start_timer.exists", {"name": name}))
        running = [t for t in live if t.state == "running"]   # what "that's N timers running" counts
        t = self.store.add_timer(name, seconds, now_ms)
        return timers.started_reply(t, running, now_ms, self.origin_ms())

    def status(self, intent: Intent, now: datetime) -> Reply:
        """How long is left; a timer whose end has passed is said to have gone off (when, how long
        ago) and is then marked done, so it is told once and its missed alarm is not said again."""
        duration = intent.slots.get("duration_s", "")
        reply = timers.status_reply(self.store.timers(ACTIVE), now, self.origin_ms(), intent.slots.get("name"),
                                    int(duration) if duration.isdigit() else None)
        for change in reply.events:
            self.store.set_timer_state(int(change.timer_id), "done")
        return reply

    def _live(self, states: tuple[str, ...], now: datetime) -> list[Timer]:
        """Timers in ``states`` that have not gone off unheard (running past their end)."""
        return [t for t in self.store.timers(states) if not timers.gone_off(t, to_ms(now))]

    def cancel(self, intent: Intent, now: datetime) -> Reply:
        active = self.store.timers(ACTIVE)
        if not active:
            return Reply("You have no timers running.", meaning=Meaning("timer.none_running"))
        name = intent.slots.get("name")
        duration = int(intent.slots["duration_s"]) if intent.slots.get("duration_s", "").isdigit() else None
        if name == "all":
            chosen = active
        else:
            chosen = timers.find(active, name, duration)
            if not chosen:
                return Reply(f"There's no {name or 'such'} timer. You have {spoken.join([timers.label(t) for t in active])}.",
                             meaning=Meaning("timer.no_such", {"have": timers.said_all(active)}))
            if len(chosen) > 1 and not name and not duration:
                ringing = [t for t in chosen if t.state == "ringing"]
                if ringing:
                    chosen = ringing
                else:
                    return Reply(f"You have {spoken.count(len(chosen), 'timer')}: "
                                 f"{spoken.join([timers.label(t) for t in chosen])}. Which one?",
                                 meaning=Meaning("timer.which", {"count": len(chosen), "have": timers.said_all(chosen)}))
        for t in chosen:
            self.store.set_timer_state(t.id, "done" if t.state == "ringing" or timers.gone_off(t, to_ms(now))
                                       else "cancelled")
        gone = tuple(timers.change(t, TimerPhase.CANCELLED, to_ms(now), self.origin_ms()) for t in chosen)
        every = Meaning("cancel_timer.all", {"count": len(chosen)}) if name == "all" else None
        if len(chosen) == 1:
            t = chosen[0]
            if timers.gone_off(t, to_ms(now)):
                return Reply(timers.went_off_text(t, now).replace(" went off", " already went off"), None, gone,
                             meaning=every or timers.went_off_meaning(t, now))
            verb = "Stopped" if t.state == "ringing" else "Cancelled"
            return Reply(f"{verb} your {timers.label(t)}.", None, gone, meaning=every or Meaning(
                "cancel_timer.stopped" if t.state == "ringing" else "cancel_timer.one", {"timer": timers.timer_said(t)}))
        return Reply(f"Cancelled {spoken.count(len(chosen), 'timer')}.", None, gone,
                     meaning=every or Meaning("cancel_timer.many", {"count": len(chosen)}))

    def pause(self, intent: Intent, now: datetime) -> Reply:
        running = self._live(("running",), now)
        if not running and self.store.timers(("paused",)):
            return Reply("Your timer is already paused.", meaning=Meaning("pause_timer.already"))
        chosen = choose(running, dict(intent.slots), "pause")
        if isinstance(chosen, Reply):
            return chosen
        for t in chosen:
            self.store.pause_timer(t.id, to_ms(now))
        return self._said("Paused", chosen, now, TimerPhase.PAUSED, "pause_timer")

    def resume(self, intent: Intent, now: datetime) -> Reply:
        paused = self.store.timers(("paused",))
        if not paused:
            running = self._live(("running",), now)
            return Reply("Your timer is already running." if running else "You have no paused timers.",
                         meaning=Meaning("resume_timer.running" if running else "resume_timer.none"))
        chosen = choose(paused, dict(intent.slots), "resume")
        if isinstance(chosen, Reply):
            return chosen
        for t in chosen:
            self.store.resume_timer(t.id, to_ms(now))
        return self._said("Resumed", chosen, now, TimerPhase.UPDATED, "resume_timer")

    def add_time(self, intent: Intent, now: datetime) -> Reply:
        return self._shift(intent, now, +1)

    def remove_time(self, intent: Intent, now: datetime) -> Reply:
        return self._shift(intent, now, -1)

    def _shift(self, intent: Intent, now: datetime, sign: int) -> Reply:
        change = int(intent.slots.get("change_s", "0") or 0)
        if change <= 0:
            return Reply("How much time?", meaning=Meaning("timer.how_much"))
        chosen = choose(self._live(ACTIVE, now), dict(intent.slots), "change")
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
        key = "add_timer_time" if sign > 0 else "remove_timer_time"
        meaning = Meaning(f"{key}.many", {"change_s": change})
        if len(fresh) == 1:
            left_s = max(1, fresh[0].left_ms(now_ms) / 1000)
            text += f" {spoken.sentence(spoken.duration(left_s, approximate=True))[:-1]} left."
            meaning = Meaning(f"{key}.one", {"change_s": change, "timer": timers.timer_said(fresh[0]),
                                             "left_about_s": left_s, "card_timer": timers.timer_said(fresh[0])})
        moved = tuple(timers.change(t, TimerPhase.UPDATED, now_ms, self.origin_ms()) for t in fresh
                      if t.state != "paused")
        return Reply(text, timers.card(fresh[0], now_ms, self.origin_ms()) if len(fresh) == 1 else None, moved,
                     meaning=meaning)

    def _said(self, verb: str, chosen: list[Timer], now: datetime, phase: TimerPhase, key: str) -> Reply:
        now_ms = to_ms(now)
        fresh = [self.store.timer(t.id) or t for t in chosen]
        events = tuple(timers.change(t, phase, now_ms, self.origin_ms()) for t in fresh)
        if len(fresh) == 1:
            t = fresh[0]
            left = spoken.duration(max(1, t.left_ms(now_ms) / 1000), approximate=True)
            return Reply(f"{verb} your {timers.label(t)}, with {left} left.", timers.card(t, now_ms, self.origin_ms()),
                         events, meaning=Meaning(f"{key}.one", {"timer": timers.timer_said(t), "card_timer": timers.timer_said(t),
                                                                "left_about_s": max(1, t.left_ms(now_ms) / 1000)}))
        return Reply(f"{verb} {spoken.count(len(fresh), 'timer')}.", None, events,
                     meaning=Meaning(f"{key}.many", {"count": len(fresh)}))

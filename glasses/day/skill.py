"""DaySkill: the day assistant as one Skill + Proactive + Stoppable object.

Built by the composition root with its dependencies passed in:

    skill = DaySkill(config.day, tz=ZoneInfo(config.assistant.timezone))            # live
    skill = DaySkill(cfg, tz=tz, store=DayStore(tmp / "day.sqlite"), fetcher=f)    # tests

``handle`` answers intents; ``due`` returns what to say unasked (finished timers, repeating
until ``stop``; due reminders, marked late when they were due while the assistant was
off); ``briefing_on_wake`` gives the morning briefing on the first wake of the day;
``refresh`` does the network work (remote calendars, home forecast) and is meant to run
off the event loop. Nothing here reads a clock: every moment comes from ``ctx.now``.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Callable, Iterable

from glasses.day import briefing as briefing_mod
from glasses.day import conditions, lists, notifications, reminders, schedule, spoken, timers
from glasses.day.calendar import CalendarSet
from glasses.day.config import DayConfig
from glasses.day import inbox_token
from glasses.day.fetch import Fetcher, UrlFetcher
from glasses.day.inbox_server import NotificationServer
from glasses.day.normalize import list_items
from glasses.day.places import Place, PlaceIndex, geonames_index
from glasses.day.store import DayStore, from_ms, to_ms
from glasses.day.timer_control import ACTIVE, TimerControl
from glasses.day.timeexpr import PERIODS, TooFarAhead, resolve_day, resolve_when
from glasses.day.weather import Lookup, WeatherService
from glasses.events import Intent
from glasses.skills.base import Context, Reply

log = logging.getLogger("glasses.day")

INTENTS = (
    "get_schedule", "next_event", "check_free", "get_weather", "will_it_rain", "get_temperature",
    "need_umbrella", "briefing", "start_timer", "timer_status", "cancel_timer", "set_reminder",
    "list_reminders", "cancel_reminder", "add_to_list", "remove_from_list", "read_list", "clear_list",
    "read_notifications", "pause_timer", "resume_timer", "add_timer_time", "remove_timer_time",
)
_INBOX_EVERY_MS = 2000
_PRUNE_EVERY_MS = 3_600_000
_TOO_FAR = "That's more than ten years away; I only look ten years ahead."


class DaySkill:
    intents = INTENTS
    examples = ("what's on my schedule today", "will it rain this afternoon", "set a ten minute pasta timer")

    def __init__(self, config: DayConfig, *, tz: tzinfo, store: DayStore | None = None,
                 fetcher: Fetcher | None = None,
                 places: PlaceIndex | Callable[[], PlaceIndex] | None = None) -> None:
        self.config = config
        self.tz = tz
        self.store = store if store is not None else DayStore(config.db_path)
        self.fetcher = fetcher if fetcher is not None else UrlFetcher()
        self._places = places if places is not None else geonames_index
        self.calendars = CalendarSet(tuple(config.calendars), config.cache_path / "calendars", tz,
                                     self.fetcher, config.weather_timeout_s)
        self.weather = WeatherService(self.fetcher, config.cache_path / "weather", config.weather_url,
                                      config.weather_timeout_s, config.weather_fresh_min * 60.0, config.fahrenheit)
        self.inbox = config.inbox_path
        self._inbox_checked_ms: int | None = None
        self._server: NotificationServer | None = None
        self._pruned_ms: int | None = None
        self._handlers: dict[str, Callable[[Intent, datetime], Reply]] = {
            "get_schedule": self._schedule, "next_event": self._next_event, "check_free": self._check_free,
            "get_weather": self._weather, "will_it_rain": self._weather, "get_temperature": self._weather,
            "need_umbrella": self._weather, "briefing": lambda i, now: self.briefing(now),
            "start_timer": self._start_timer, "timer_status": self._timer_status, "cancel_timer": self._cancel_timer,
            "set_reminder": self._set_reminder, "list_reminders": self._list_reminders,
            "cancel_reminder": self._cancel_reminder, "add_to_list": self._add_to_list,
            "remove_from_list": self._remove_from_list, "read_list": self._read_list, "clear_list": self._clear_list,
            "read_notifications": self._read_notifications,
            **TimerControl(self.store).handlers(),   # pause, resume, add or take time
        }

    # --- protocol: Skill ---------------------------------------------------------------------
    def handle(self, intent: Intent, ctx: Context) -> Reply:
        now = self._now(ctx)
        handler = self._handlers.get(intent.name)
        if handler is None:
            return Reply("Sorry, I can't help with that.")
        return handler(intent, now)

    # --- protocol: Proactive -----------------------------------------------------------------
    def due(self, ctx: Context) -> list[Reply]:
        """What to say now without being asked. Call often (every second or so)."""
        now = self._now(ctx)
        now_ms = to_ms(now)
        if self._inbox_checked_ms is None or abs(now_ms - self._inbox_checked_ms) >= _INBOX_EVERY_MS:
            self._inbox_checked_ms = now_ms
            notifications.ingest(self.inbox, self.store, now_ms)
            if self._pruned_ms is None or abs(now_ms - self._pruned_ms) >= _PRUNE_EVERY_MS:
                self._pruned_ms = now_ms
                notifications.prune(self.inbox, self.store, now_ms, self.config.notifications_keep_days)
        out: list[Reply] = []
        give_up_ms = self.config.alarm_give_up_min * 60_000
        for t in self.store.timers():
            if now_ms < t.ends_ms:
                continue
            if t.state == "running" and now_ms - t.ends_ms > give_up_ms:
                self.store.set_timer_state(t.id, "done")
                out.append(Reply(timers.missed_text(t, now), timers.card(t, now_ms)))
            elif t.state == "ringing" and now_ms - t.ends_ms > give_up_ms:
                self.store.set_timer_state(t.id, "done")
            elif timers.alarm_due(t, now_ms, self.config.alarm_repeat_s):
                first = t.state == "running"
                self.store.set_timer_state(t.id, "ringing", alarm_ms=now_ms)
                ringing = self.store.timer(t.id) or t
                out.append(Reply(timers.alarm_text(t, first), timers.card(ringing, now_ms)))
        for r in self.store.due_reminders(now_ms):
            late = now_ms - r.due_ms > self.config.late_after_s * 1000
            self.store.mark_reminder(r.id, "spoken", now_ms, late)
            out.append(Reply(reminders.due_text(r, now, late),
                             {"kind": "reminder", "title": "Missed reminder" if late else "Reminder",
                              "lines": [r.text or "reminder"], "due_at_ms": r.due_ms, "late": late}))
        return out

    # --- protocol: Stoppable -----------------------------------------------------------------
    def stop(self, ctx: Context) -> bool:
        """Silence every ringing timer. True when one was ringing."""
        ringing = [t for t in self.store.timers(("ringing",))]
        for t in ringing:
            self.store.set_timer_state(t.id, "done")
        return bool(ringing)

    def ringing(self) -> bool:
        return bool(self.store.timers(("ringing",)))

    # --- hooks for the assistant -------------------------------------------------------------
    def briefing_on_wake(self, ctx: Context) -> Reply | None:
        """The briefing on the first wake of the day (before ``briefing_until_hour``), else None."""
        now = self._now(ctx)
        if not self.config.briefing_on_first_wake or now.hour >= self.config.briefing_until_hour or now.hour < 4:
            return None
        if self.store.get_meta("last_briefing") == now.date().isoformat():
            return None
        return self.briefing(now)

    def briefing(self, now: datetime) -> Reply:
        now = now.astimezone(self.tz)
        self.store.set_meta("last_briefing", now.date().isoformat())
        notifications.ingest(self.inbox, self.store, to_ms(now))
        start, end = schedule.day_span(now.date(), self.tz)
        events = self.calendars.agenda().between(start, end)
        place = self._home()
        weather = ""
        if isinstance(place, Place):
            lookup = self.weather.forecast(place.lat, place.lon, now)
            weather = conditions.briefing_weather(lookup, now.astimezone(lookup.forecast.tz).date()
                                                  if lookup.forecast else now.date(), now)
        rems = briefing_mod.reminders_today(self.store.pending_reminders(), now)
        return briefing_mod.assemble(now, events, weather, place.name if isinstance(place, Place) else "",
                                     rems, self.store.timers(), len(self.store.unread_notifications()))

    def refresh(self, ctx: Context, force: bool = False) -> list[str]:
        """Network work, off the event loop: fetch remote calendars when due and the home
        forecast when the cached one is old. Returns one line per problem."""
        now = self._now(ctx)
        problems: list[str] = []
        last = self.store.get_meta("calendars_refreshed_at")
        due = force or last is None or (now - datetime.fromisoformat(last)).total_seconds() \
            >= self.config.calendar_refresh_min * 60 or now < datetime.fromisoformat(last)
        if due and any(s.startswith(("http://", "https://", "webcal://")) for s in self.config.calendars):
            problems += self.calendars.refresh_remote(now)
            self.store.set_meta("calendars_refreshed_at", now.isoformat())
        place = self._home()
        if isinstance(place, Place):
            lookup = self.weather.forecast(place.lat, place.lon, now)
            if lookup.problem:
                problems.append(f"weather: {lookup.problem}")
        return problems

    def warm(self, ctx: Context) -> None:
        """Do the slow one-time work (calendar expansion, city list) before the first question."""
        self.calendars.agenda().warm(self._now(ctx))
        self._place_index()

    def start_inbox_server(self) -> int | None:
        """Start the 127.0.0.1 notification endpoint when ``inbox_port`` is set; returns the port.
        The token is read from (or, at first start, made in) ``config.token_path``."""
        if not self.config.inbox_port or self._server is not None:
            return self._server.port if self._server else None
        token = inbox_token.load_or_create(self.config.token_path)
        server = NotificationServer(self.inbox, self.config.inbox_port, token,
                                    rate_per_min=self.config.inbox_rate_per_min)
        server.start()
        self._server = server
        return server.port

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        self.store.close()

    @property
    def warnings(self) -> list[str]:
        return list(self.calendars.warnings) + [w for w in (self.calendars._agenda.warnings if self.calendars._agenda else [])
                                                if w not in self.calendars.warnings]

    # --- helpers -----------------------------------------------------------------------------
    def _now(self, ctx: Context) -> datetime:
        if ctx.now.tzinfo is None:
            return ctx.now.replace(tzinfo=self.tz)
        return ctx.now.astimezone(self.tz)

    def _place_index(self) -> PlaceIndex:
        if callable(self._places) and not isinstance(self._places, PlaceIndex):
            self._places = self._places()
        return self._places  # type: ignore[return-value]

    def _home(self) -> Place | str:
        """The home Place, or a sentence saying why there is none."""
        if self.config.home is not None:
            lat, lon = self.config.home
            return Place(self.config.home_name or "", lat, lon)
        if self.config.home_name:
            found = self._place_index().lookup(self.config.home_name)
            if found:
                return Place(self.config.home_name, found.lat, found.lon, found.country, found.timezone)
            return f"I can't find {self.config.home_name}, the home set in your config."
        return "I don't know where home is. Set day.home_name, or home_lat and home_lon, in the config."

    # --- schedule ----------------------------------------------------------------------------
    def _schedule(self, intent: Intent, now: datetime) -> Reply:
        day_slot = intent.slots.get("day", "today")
        agenda = self.calendars.agenda()
        if day_slot in ("weekend", "week"):
            return self._span_schedule(day_slot, now)
        try:
            day = resolve_day(day_slot, now.date())
        except TooFarAhead:
            return Reply(_TOO_FAR)
        except ValueError:
            return Reply("Sorry, I didn't catch which day.")
        start, end = schedule.day_span(day, self.tz)
        return schedule.schedule_reply(agenda.between(start, end), day, now, intent.slots.get("period"))

    def _span_schedule(self, which: str, now: datetime) -> Reply:
        today = now.date()
        if which == "weekend":
            sat = today + timedelta(days=(5 - today.weekday()) % 7) if today.weekday() != 6 else today - timedelta(days=1)
            days = [sat, sat + timedelta(days=1)]
            label = "this weekend"
        else:
            days = [today + timedelta(days=i) for i in range(7 - today.weekday())]
            label = "for the rest of the week"
        agenda = self.calendars.agenda()
        parts, lines, total = [], [], 0
        for d in days:
            start, end = schedule.day_span(d, self.tz)
            evs = [e for e in agenda.between(start, end) if e.all_day or e.end > now]
            total += len(evs)
            name = spoken.WEEKDAYS[d.weekday()] if d != today else "today"
            if evs:
                parts.append(f"{name}, {spoken.join([e.title for e in evs[:3]])}"
                             + (f" and {len(evs) - 3} more" if len(evs) > 3 else ""))
            lines += [f"{d.strftime('%a')} {schedule._card_line(e, d)}" for e in evs]
        card = {"kind": "schedule", "title": label.capitalize(), "lines": lines or ["nothing scheduled"]}
        if not total:
            return Reply(f"You have nothing on your calendar {label}.", card)
        return Reply(f"You have {spoken.count(total, 'event')} {label}: {'; '.join(parts)}.", card)

    def _next_event(self, intent: Intent, now: datetime) -> Reply:
        return schedule.next_event_reply(self.calendars.agenda().between, now)

    def _check_free(self, intent: Intent, now: datetime) -> Reply:
        slots = intent.slots
        agenda = self.calendars.agenda()
        try:
            if "time" in slots:
                t = resolve_when(f"{slots.get('day', 'at')} {slots['time']}", now)
            elif "in_s" in slots:
                t = resolve_when(f"+{int(slots['in_s'])}", now)
            elif "day" in slots:
                day = resolve_day(slots["day"], now.date())
                period = slots.get("period")
                lo, hi = PERIODS[period] if period else tuple(self.config.working_hours)
                base = datetime.combine(day, time(), tzinfo=self.tz)
                label = spoken.day_name(day, now.date())
                if period:
                    label = f"{'this' if label == 'today' else label} {period}"
                start, end = base + timedelta(hours=lo), base + timedelta(hours=hi)
                if end <= now:
                    return Reply(f"{spoken.sentence(label)[:-1]} is already over.")
                return schedule.free_span_reply(agenda.between(start, end), start, end, now, label)
            else:
                t = now
        except TooFarAhead:
            return Reply(_TOO_FAR)
        except ValueError:
            return Reply("Sorry, I didn't catch when.")
        start, end = schedule.day_span(t.date(), self.tz)
        events = agenda.between(start, end + timedelta(hours=6))
        if t == now:
            current = [e for e in events if not e.all_day and e.covers(now)]
            if current:
                return Reply(f"No, you're in {current[0].title} until {spoken.clock(current[0].end)}.")
            later = [e for e in events if not e.all_day and e.start > now and e.start.date() == now.date()]
            if later:
                return Reply(f"Yes, you're free until {later[0].title} {spoken.at_clock(later[0].start)}.")
            return Reply("Yes, you're free for the rest of the day.")
        return schedule.free_at_reply(events, t, now)

    # --- weather -----------------------------------------------------------------------------
    def _weather(self, intent: Intent, now: datetime) -> Reply:
        slots = intent.slots
        if slots.get("place"):
            place = self._place_index().lookup(slots["place"])
            if place is None:
                return Reply(f"I don't know where {slots['place']} is.")
        else:
            home = self._home()
            if isinstance(home, str):
                return Reply(home)
            place = home
        lookup: Lookup = self.weather.forecast(place.lat, place.lon, now)
        local_today = now.astimezone(lookup.forecast.tz).date() if lookup.forecast else now.date()
        try:
            day = resolve_day(slots["day"], local_today) if slots.get("day") else local_today
        except ValueError:
            day = local_today
        return conditions.weather_reply(lookup, place.name, day, slots.get("period"), now,
                                        intent=intent.name, kind=slots.get("kind", "rain"))

    # --- timers ------------------------------------------------------------------------------
    def _start_timer(self, intent: Intent, now: datetime) -> Reply:
        try:
            seconds = int(intent.slots.get("duration_s", "0"))
        except ValueError:
            seconds = 0
        if seconds <= 0:
            return Reply("How long should the timer be?")
        if seconds > 24 * 3600:
            return Reply("I can set timers up to a day long. For later than that, ask for a reminder.")
        name = intent.slots.get("name", "").strip()
        running = self.store.timers()
        if name and timers.find([t for t in running if t.name], name) and \
                any(t.name.lower() == name.lower() for t in running):
            return Reply(f"You already have a {name} timer. Cancel it first, or give the new one another name.")
        t = self.store.add_timer(name, seconds, to_ms(now))
        return timers.started_reply(t, len(running))

    def _timer_status(self, intent: Intent, now: datetime) -> Reply:
        duration = intent.slots.get("duration_s", "")
        return timers.status_reply(self.store.timers(ACTIVE), to_ms(now), intent.slots.get("name"),
                                   int(duration) if duration.isdigit() else None)

    def _cancel_timer(self, intent: Intent, now: datetime) -> Reply:
        active = self.store.timers(ACTIVE)
        if not active:
            return Reply("You have no timers running.")
        name = intent.slots.get("name")
        duration = int(intent.slots["duration_s"]) if intent.slots.get("duration_s", "").isdigit() else None
        if name == "all":
            chosen = active
        else:
            chosen = timers.find(active, name, duration)
            if not chosen:
                return Reply(f"There's no {name or 'such'} timer. You have {spoken.join([timers.label(t) for t in active])}.")
            if len(chosen) > 1 and not name and not duration:
                ringing = [t for t in chosen if t.state == "ringing"]
                if ringing:
                    chosen = ringing
                else:
                    return Reply(f"You have {spoken.count(len(chosen), 'timer')}: "
                                 f"{spoken.join([timers.label(t) for t in chosen])}. Which one?")
        for t in chosen:
            self.store.set_timer_state(t.id, "done" if t.state == "ringing" else "cancelled")
        if len(chosen) == 1:
            t = chosen[0]
            verb = "Stopped" if t.state == "ringing" else "Cancelled"
            return Reply(f"{verb} your {timers.label(t)}.")
        return Reply(f"Cancelled {spoken.count(len(chosen), 'timer')}.")

    # --- reminders ---------------------------------------------------------------------------
    def _set_reminder(self, intent: Intent, now: datetime) -> Reply:
        when = intent.slots.get("when")
        if not when:
            return Reply("When should I remind you? Say, for example, remind me to call Anna at five.")
        try:
            due = resolve_when(when, now)
        except TooFarAhead:
            return Reply("I can only set reminders up to ten years ahead.")
        except ValueError:
            return Reply("Sorry, I didn't catch when.")
        if due <= now:
            return reminders.past_reply(due, now)
        r = self.store.add_reminder(intent.slots.get("text", ""), to_ms(due), to_ms(now))
        return reminders.set_reply(r, now)

    def _list_reminders(self, intent: Intent, now: datetime) -> Reply:
        return reminders.list_reply(self.store.pending_reminders(), now)

    def _cancel_reminder(self, intent: Intent, now: datetime) -> Reply:
        pending = self.store.pending_reminders()
        if not pending:
            return Reply("You have no reminders to cancel.")
        words = intent.slots.get("text", "")
        if words == "all":
            chosen = pending
        elif words:
            chosen = reminders.find(pending, words)
            if not chosen:
                return Reply(f"I couldn't find a reminder {reminders.about(words)}.")
        else:
            chosen = pending if len(pending) == 1 else []
            if not chosen:
                return Reply(f"You have {spoken.count(len(pending), 'reminder')}. Which one should I cancel?")
        if len(chosen) > 1 and words != "all":
            chosen = chosen[:1] if len({r.text for r in chosen}) == 1 else chosen
            if len(chosen) > 1:
                return Reply(f"{spoken.count(len(chosen), 'reminder').capitalize()} match. "
                             f"Say more of the reminder, or cancel all reminders.")
        for r in chosen:
            self.store.mark_reminder(r.id, "cancelled")
        if len(chosen) == 1:
            r = chosen[0]
            return Reply(f"Cancelled the reminder {reminders.about(r.text)} "
                         f"{spoken.when_phrase(from_ms(r.due_ms, now), now)}.".replace("  ", " "))
        return Reply(f"Cancelled {spoken.count(len(chosen), 'reminder')}.")

    # --- lists -------------------------------------------------------------------------------
    def _items_of(self, intent: Intent) -> list[str]:
        raw = intent.slots.get("item", "")
        return [i.strip() for i in raw.split(";") if i.strip()] if ";" in raw or raw else []

    def _add_to_list(self, intent: Intent, now: datetime) -> Reply:
        name = intent.slots.get("list", "shopping")
        wanted = self._items_of(intent) or list_items(intent.slots.get("item", ""))
        if not wanted:
            return Reply(f"What should I add to your {name} list?")
        existing = self.store.items(name)
        added, present = [], []
        for item in wanted:
            if lists.present(existing, item) or not self.store.add_item(name, item, to_ms(now)):
                present.append(item)
            else:
                added.append(item)
                existing.append(item)
        return lists.added_reply(name, added, present, self.store.items(name))

    def _remove_from_list(self, intent: Intent, now: datetime) -> Reply:
        name = intent.slots.get("list", "shopping")
        items = self.store.items(name)
        removed, missing = [], []
        for item in self._items_of(intent):
            hit = lists.match(items, item)
            if hit and self.store.remove_item(name, hit):
                removed.append(hit)
                items.remove(hit)
            else:
                missing.append(item)
        parts = []
        if removed:
            parts.append(f"Removed {spoken.join(removed)} from your {name} list.")
        if missing:
            parts.append(spoken.sentence(f"{spoken.join(missing)} {'is' if len(missing) == 1 else 'are'}n't on your {name} list"))
        return Reply(" ".join(parts) or "Nothing to remove.", lists.card(name, items))

    def _read_list(self, intent: Intent, now: datetime) -> Reply:
        name = intent.slots.get("list", "shopping")
        return lists.read_reply(name, self.store.items(name))

    def _clear_list(self, intent: Intent, now: datetime) -> Reply:
        name = intent.slots.get("list", "shopping")
        n = self.store.clear_list(name)
        if not n:
            return Reply(f"Your {name} list was already empty.", lists.card(name, []))
        return Reply(f"Cleared your {name} list; it had {spoken.count(n, 'item')}.", lists.card(name, []))

    # --- notifications -----------------------------------------------------------------------
    def _read_notifications(self, intent: Intent, now: datetime) -> Reply:
        notifications.ingest(self.inbox, self.store, to_ms(now))
        unread = self.store.unread_notifications()
        reply = notifications.read_reply(unread)
        spoken_ones = unread[:5]
        if spoken_ones:
            self.store.mark_read([n.id for n in spoken_ones], to_ms(now))
        return reply

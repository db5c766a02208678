"""DaySkill: the day assistant as one Skill + Proactive + Stoppable object.

Built by the composition root with its dependencies passed in:

    skill = DaySkill(config.day, tz=ZoneInfo(config.assistant.timezone))            # live
    skill = DaySkill(cfg, tz=tz, store=DayStore(tmp / "day.sqlite"), fetcher=f)    # tests

``handle`` answers intents; ``due`` returns what to say unasked (finished timers, repeating
until ``stop``; due reminders, marked late when they were due while the assistant was
off); ``briefing_on_wake`` gives the morning briefing on the first wake of the day;
``refresh`` does the network work (remote calendars, home forecast) and is meant to run
off the event loop. Nothing here reads a clock: every moment comes from ``ctx.now``.

Answers are grouped by capability, each a small class handing over its handlers: calendar
questions (schedule_answers.ScheduleAnswers), timers (timer_control.TimerControl), reminders
and lists (errand_answers); weather, the briefing, alerts and the inbox stay here.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Callable

from glasses.day import briefing as briefing_mod
from glasses.day import conditions, notifications, reminders, schedule, timers
from glasses.day.calendar import CalendarSet
from glasses.day.config import DayConfig
from glasses.day import inbox_token
from glasses.fetch import Fetcher, UrlFetcher
from glasses.day.inbox_server import NotificationServer
from glasses.day.places import Place, PlaceIndex, geonames_index
from glasses.day.store import DayStore, to_ms
from glasses.day.errand_answers import ListAnswers, ReminderAnswers
from glasses.day.schedule_answers import ScheduleAnswers
from glasses.day.timer_control import TimerControl
from glasses.day.timeexpr import resolve_day
from glasses.day.weather import Lookup, WeatherService
from glasses.events import Intent, TimerChange, TimerPhase
from glasses.skills.base import BriefingNote, Context, Meaning, Reply
from glasses.skills.contract import Peers
from glasses.day.cards import ReminderCard

log = logging.getLogger("glasses.day")

INTENTS = (
    "get_schedule", "next_event", "check_free", "get_weather", "will_it_rain", "get_temperature",
    "need_umbrella", "briefing", "start_timer", "timer_status", "cancel_timer", "set_reminder",
    "list_reminders", "cancel_reminder", "add_to_list", "remove_from_list", "read_list", "clear_list",
    "read_notifications", "pause_timer", "resume_timer", "add_timer_time", "remove_timer_time",
)
_WEATHER = frozenset({"get_weather", "will_it_rain", "get_temperature", "need_umbrella"})
_INBOX_EVERY_MS = 2000
_PRUNE_EVERY_MS = 3_600_000


class DaySkill:
    intents = INTENTS
    examples = ("what's on my schedule today", "will it rain this afternoon", "set a ten minute pasta timer")

    def __init__(self, config: DayConfig, *, tz: tzinfo, store: DayStore | None = None,
                 fetcher: Fetcher | None = None,
                 places: PlaceIndex | Callable[[], PlaceIndex] | None = None, peers: Peers | None = None) -> None:
        self.config = config
        self.peers = peers or Peers()  # notes for the briefing (navigation: when to leave)
        self.tz = tz
        self.store = store if store is not None else DayStore(config.db_path)
        self.fetcher = fetcher if fetcher is not None else UrlFetcher()
        self._places = places if places is not None else (lambda: geonames_index(config.cache_path / "places"))
        self.calendars = CalendarSet(tuple(config.calendars), config.cache_path / "calendars", tz,
                                     self.fetcher, config.weather_timeout_s)
        self.weather = WeatherService(self.fetcher, config.cache_path / "weather", config.weather_url,
                                      config.weather_timeout_s, config.weather_fresh_min * 60.0, config.fahrenheit)
        self.inbox = config.inbox_path
        self._inbox_checked_ms: int | None = None
        self._origin_ms = 0  # epoch ms of session t_ms 0; set from each Context (see _now)
        self._server: NotificationServer | None = None
        self._pruned_ms: int | None = None
        self._handlers: dict[str, Callable[[Intent, datetime], Reply]] = {
            "get_weather": self._weather, "will_it_rain": self._weather, "get_temperature": self._weather,
            "need_umbrella": self._weather, "briefing": lambda i, now: self.briefing(now),
            "read_notifications": self._read_notifications,
            **ScheduleAnswers(self.calendars, tz, tuple(config.working_hours)).handlers(),
            **TimerControl(self.store, lambda: self._origin_ms).handlers(),  # start, stop, pause, resume, change
            **ReminderAnswers(self.store).handlers(),
            **ListAnswers(self.store).handlers(),
        }

    # --- protocol: Skill ---------------------------------------------------------------------
    def handle(self, intent: Intent, ctx: Context) -> Reply:
        now = self._now(ctx)
        fetched = ctx.extras.get("prefetched")
        if fetched is not None and intent.name in _WEATHER:
            return self._weather(intent, now, fetched)
        if fetched is not None and intent.name == "briefing":
            return self.briefing(now, fetched)
        handler = self._handlers.get(intent.name)
        if handler is None:
            return Reply("Sorry, I can't help with that.")
        return handler(intent, now)

    # --- protocol: Prefetching (the forecast fetch for weather and the briefing, on a worker) -
    def prefetch(self, intent: Intent, ctx: Context) -> Callable[[], Lookup] | None:
        if intent.name not in _WEATHER and intent.name != "briefing":
            return None
        place = self._weather_place(intent) if intent.name in _WEATHER else self._home()
        if not isinstance(place, Place):
            return None  # handle() says why there is no place
        now = self._now(ctx)
        return lambda: self.weather.forecast(place.lat, place.lon, now)

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
                out.append(Reply(timers.missed_text(t, now), timers.card(t, now_ms, self._origin_ms),
                                 (timers.change(t, TimerPhase.CANCELLED, now_ms, self._origin_ms),),
                                 meaning=timers.missed_meaning(t, now)))
            elif t.state == "ringing" and now_ms - t.ends_ms > give_up_ms:
                self.store.set_timer_state(t.id, "done")  # the HUD drops it TIMER_LINGER_MS after its end
            elif timers.alarm_due(t, now_ms, self.config.alarm_repeat_s):
                first = t.state == "running"
                self.store.set_timer_state(t.id, "ringing", alarm_ms=now_ms)
                ringing = self.store.timer(t.id) or t
                out.append(Reply(timers.alarm_text(t, first), timers.card(ringing, now_ms, self._origin_ms),
                                 (timers.change(t, TimerPhase.RINGING, now_ms, self._origin_ms),) if first else (),
                                 meaning=timers.alarm_meaning(t, first)))
        for r in self.store.due_reminders(now_ms):
            late = now_ms - r.due_ms > self.config.late_after_s * 1000
            self.store.mark_reminder(r.id, "spoken", now_ms, late)
            out.append(Reply(reminders.due_text(r, now, late),
                             ReminderCard(title="Missed reminder" if late else "Reminder",
                              lines=[r.text or "reminder"], due_at_ms=r.due_ms, late=late)))
        return out

    # --- protocol: Stoppable -----------------------------------------------------------------
    def stop(self, ctx: Context) -> list[TimerChange]:
        """Silence every ringing timer; a TimerChange (cancelled) for each, so displays drop it."""
        now_ms = to_ms(self._now(ctx))
        ringing = [t for t in self.store.timers(("ringing",))]
        for t in ringing:
            self.store.set_timer_state(t.id, "done")
        return [timers.change(t, TimerPhase.CANCELLED, now_ms, self._origin_ms) for t in ringing]

    # --- what the day assistant offers other skills (glasses.skills.base) -------------------------
    def events_between(self, start: datetime, end: datetime) -> list:
        """Calendar: the wearer's events overlapping [start, end)."""
        return self.calendars.agenda().between(start, end)

    def add_to_list(self, item: str, ctx: Context, list_name: str = "shopping") -> Reply:
        """ListKeeper: add ``item`` (look and shop adds the product in the wearer's hand)."""
        slots = {"item": item} if list_name == "shopping" else {"item": item, "list": list_name}
        return self.handle(Intent(ctx.t_ms, "add_to_list", slots), ctx)

    def on_first_wake(self, ctx: Context) -> Reply | None:
        """FirstWake: the morning briefing (when day.briefing_on_first_wake), with the other
        skills' notes for it (navigation: when to leave for the first meeting)."""
        reply = self.briefing_on_wake(ctx)
        if reply is None:
            return None
        notes = []
        for skill in self.peers.all(BriefingNote):
            try:
                note = skill.briefing_note(ctx.now)
            except Exception as exc:  # noqa: BLE001 - the briefing must never fail because of a note
                log.warning("briefing note failed: %s: %s", type(exc).__name__, exc)
                continue
            if note:
                notes.append(note)
        text = " ".join([reply.text, *notes])
        meaning = reply.meaning   # the notes' meanings (a nav Cue carries one), else the English stays
        if meaning is not None and notes:
            noted = [getattr(n, "meaning", None) for n in notes]
            meaning = None if any(m is None for m in noted) else replace(
                meaning, slots={**meaning.slots, "parts_sentences": [*meaning.slots["parts_sentences"], *noted]})
        return Reply(text, reply.card, reply.events, topic="briefing", meaning=meaning)

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

    def briefing(self, now: datetime, lookup: Lookup | None = None) -> Reply:
        """``lookup``: the home forecast already fetched on a worker (prefetch), else fetched here."""
        now = now.astimezone(self.tz)
        self.store.set_meta("last_briefing", now.date().isoformat())
        notifications.ingest(self.inbox, self.store, to_ms(now))
        start, end = schedule.day_span(now.date(), self.tz)
        events = self.calendars.agenda().between(start, end)
        place = self._home()
        weather, weather_said = "", None
        if isinstance(place, Place):
            lookup = lookup or self.weather.forecast(place.lat, place.lon, now)
            local = now.astimezone(lookup.forecast.tz).date() if lookup.forecast else now.date()
            weather = conditions.briefing_weather(lookup, local, now)
            weather_said = conditions.briefing_weather_meaning(lookup, local, now)
        rems = briefing_mod.reminders_today(self.store.pending_reminders(), now)
        reply = briefing_mod.assemble(now, events, weather, place.name if isinstance(place, Place) else "",
                                     rems, self.store.timers(), len(self.store.unread_notifications()),
                                     weather_said)
        return replace(reply, topic="briefing")  # a queued first-wake briefing is then dropped

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
        """The context's moment in the wearer's zone; also notes where the session clock starts
        (``_origin_ms``, epoch ms of t_ms 0), since the store keeps epoch time and everything the
        skill hands out (cards, TimerChange) is on the session clock."""
        now = ctx.now.replace(tzinfo=self.tz) if ctx.now.tzinfo is None else ctx.now.astimezone(self.tz)
        self._origin_ms = to_ms(now) - ctx.t_ms
        return now

    def _place_index(self) -> PlaceIndex:
        if callable(self._places) and not isinstance(self._places, PlaceIndex):
            self._places = self._places()
        return self._places  # type: ignore[return-value]

    def _home(self) -> Place | Reply:
        """The home Place, or the answer saying why there is none."""
        if self.config.home is not None:
            lat, lon = self.config.home
            return Place(self.config.home_name or "", lat, lon)
        if self.config.home_name:
            found = self._place_index().lookup(self.config.home_name)
            if found:
                return Place(self.config.home_name, found.lat, found.lon, found.country, found.timezone)
            return Reply(f"I can't find {self.config.home_name}, the home set in your config.",
                         meaning=Meaning("home.not_found", {"home": self.config.home_name}))
        return Reply("I don't know where home is. Set day.home_name, or home_lat and home_lon, in the config.",
                     meaning=Meaning("home.unset"))

    # --- weather -----------------------------------------------------------------------------
    def _weather_place(self, intent: Intent) -> Place | Reply:
        """Where the weather is asked for, or the answer saying why it is not known."""
        if intent.slots.get("place"):
            place = self._place_index().lookup(intent.slots["place"])
            return place if place is not None else Reply(
                f"I don't know where {intent.slots['place']} is.",
                meaning=Meaning("get_weather.unknown_place", {"place": intent.slots["place"]}))
        return self._home()

    def _weather(self, intent: Intent, now: datetime, lookup: Lookup | None = None) -> Reply:
        """``lookup``: the forecast already fetched on a worker (prefetch), else fetched here."""
        slots = intent.slots
        place = self._weather_place(intent)
        if isinstance(place, Reply):
            return place
        if lookup is None:
            lookup = self.weather.forecast(place.lat, place.lon, now)
        local_today = now.astimezone(lookup.forecast.tz).date() if lookup.forecast else now.date()
        try:
            day = resolve_day(slots["day"], local_today) if slots.get("day") else local_today
        except ValueError:
            day = local_today
        return conditions.weather_reply(lookup, place.name, day, slots.get("period"), now,
                                        intent=intent.name, kind=slots.get("kind", "rain"))

    # --- notifications -----------------------------------------------------------------------
    def _read_notifications(self, intent: Intent, now: datetime) -> Reply:
        notifications.ingest(self.inbox, self.store, to_ms(now))
        unread = self.store.unread_notifications()
        reply = notifications.read_reply(unread)
        spoken_ones = unread[:5]
        if spoken_ones:
            self.store.mark_read([n.id for n in spoken_ones], to_ms(now))
        return reply

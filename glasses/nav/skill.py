"""The navigation skill: voice intents in, replies out; fixes in, turn instructions and HUD arrows out.

Dependencies come through the constructor: the map (loaded on first use, so a session that
never navigates pays nothing), the calendar as a plain ``events_between`` callable, and the
``nav:`` config. It keeps only the latest fix in memory; nothing is written to disk.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Callable, Iterable

import numpy as np

from glasses.cards import TextCard
from glasses.errors import GlassesError
from glasses.events import Intent, Location
from glasses.location.heading import TrackHeading
from glasses.nav import OSM_CREDIT
from glasses.nav.cards import EventCard, NavCard
from glasses.nav.config import NavConfig
from glasses.geo import distances_m
from glasses.nav.guidance import Cue, GuidanceConfig, NavUpdate
from glasses.nav.hints import hint_names, hint_sentence
from glasses.nav.maps import NavMap
from glasses.nav.meeting import EventsBetween, Meeting, leave_meaning, leave_phrase, next_meeting
from glasses.nav.places import SAVED_ONLY, NoSavedPlace, Place, UnknownPlace
from glasses.nav.speech import spoken_distance, spoken_minutes
from glasses.nav.steps import step_meaning
from glasses.nav.trip import Trip
from glasses.skills.base import Context, Meaning, Reply

NO_FIX = "I don't know where you are yet: there is no GPS fix."
NEAR_PLACE_M = 120.0
SOUND_MIN = 72.0      # a name that sounds at least this alike (0-100, glasses.nav.sounds) is asked about
SOUND_MARGIN = 3.0    # ... when the next name sounds less alike by this much


class NavSkill:
    intents = ("navigate_to", "navigate_meeting", "nav_distance", "meeting_distance", "when_to_leave",
               "where_am_i", "stop_navigation", "map_credits")
    examples = ("navigate to Kauppatori", "take me to my next meeting", "when do I need to leave",
                "where am I", "stop navigation")

    def __init__(self, config: NavConfig, load_map: Callable[[], NavMap],
                 events_between: EventsBetween | None = None) -> None:
        self.config = config
        self._load_map = load_map
        self._map: NavMap | None = None
        self.events_between = events_between
        self.heading = TrackHeading()
        self.fix: Location | None = None
        self.trip: Trip | None = None
        self.pending: Place | None = None   # asked before the first fix: routed when it comes
        self._map_failed = False
        self._hint: tuple[Any, str] = (None, "")   # (where, the recognizer's hint) for spoken_hint
        self.guidance_cfg = GuidanceConfig(config.announce_m, config.off_route_m, config.off_route_s,
                                           config.arrive_m)

    @property
    def navmap(self) -> NavMap:
        if self._map is None:
            self._map = self._load_map()
        return self._map

    # --- voice ------------------------------------------------------------------------------
    def handle(self, intent: Intent, ctx: Context) -> Reply:
        try:
            return getattr(self, f"_{intent.name}")(intent, ctx)
        except GlassesError as exc:  # unknown place, off the map, no path: said plainly
            return Reply(_plain(str(exc)))

    def _navigate_to(self, intent: Intent, ctx: Context) -> Reply:
        what = intent.slots.get("destination", "").strip()
        if not what:
            return Reply("Where do you want to go?", meaning=Meaning("navigate_to.where_to"))
        try:
            dest = self.navmap.finder.lookup(what, self._here())
        except NoSavedPlace as missing:
            return Reply(not_saved(missing.name), meaning=not_saved_meaning(missing.name))
        if dest is None:
            guess = self.sounds_like(what)
            if guess is not None:  # a near miss by sound: asked, never walked to on a guess
                return Reply(f"Did you mean {guess}?",
                             confirm=replace(intent, slots={**intent.slots, "destination": guess}),
                             meaning=Meaning("navigate_to.did_you_mean", {"guess": guess}))
            return Reply(f"Sorry, I can't find {what} on the map.", meaning=Meaning("navigate_to.cant_find", {"what": what}))
        return self._start(dest)

    def sounds_like(self, heard: str) -> str | None:
        """The map's name that ``heard`` sounds like ("Copatory" -> "Kauppatori"), when one is
        close enough and clearly closer than the next (glasses.nav.sounds), else None."""
        if any(ch.isdigit() for ch in heard):
            return None  # an address or a platform: spelled, never sounded out
        found = self.navmap.sounds.match(heard.replace(",", " "), limit=2)
        if not found or found[0].score < SOUND_MIN:
            return None
        if len(found) > 1 and found[0].score - found[1].score < SOUND_MARGIN:
            return None  # two names sound as alike: asking about one would be a coin toss
        return str(self.navmap.graph.places.name[found[0].index])

    # --- the recognizer's hint (SpokenNames) ---------------------------------------------------
    def spoken_hint(self) -> str:
        """The names of the places near the wearer, for the recognizer's prompt; empty before a
        fix, and until the map is loaded (loaded at the first fix: never at a listen)."""
        if self.fix is None or self._map is None:
            return ""
        here = (round(self.fix.lat, 3), round(self.fix.lon, 3))  # about 100 m: the same names
        if self._hint[0] != here:
            names = hint_names(self._map.graph.places, self.fix.lat, self.fix.lon)
            if self.trip is not None and self.trip.dest.name not in names:
                names = [self.trip.dest.name, *names[:-1]]
            self._hint = (here, hint_sentence(names))
        return self._hint[1]

    def _navigate_meeting(self, intent: Intent, ctx: Context) -> Reply:
        meeting, dest, problem = self._meeting_place(ctx.now)
        if problem is not None:
            return problem
        assert meeting is not None and dest is not None
        reply = self._start(dest)
        meaning = Meaning("navigate_meeting.start", {"title": meeting.title, "then": reply.meaning}) \
            if reply.meaning is not None else None
        return Reply(f"{meeting.title}. {reply.text}", reply.card, reply.events, meaning=meaning)

    def _start(self, dest: Place) -> Reply:
        if self.fix is None:
            self.pending, self.trip = dest, None
            return Reply(f"I'll guide you to {dest.name} as soon as I have a GPS fix.",
                         meaning=Meaning("navigate_to.pending", {"dest": dest.name}))
        here = Place("your position", self.fix.lat, self.fix.lon, "point")
        route = self.navmap.plan(here, dest)
        self.trip, self.pending = Trip(self.navmap, dest, self.guidance_cfg, route), None
        first = route.steps[0].instruction if route.steps else ""
        text = (f"Walking to {dest.name}: {spoken_distance(route.distance_m)}, about "
                f"{spoken_minutes(route.duration_s)}. {first}.")
        card = NavCard(title=f"To {dest.name}",
                       lines=(f"{route.distance_m:.0f} m, {spoken_minutes(route.duration_s)}", first))
        step = step_meaning(route.steps[0]) if route.steps else None
        walk = max(1, round(route.duration_s / 60)) * 60
        meaning = Meaning("navigate_to.walking" if step is not None else "navigate_to.walking_plain", {
            "dest": dest.name, "distance_m": route.distance_m, "walk_s": walk, "first": step,
            "card_m": f"{route.distance_m:.0f}", "card_first": step})
        return Reply(text, card, meaning=meaning)

    def _nav_distance(self, intent: Intent, ctx: Context) -> Reply:
        if self.trip is None:
            return Reply("You're not navigating anywhere. Say, for example, navigate to Kauppatori.",
                         meaning=Meaning("nav.not_navigating_hint"))
        left = self.trip.remaining_m
        minutes = spoken_minutes(left / self.navmap.speed_mps)
        return Reply(f"{spoken_distance(left)} to {self.trip.dest.name}, about {minutes}.",
                     meaning=Meaning("nav_distance.left", {"distance_m": left, "dest": self.trip.dest.name,
                                                          "walk_s": max(1, round(left / self.navmap.speed_mps / 60)) * 60}))

    def _meeting_route(self, ctx: Context):
        """(meeting, destination, route) to the next meeting with a place, or a Reply saying why not."""
        meeting, dest, problem = self._meeting_place(ctx.now)
        if problem is not None:
            return problem
        assert meeting is not None and dest is not None
        start = self._start_point()
        if start is None:
            return Reply(f"{meeting.title} is at {dest.name}. {NO_FIX}",
                         meaning=Meaning("nav.meeting_no_fix", {"title": meeting.title, "dest": dest.name}))
        return meeting, dest, self.navmap.plan(start, dest)

    def _meeting_distance(self, intent: Intent, ctx: Context) -> Reply:
        found = self._meeting_route(ctx)
        if isinstance(found, Reply):
            return found
        meeting, dest, route = found
        return Reply(f"{meeting.title} is at {dest.name}: {spoken_distance(route.distance_m)}, about "
                     f"{spoken_minutes(route.duration_s)} on foot.")

    def _when_to_leave(self, intent: Intent, ctx: Context) -> Reply:
        found = self._meeting_route(ctx)
        if isinstance(found, Reply):
            return found
        meeting, dest, route = found
        text, leave_at = leave_phrase(meeting, route.duration_s, ctx.now, self.config.leave_margin_min)
        card = EventCard(title=meeting.title,
                         lines=(f"starts {meeting.start:%H:%M} at {dest.name}", f"leave by {leave_at:%H:%M}",
                                f"{route.distance_m:.0f} m walk"))
        meaning = leave_meaning(meeting, route.duration_s, ctx.now, self.config.leave_margin_min)
        meaning = replace(meaning, slots={**meaning.slots, "card_dest": dest.name, "card_leave": leave_at,
                                          "card_start": meeting.start, "card_m": f"{route.distance_m:.0f}"})
        return Reply(text, card, meaning=meaning)

    def _where_am_i(self, intent: Intent, ctx: Context) -> Reply:
        if self.fix is None:
            return Reply(NO_FIX, meaning=Meaning("nav.no_fix"))
        return self._where(self.fix.lat, self.fix.lon)

    def _stop_navigation(self, intent: Intent, ctx: Context) -> Reply:
        if self.trip is None and self.pending is None:
            return Reply("You're not navigating anywhere.", meaning=Meaning("nav.not_navigating"))
        dest = self.trip.dest.name if self.trip else self.pending.name  # type: ignore[union-attr]
        self.trip = self.pending = None
        return Reply("Navigation stopped.", events=(self._cleared(ctx.t_ms, dest),),
                     meaning=Meaning("stop_navigation.done"))

    def _map_credits(self, intent: Intent, ctx: Context) -> Reply:
        source = self._map.graph.source if self._map is not None else ""
        lines = [OSM_CREDIT.replace("©", "(c)"), "Open Database License (ODbL 1.0)"]  # the HUD font is ASCII + ([f"extract: {source}"] if source else [])
        return Reply("The map data is from OpenStreetMap contributors, under the Open Database License.",
                     TextCard(title="About the map", lines=tuple(lines)))

    # --- position ---------------------------------------------------------------------------
    def locate(self, fix: Location, ctx: Context) -> Iterable[Any]:
        fix = self.heading.update(fix)
        self.fix = fix
        if self._map is None and not self._map_failed:
            try:  # loaded at the first fix, so the places near the wearer can be hinted
                self.navmap
            except GlassesError:
                self._map_failed = True  # said when the wearer asks for a route
        out: list[Any] = []
        if self.pending is not None:
            try:
                out.append(self._start(self.pending))
            except GlassesError as exc:
                self.pending = None
                out.append(Reply(_plain(str(exc))))
        if self.trip is None:
            return out
        update, say, arrived = self.trip.update(fix)
        out.append(update)
        out.extend(Reply(text, meaning=getattr(text, "meaning", None)) for text in say)  # Cue: said in the language
        if arrived:
            self.trip = None
        return out

    def describe(self, lat: float, lon: float) -> str:
        """ "You're on Bulevardi, near Cafe Ekberg." """
        return self._where(lat, lon).text

    def _where(self, lat: float, lon: float) -> Reply:
        """Where the wearer is, in English and as data (glasses/replies.py)."""
        street, near = self._street_and_place(lat, lon)
        key = "where_am_i." + ("on_near" if street and near else "on" if street else "near" if near else "coords")
        return Reply(self._where_text(street, near, lat, lon),
                     meaning=Meaning(key, {"street": street, "near": near, "lat": f"{lat:.4f}", "lon": f"{lon:.4f}"}))

    @staticmethod
    def _where_text(street: str, near: str, lat: float, lon: float) -> str:
        if street and near:
            return f"You're on {street}, near {near}."
        if street or near:
            return f"You're on {street}." if street else f"You're near {near}."
        return f"You're at {lat:.4f} north, {lon:.4f} east, away from named streets."

    def _street_and_place(self, lat: float, lon: float) -> tuple[str, str]:
        g = self.navmap.graph
        self.navmap.router.snap(lat, lon, "your position")  # off the map: said plainly
        street = self._street_near(lat, lon)
        p = g.places
        d = distances_m(lat, lon, p.lat, p.lon)
        d[np.isin(p.kind, ("address", "street"))] = np.inf
        i = int(np.argmin(d)) if len(d) else -1
        near = str(p.name[i]) if i >= 0 and d[i] <= NEAR_PLACE_M else ""
        return street, near

    def place_name(self, lat: float, lon: float) -> str:
        """The nearest named place within NEAR_PLACE_M, else the street, else "" (the NamesPlaces
        peer protocol: where a note or a photo was made)."""
        try:
            p = self.navmap.graph.places
            d = distances_m(lat, lon, p.lat, p.lon)
            d[np.isin(p.kind, ("address", "street"))] = np.inf
            i = int(np.argmin(d)) if len(d) else -1
            if i >= 0 and d[i] <= NEAR_PLACE_M:
                return str(p.name[i])
            return self._street_near(lat, lon)
        except GlassesError:   # no map, or off it: the note is kept without a name
            return ""

    def _street_near(self, lat: float, lon: float, within_m: float = 40.0) -> str:
        """The name of the closest named way within ``within_m`` (pavements are often unnamed)."""
        g = self.navmap.graph
        d = distances_m(lat, lon, g.lat, g.lon)
        for node in np.argsort(d)[:40]:
            if d[node] > within_m:
                break
            for e in range(int(g.indptr[node]), int(g.indptr[node + 1])):
                if g.street[e] >= 0:
                    return g.street_name(e)
        return ""

    # --- meetings -----------------------------------------------------------------------------
    def briefing_note(self, now: datetime) -> str:
        """BriefingNote: when to leave for the first meeting with a place on the map."""
        return self.leave_note(now)

    def leave_note(self, now: datetime) -> str:
        """For the morning briefing: when to leave for today's first meeting with a place on the map."""
        if self.events_between is None:
            return ""
        start = self._start_point()
        if start is None:
            return ""
        end_of_day = now.replace(hour=23, minute=59)
        for ev in sorted(self.events_between(now, end_of_day), key=lambda e: e.start):
            where = str(getattr(ev, "location", "") or "").strip()
            if getattr(ev, "all_day", False) or ev.start <= now or not where:
                continue
            try:
                dest = self.navmap.finder.lookup(where, (start.lat, start.lon))
            except UnknownPlace:  # "Home" with no home saved
                continue
            if dest is None:
                continue
            try:
                route = self.navmap.plan(start, dest)
            except GlassesError:
                continue
            meeting = Meeting(str(ev.title), ev.start, where)
            text, _ = leave_phrase(meeting, route.duration_s, now, self.config.leave_margin_min)
            return Cue(f"For {ev.title}: {text[0].lower()}{text[1:]}", Meaning("briefing.leave_note", {
                "title": str(ev.title),
                "then": leave_meaning(meeting, route.duration_s, now, self.config.leave_margin_min)}))
        return ""

    def _meeting_place(self, now: datetime) -> tuple[Meeting | None, Place | None, Reply | None]:
        """The next meeting and where it is, or the Reply saying why not."""
        meeting = next_meeting(self.events_between, now)
        if meeting is None:
            return None, None, Reply("You have no meetings coming up.", meaning=Meaning("nav.no_meetings"))
        said = {"title": meeting.title, "location": meeting.location}
        if not meeting.location:
            return meeting, None, Reply(f"Your next meeting, {meeting.title}, has no location in the calendar.",
                                        meaning=Meaning("nav.meeting_no_location", said))
        try:
            dest = self.navmap.finder.lookup(meeting.location, self._here())
        except NoSavedPlace as missing:
            return meeting, None, Reply(f"{meeting.title} is at {meeting.location}. {not_saved(missing.name)}",
                                        meaning=Meaning("nav.meeting_not_saved",
                                                        {**said, "then": not_saved_meaning(missing.name)}))
        if dest is None:
            return meeting, None, Reply(f"Sorry, I can't find {meeting.location}, where {meeting.title} is, on the map.",
                                        meaning=Meaning("nav.meeting_cant_find", said))
        return meeting, dest, None

    def _here(self) -> tuple[float, float] | None:
        return (self.fix.lat, self.fix.lon) if self.fix is not None else None

    def _start_point(self) -> Place | None:
        if self.fix is not None:
            return Place("your position", self.fix.lat, self.fix.lon, "point")
        if self._map is None and not any(k.strip().lower() == "home" for k in self.config.places):
            return None  # no fix and no home: nothing to measure from (and no map to load for it)
        home = self.navmap.finder.saved.get("home")
        return Place("home", home[0], home[1], "saved") if home else None

    @staticmethod
    def _cleared(t_ms: int, dest: str) -> NavUpdate:
        return NavUpdate(t_ms, None, 0.0, 0.0, "", "", 0.0, dest, False, "stopped")


def not_saved(name: str) -> str:
    """For the ear: no saved place called ``name``, and how to save one."""
    where = name if name in SAVED_ONLY else f"your {name}"
    return (f"I don't know where {where} is: it isn't saved. Add {name} to config.yaml under nav, places, "
            "as a place on the map or a latitude and longitude.")


def not_saved_meaning(name: str) -> Meaning:
    return Meaning("navigate_to.not_saved_home" if name.strip().lower() == "home" else "navigate_to.not_saved", {"name": name})


def _plain(message: str) -> str:
    """An error for the ear."""
    return "Sorry, " + message[:1].lower() + message[1:].rstrip(".") + "."

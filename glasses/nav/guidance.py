"""Following the wearer along a route, fix by fix (pure: handed fixes, never reads a clock).

``Guidance.update(fix)`` places the fix on the route (the closest point of the polyline
not far behind the progress so far, so a parallel street does not make it jump), and
returns a ``NavUpdate`` for the HUD (arrow relative to where the wearer faces, distance
to the next turn, street) plus what to say:

- the next turn when it comes within ``announce_m`` ("In 40 metres, turn left onto ..."),
  and again at the turn ("Turn left now onto ...") if the first call came well before it;
- arrival within ``arrive_m`` of the end ("You have arrived. Cafe Ekberg is on the right.");
- off the route by more than ``off_route_m`` (or the fix's accuracy, if worse) for
  ``off_route_s``: ``reroute`` is set once and the owner plans again from the fix.
"""

from __future__ import annotations

import math
from typing import ClassVar
from dataclasses import dataclass, field

import numpy as np

from glasses.cards import Band
from glasses.events import Location
from glasses.geo import LocalFrame, angle_diff, bearing_deg
from glasses.nav import OSM_CREDIT
from glasses.nav.speech import spoken_distance
from glasses.nav.steps import Route, Step, step_meaning
from glasses.skills.base import Meaning

ARROW_STEP_DEG = 10      # the HUD's arrow turns in steps of this many degrees
LOOK_AHEAD_M = 12.0      # the arrow points at the route this far ahead of the wearer
AT_TURN_M = 12.0         # "now" cue distance
BEHIND_M = 30.0          # how far behind the progress so far a fix may still be matched
NOW_LEAD_S = 3.5         # a "now" cue (about 2.2 s of speech, plus up to 1 s to the next fix) leads the turn by this
LOOK_AHEAD_S = 2.0       # ... and the arrow looks at least this far ahead in time


@dataclass(frozen=True, slots=True)
class NavUpdate:
    """Guidance for the HUD: an arrow and the next instruction.

    arrow_deg: where to walk relative to where the wearer faces (-180..180, positive is
    right; None when the heading is unknown); bearing_deg: the same, from true north;
    to_turn_m: distance to the next step; instruction/street: that step; remaining_m: to the
    destination; off_route: the wearer is away from the route; state: guiding, arrived or
    stopped (the HUD clears the arrow).
    """

    json_type: ClassVar[str] = "nav"

    t_ms: int
    arrow_deg: float | None
    bearing_deg: float
    to_turn_m: float
    instruction: str
    street: str
    remaining_m: float
    destination: str
    off_route: bool = False
    state: str = "guiding"

    def band(self) -> Band | None:
        """The HUD's directions band (glasses.cards.ShowsBand), rounded so that GPS jitter does not
        redraw the display every second (arrow to 10 degrees, distance as spoken); None once
        navigation stopped or arrived."""
        if self.state != "guiding":
            return None
        arrow = None if self.arrow_deg is None else int(round(self.arrow_deg / ARROW_STEP_DEG) * ARROW_STEP_DEG)
        if arrow == -180:
            arrow = 180
        return Band(arrow, int(round(self.bearing_deg / ARROW_STEP_DEG) * ARROW_STEP_DEG) % 360,
                    spoken_distance(self.to_turn_m).replace(" metres", " m").replace(" kilometres", " km"),
                    self.instruction, self.street, self.destination, self.off_route,
                    OSM_CREDIT.replace("©", "(c)"))  # the HUD font draws ASCII only



@dataclass(frozen=True)
class GuidanceConfig:
    announce_m: float = 50.0
    off_route_m: float = 25.0
    off_route_s: float = 10.0
    arrive_m: float = 15.0


class Cue(str):
    """A spoken cue ("In 50 metres, turn left onto Bulevardi.") that also carries its meaning
    (glasses.skills.base.Meaning), so the nav skill's Reply can be said in the wearer's language;
    None when it has no parts the tables can say."""

    meaning: Meaning | None

    def __new__(cls, text: str, meaning: Meaning | None = None) -> "Cue":
        cue = super().__new__(cls, text)
        cue.meaning = meaning
        return cue


def _step_cue(key: str, step: Step, **slots) -> Meaning | None:
    said = step_meaning(step)
    return None if said is None else Meaning(key, {"step": said, **slots})


@dataclass
class Result:
    update: NavUpdate
    say: list[str] = field(default_factory=list)
    reroute: bool = False
    arrived: bool = False


class Guidance:
    def __init__(self, route: Route, cfg: GuidanceConfig | None = None) -> None:
        self.route = route
        self.cfg = cfg or GuidanceConfig()
        self.frame = LocalFrame(float(route.lat[0]), float(route.lon[0]))
        x, y = self.frame.xy(route.lat, route.lon)
        self._ax, self._ay = x[:-1], y[:-1]
        self._dx, self._dy = np.diff(x), np.diff(y)
        self._den = np.maximum(self._dx ** 2 + self._dy ** 2, 1e-9)
        self._cum = route.cum_m
        self.along = 0.0
        self.off_since: int | None = None
        self.rerouted = False
        self.arrived = False
        self._announced: set[int] = set()
        self._now_said: set[int] = set()
        self._turns = [s for s in route.steps if s.turn not in ("depart", "arrive")]
        self.speed_mps = 0.0                       # progress along the route, smoothed over fixes
        self._last: tuple[int, float] | None = None  # (t_ms, along) of the previous fix on the route

    # --- placing the fix ----------------------------------------------------------------
    def locate(self, lat: float, lon: float) -> tuple[float, float]:
        """(distance along the route, distance from it) of the closest point ahead of ~progress."""
        px, py = self.frame.xy(lat, lon)
        f = np.clip(((px - self._ax) * self._dx + (py - self._ay) * self._dy) / self._den, 0.0, 1.0)
        d = np.hypot(px - (self._ax + f * self._dx), py - (self._ay + f * self._dy))
        along = self._cum[:-1] + f * np.diff(self._cum)
        d = np.where(along < self.along - BEHIND_M, np.inf, d)
        i = int(np.argmin(d))
        if not math.isfinite(float(d[i])):
            return self.along, float("inf")
        return float(along[i]), float(d[i])

    def point_at(self, along: float) -> tuple[float, float]:
        along = min(max(along, 0.0), self.route.distance_m)
        i = int(np.searchsorted(self._cum, along, side="right")) - 1
        i = min(max(i, 0), len(self._cum) - 2)
        seg = self._cum[i + 1] - self._cum[i]
        f = 0.0 if seg <= 0 else (along - self._cum[i]) / seg
        r = self.route
        return float(r.lat[i] + (r.lat[i + 1] - r.lat[i]) * f), float(r.lon[i] + (r.lon[i + 1] - r.lon[i]) * f)

    def next_step(self) -> Step:
        for s in self.route.steps[1:]:
            if s.at_m > self.along + 2.0 or s.turn == "arrive":
                return s
        return self.route.steps[-1]

    # --- one fix --------------------------------------------------------------------------
    def update(self, fix: Location) -> Result:
        cfg, r = self.cfg, self.route
        if len(r.lat) < 2:
            return self._arrive(fix, [])
        along, off = self.locate(fix.lat, fix.lon)
        limit = max(cfg.off_route_m, fix.accuracy_m)
        say: list[str] = []
        reroute = False
        if off > limit:
            self.off_since = fix.t_ms if self.off_since is None else self.off_since
            if fix.t_ms - self.off_since >= cfg.off_route_s * 1000 and not self.rerouted:
                self.rerouted = reroute = True
        else:
            self.off_since = None
            self.along = max(self.along, along) if along >= self.along - BEHIND_M else self.along
            self._track_speed(fix.t_ms)
        off_route = self.off_since is not None
        remaining = max(0.0, r.distance_m - self.along)
        if not off_route and (remaining <= cfg.arrive_m) and not self.arrived:
            return self._arrive(fix, say)
        step = self.next_step()
        to_turn = max(0.0, step.at_m - self.along)
        if not off_route:
            say.extend(self._announce(step, to_turn))
        if off_route:  # point back to the nearest part of the route
            tlat, tlon = self.point_at(along if math.isfinite(off) else self.along)
        else:
            tlat, tlon = self.point_at(self.along + max(LOOK_AHEAD_M, self.speed_mps * LOOK_AHEAD_S))
        bearing = bearing_deg(fix.lat, fix.lon, tlat, tlon)
        arrow = None if fix.heading_deg is None else round(angle_diff(bearing, fix.heading_deg), 1)
        update = NavUpdate(fix.t_ms, arrow, round(bearing, 1), round(to_turn, 1), step.instruction, step.street,
                           round(remaining, 1), r.dest.name, off_route, "arrived" if self.arrived else "guiding")
        return Result(update, say, reroute, False)

    def _track_speed(self, t_ms: int) -> None:
        """Speed along the route (m/s), smoothed; cues and the arrow lead by time, not only metres,
        so at a run or on a bike (20 km/h) a "now" is said before the corner, not after it."""
        if self._last is not None and t_ms > self._last[0]:
            v = (self.along - self._last[1]) * 1000 / (t_ms - self._last[0])
            self.speed_mps = 0.5 * self.speed_mps + 0.5 * max(0.0, min(v, 15.0)) if self.speed_mps else v
        self._last = (t_ms, self.along)

    def _announce(self, step: Step, to_turn: float) -> list[str]:
        at_turn = max(AT_TURN_M, self.speed_mps * NOW_LEAD_S)
        key = step.node
        if step.turn == "arrive":
            if key not in self._announced and to_turn <= self.cfg.announce_m and to_turn > self.cfg.arrive_m + 10:
                self._announced.add(key)
                side = _side_phrase(step.instruction)
                return [Cue(f"In {spoken_distance(to_turn)}, your destination{side}.",
                            Meaning("cue.destination_ahead_side" if side else "cue.destination_ahead",
                                    {"distance_m": to_turn, "side": _side_word(step.instruction)}))]
            return []
        if key not in self._announced and to_turn <= self.cfg.announce_m:
            self._announced.add(key)
            if to_turn > at_turn + 10:
                return [Cue(f"In {spoken_distance(to_turn)}, {_lower_first(step.instruction)}.",
                            _step_cue("cue.in", step, distance_m=to_turn))]
            self._now_said.add(key)
            return [Cue(f"{step.instruction} now." if not step.street else _now(step), _step_cue("cue.now", step))]
        if key in self._announced and key not in self._now_said and to_turn <= at_turn:
            self._now_said.add(key)
            return [Cue(_now(step), _step_cue("cue.now", step))]
        return []

    def _arrive(self, fix: Location, say: list[str]) -> Result:
        self.arrived = True
        r = self.route
        side = _side_phrase(r.steps[-1].instruction) if r.steps else ""
        name = r.dest.name if r.dest.kind != "point" else "your destination"
        word = _side_word(r.steps[-1].instruction) if r.steps else ""
        key = "cue.arrived" + ("_point" if r.dest.kind == "point" else "") + ("_side" if word else "")
        say.append(Cue(f"You have arrived. {name}{side or ' is here'}.", Meaning(key, {"name": r.dest.name,
                                                                                   "side": word})))
        bearing = bearing_deg(fix.lat, fix.lon, r.dest.lat, r.dest.lon)
        arrow = None if fix.heading_deg is None else round(angle_diff(bearing, fix.heading_deg), 1)
        update = NavUpdate(fix.t_ms, arrow, round(bearing, 1), 0.0, "Arrived", "", 0.0, r.dest.name, False,
                           "arrived")
        return Result(update, say, False, True)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _now(step: Step) -> str:
    words = step.instruction.split(" onto ", 1)
    return f"{words[0]} now onto {words[1]}." if len(words) == 2 else f"{step.instruction} now."


def _side_word(arrive_instruction: str) -> str:
    """ "left", "right" or "" from the arrival step's instruction."""
    return next((side for side in ("left", "right") if arrive_instruction.endswith(f"on the {side}")), "")


def _side_phrase(arrive_instruction: str) -> str:
    for side in ("left", "right"):
        if arrive_instruction.endswith(f"on the {side}"):
            return f" is on the {side}"
    return ""

"""One navigation in progress: the route, its guidance, re-routing from where the wearer is."""

from __future__ import annotations

from dataclasses import dataclass, field

from glasses.events import Location
from glasses.nav.guidance import Cue, Guidance, GuidanceConfig, NavUpdate
from glasses.nav.maps import NavMap
from glasses.nav.places import Place
from glasses.nav.steps import Route, step_meaning
from glasses.skills.base import Meaning


@dataclass
class Trip:
    navmap: NavMap
    dest: Place
    cfg: GuidanceConfig
    route: Route
    guidance: Guidance = field(init=False)
    reroutes: int = 0

    def __post_init__(self) -> None:
        self.guidance = Guidance(self.route, self.cfg)

    def update(self, fix: Location) -> tuple[NavUpdate, list[str], bool]:
        """(HUD update, what to say, arrived) for one fix; re-plans once off the route for long enough."""
        result = self.guidance.update(fix)
        say = list(result.say)
        if result.reroute:
            start = Place("your position", fix.lat, fix.lon, "point")
            try:
                self.route = self.navmap.plan(start, self.dest)
            except Exception:  # off the map or no path from here: keep pointing back to the route
                return result.update, say, False
            self.reroutes += 1
            self.guidance = Guidance(self.route, self.cfg)
            result = self.guidance.update(fix)
            first = self.route.steps[0].instruction if self.route.steps else ""
            step = step_meaning(self.route.steps[0]) if self.route.steps else None
            say = [Cue("Re-routing. " + (first + "." if first else ""),
                       Meaning("cue.reroute", {"step": step}) if step is not None else None)] + list(result.say)
        return result.update, say, result.arrived

    @property
    def remaining_m(self) -> float:
        return max(0.0, self.route.distance_m - self.guidance.along)

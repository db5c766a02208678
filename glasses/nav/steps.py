"""From a path of graph nodes to a route with turn-by-turn steps (pure).

A new step starts where the street name changes or the way turns by more than
TURN_DEG; legs shorter than SHORT_LEG_M (a zebra crossing, a kink of footway) are
folded into the next one so the wearer hears turns, not every crossing. Turn angles
are measured over about BEARING_WINDOW_M either side of the turn, so a slightly
jagged way does not read as a turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from glasses.geo import angle_diff, bearing_deg, compass_word, distance_m
from glasses.nav.places import Place
from glasses.nav.router import WALK_SPEED_MPS, Path
from glasses.nav.store import Graph
from glasses.skills.base import Meaning

TURN_DEG = 50.0
SHORT_LEG_M = 25.0
BEARING_WINDOW_M = 15.0


@dataclass(frozen=True, slots=True)
class Step:
    instruction: str       # "Turn left onto Mannerheimintie"
    distance_m: float      # how far this step walks
    street: str
    lat: float             # where the step begins (the turn)
    lon: float
    turn: str              # depart, straight, slight left, left, sharp left, ..., arrive
    at_m: float            # distance from the route's start to this step's beginning
    node: int              # index into Route.lat/lon where the step begins
    head: str = ""         # depart: the compass word ("north")

    def to_json(self) -> dict[str, Any]:
        return {"instruction": self.instruction, "distance_m": round(self.distance_m, 1), "street": self.street,
                "lat": round(self.lat, 6), "lon": round(self.lon, 6)}


@dataclass(frozen=True)
class Route:
    start: Place
    dest: Place
    lat: np.ndarray            # the walk's polyline
    lon: np.ndarray
    cum_m: np.ndarray          # distance from the start at each polyline point
    streets: tuple[str, ...]   # street of each hop (len - 1)
    steps: tuple[Step, ...] = field(default=())
    speed_mps: float = WALK_SPEED_MPS

    @property
    def distance_m(self) -> float:
        return float(self.cum_m[-1]) if len(self.cum_m) else 0.0

    @property
    def duration_s(self) -> float:
        return self.distance_m / self.speed_mps

    def to_json(self) -> dict[str, Any]:
        def place(p: Place) -> dict[str, Any]:
            return {"lat": round(p.lat, 6), "lon": round(p.lon, 6), "name": p.name}

        return {"from": place(self.start), "to": place(self.dest), "distance_m": round(self.distance_m, 1),
                "duration_s": round(self.duration_s), "steps": [s.to_json() for s in self.steps]}


def turn_word(angle: float) -> str:
    a = abs(angle)
    side = "right" if angle > 0 else "left"
    if a < 20:
        return "straight"
    if a < 60:
        return f"slight {side}"
    if a < 135:
        return side
    return f"sharp {side}"


def build_route(graph: Graph, path: Path, start: Place, dest: Place, speed_mps: float = WALK_SPEED_MPS) -> Route:
    nodes = np.array(path.nodes, dtype=np.int64)
    lat, lon = graph.lat[nodes].astype(np.float64), graph.lon[nodes].astype(np.float64)
    hops = np.array([graph.length_m[e] for e in path.edges], dtype=np.float64)
    cum = np.concatenate([[0.0], np.cumsum(hops)])
    streets = tuple(graph.street_name(e) for e in path.edges)
    route = Route(start, dest, lat, lon, cum, streets)
    return Route(start, dest, lat, lon, cum, streets, tuple(_steps(route)), speed_mps)


def _bearing_before(r: Route, i: int) -> float:
    j = i - 1
    while j > 0 and r.cum_m[i] - r.cum_m[j] < BEARING_WINDOW_M:
        j -= 1
    return bearing_deg(r.lat[j], r.lon[j], r.lat[i], r.lon[i])


def _bearing_after(r: Route, i: int) -> float:
    j = i + 1
    last = len(r.lat) - 1
    while j < last and r.cum_m[j] - r.cum_m[i] < BEARING_WINDOW_M:
        j += 1
    return bearing_deg(r.lat[i], r.lon[i], r.lat[j], r.lon[j])


def _hop_turn(r: Route, i: int) -> float:
    """Turn at polyline point i between the hop arriving and the hop leaving (local, unsmoothed)."""
    return angle_diff(bearing_deg(r.lat[i], r.lon[i], r.lat[i + 1], r.lon[i + 1]),
                      bearing_deg(r.lat[i - 1], r.lon[i - 1], r.lat[i], r.lon[i]))


def _steps(r: Route) -> list[Step]:
    n = len(r.lat)
    if n < 2:
        return [Step(f"You are at {r.dest.name}", 0.0, "", r.dest.lat, r.dest.lon, "arrive", 0.0, 0)]
    starts = [0]
    for i in range(1, n - 1):
        named_change = r.streets[i] != r.streets[i - 1] and bool(r.streets[i]) and bool(r.streets[i - 1])
        if named_change or abs(_hop_turn(r, i)) > TURN_DEG:
            starts.append(i)
    merged = [0]
    for k, s in enumerate(starts[1:], 1):
        end = starts[k + 1] if k + 1 < len(starts) else n - 1
        if r.cum_m[s] < SHORT_LEG_M:
            continue  # the first metres: the depart instruction already points the way
        if r.cum_m[end] - r.cum_m[s] < SHORT_LEG_M and end != n - 1:
            continue  # fold a short leg (a crossing, a jog along the pavement) into the next
        turn = abs(angle_diff(_bearing_after(r, s), _bearing_before(r, s)))
        street, before = _street_of(r, s), _street_of(r, merged[-1])
        if turn < 20 and (street == before or not street):
            continue  # straight on along the same way: nothing to say
        if turn < TURN_DEG and not (street and street != before):
            continue  # a bend, not a turn
        merged.append(s)
    while len(merged) > 1 and r.cum_m[-1] - r.cum_m[merged[-1]] < SHORT_LEG_M:
        merged.pop()  # a turn a few metres before the end: the arrival says which side instead
    out = []
    for k, s in enumerate(merged):
        end = merged[k + 1] if k + 1 < len(merged) else n - 1
        street = _street_of(r, s)
        dist = float(r.cum_m[end] - r.cum_m[s])
        if k == 0:
            head = compass_word(_bearing_after(r, 0))
            text = f"Head {head} on {street}" if street else f"Head {head}"
            turn = "depart"
        else:
            turn = turn_word(angle_diff(_bearing_after(r, s), _bearing_before(r, s)))
            text = _turn_text(turn, street)
        out.append(Step(text, dist, street, float(r.lat[s]), float(r.lon[s]), turn, float(r.cum_m[s]), s,
                        head if k == 0 else ""))
    side = _side(r)
    name = r.dest.name if r.dest.kind not in ("point",) else "your destination"
    text = f"You have arrived at {name}" + (f", on the {side}" if side else "")
    out.append(Step(text, 0.0, "", float(r.lat[-1]), float(r.lon[-1]), "arrive", float(r.cum_m[-1]), n - 1))
    return out


def step_meaning(step: Step) -> Meaning | None:
    """A depart or turn step as data (glasses/replies.py says it in the wearer's language); the
    arrival and anything else: None."""
    on = {"street": step.street}
    if step.turn == "depart" and step.head:
        return Meaning("step.depart_on" if step.street else "step.depart", {"head": step.head, **on})
    if step.turn == "straight":
        return Meaning("step.continue_onto" if step.street else "step.straight", on)
    if step.turn in ("left", "right", "slight left", "slight right", "sharp left", "sharp right"):
        return Meaning("step.turn_onto" if step.street else "step.turn", {"turn": step.turn, **on})
    return None


def _street_of(r: Route, i: int) -> str:
    """The first named street of the leg starting at i (an unnamed crossing borrows the next name)."""
    for j in range(i, min(i + 4, len(r.streets))):
        if r.streets[j]:
            return r.streets[j] if r.cum_m[j] - r.cum_m[i] < SHORT_LEG_M else r.streets[i]
    return r.streets[i] if i < len(r.streets) else ""


def _turn_text(turn: str, street: str) -> str:
    if turn == "straight":
        return f"Continue onto {street}" if street else "Continue straight on"
    verb = "Turn" if "slight" not in turn else "Keep"
    word = turn.replace("slight ", "") if verb == "Keep" else turn
    return f"{verb} {word} onto {street}" if street else f"{verb} {word}"


def _side(r: Route) -> str:
    """left/right of the destination relative to the last hop; '' when it is ahead or on the way."""
    if distance_m(r.lat[-1], r.lon[-1], r.dest.lat, r.dest.lon) < 8:
        return ""
    b = bearing_deg(r.lat[-1], r.lon[-1], r.dest.lat, r.dest.lon)
    a = angle_diff(b, _bearing_before(r, len(r.lat) - 1))
    if abs(a) < 30 or abs(a) > 150:
        return ""
    return "right" if a > 0 else "left"

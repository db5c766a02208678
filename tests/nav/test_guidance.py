"""Guidance fed fix by fix (pure): turn announcements before each turn, the arrow, re-routing, arrival."""

from __future__ import annotations

from dataclasses import replace

import pytest

from glasses.events import Location
from glasses.geo import angle_diff, bearing_deg, offset
from glasses.nav.guidance import Guidance, GuidanceConfig
from glasses.nav.trip import Trip
from navfix import walk_route, wrong_turn_walk

TRIPS = [("Kauppatori", "Cafe Ekberg"), ("Rautatientori", "Cafe Ekberg"), ("Cafe Ekberg", "Rautatientori")]


def plan(helsinki, a: str, b: str):
    start = helsinki.find(a)
    return helsinki.plan(start, helsinki.find(b, near=(start.lat, start.lon)))


@pytest.mark.parametrize("a,b", TRIPS)
@pytest.mark.parametrize("seed", [1, 2])
def test_each_turn_is_announced_before_it_and_the_walk_arrives(helsinki, a, b, seed):
    route = plan(helsinki, a, b)
    g = Guidance(route)
    turns = [s for s in route.steps if s.turn not in ("depart", "arrive")]
    assert turns, "a walk across the centre has turns"
    heard: list[tuple[float, str]] = []   # (true distance walked when said, text)
    arrived = False
    for fix in walk_route(route, seed=seed):
        walked = (fix.t_ms - 1000) / 1000 * 1.4
        result = g.update(fix)
        heard += [(walked, s) for s in result.say]
        assert not result.reroute, f"re-routed at {walked:.0f} m on a walk that follows the route"
        if result.arrived:
            arrived = True
            break
    assert arrived and heard[-1][1].startswith("You have arrived.")
    assert route.distance_m - walked < 25
    pos = 0
    for step in turns:  # in order: the same instruction may come twice on one walk
        said = [(k, w, t) for k, (w, t) in enumerate(heard) if k >= pos and step.instruction.lower() in t.lower()]
        assert said, f"never heard {step.instruction!r} after {heard[pos - 1] if pos else 'the start'}: {heard}"
        k, first_at, first = said[0]
        pos = k + 1
        assert first_at < step.at_m, f"{first!r} came after the turn"
        assert step.at_m - first_at <= 50 + 15 or step.at_m < 60  # not long before, unless the walk starts near it


def test_arrow_points_along_the_route_relative_to_facing(helsinki):
    route = plan(helsinki, "Kauppatori", "Cafe Ekberg")
    g = Guidance(route)
    # stand on a long straight stretch, mid-way through the second step
    step = route.steps[1]
    lat, lon = g.point_at(step.at_m + 100)
    ahead = g.point_at(step.at_m + 115)
    way = bearing_deg(lat, lon, *ahead)
    g.along = step.at_m + 95
    facing_way = g.update(Location(1000, lat, lon, 4.0, way)).update
    assert abs(facing_way.arrow_deg) < 20 and not facing_way.off_route
    facing_back = g.update(Location(2000, lat, lon, 4.0, (way + 180) % 360)).update
    assert abs(facing_back.arrow_deg) > 160
    facing_left = g.update(Location(3000, lat, lon, 4.0, (way - 90) % 360)).update
    assert facing_left.arrow_deg == pytest.approx(90, abs=20)       # turn right to face the way
    unknown = g.update(Location(4000, lat, lon, 4.0, None)).update
    assert unknown.arrow_deg is None and abs(angle_diff(unknown.bearing_deg, way)) < 20


def test_at_a_turn_the_arrow_swings_into_the_new_street(helsinki):
    route = plan(helsinki, "Rautatientori", "Cafe Ekberg")
    g = Guidance(route)
    turn = next(s for s in route.steps if s.turn in ("left", "right"))
    before = g.point_at(turn.at_m - 20)
    heading = bearing_deg(*before, turn.lat, turn.lon)
    g.along = turn.at_m - 25
    far = g.update(Location(1000, *before, 3.0, heading)).update
    at = g.point_at(turn.at_m - 3)
    g.along = turn.at_m - 5
    near = g.update(Location(2000, *at, 3.0, heading)).update
    side = 1 if turn.turn == "right" else -1
    assert abs(far.arrow_deg) < 35
    assert near.arrow_deg * side > 30, (turn.turn, near.arrow_deg)


def test_a_wrong_turn_reroutes_after_ten_seconds_off_the_route(helsinki):
    route = plan(helsinki, "Rautatientori", "Cafe Ekberg")
    turn = next(s for s in route.steps if s.turn in ("left", "right", "sharp left", "sharp right"))
    trip = Trip(helsinki, route.dest, GuidanceConfig(), route)
    first_off = rerouted_at = None
    said = []
    for fix in wrong_turn_walk(route, turn.at_m, straight_m=160):
        update, say, _ = trip.update(fix)
        said += say
        if update.off_route and first_off is None:
            first_off = fix.t_ms
        if trip.reroutes and rerouted_at is None:
            rerouted_at = fix.t_ms
            break
    assert first_off is not None and rerouted_at is not None, said
    assert rerouted_at - first_off >= 10_000 - 1000   # off for ~10 s (fixes come each second)
    assert any(s.startswith("Re-routing.") for s in said)
    # the new route starts where the wearer is and still ends at the destination
    assert trip.route.dest == route.dest and trip.route.start.name == "your position"


def test_a_short_excursion_does_not_reroute(helsinki):
    route = plan(helsinki, "Kauppatori", "Cafe Ekberg")
    g = Guidance(route, GuidanceConfig(off_route_s=10))
    lat, lon = g.point_at(200)
    g.along = 195
    away = offset(lat, lon, 0.0, 40.0)
    results = [g.update(Location(t, *away, 5.0, None)) for t in range(0, 8000, 1000)]
    assert all(r.update.off_route for r in results) and not any(r.reroute for r in results)
    back = g.update(Location(8000, lat, lon, 5.0, None))
    assert not back.update.off_route and not back.reroute
    # poor accuracy widens the corridor: 40 m away with 60 m accuracy is not off the route
    g2 = Guidance(route)
    g2.along = 195
    assert not g2.update(Location(0, *away, 60.0, None)).update.off_route


def test_arrival_names_the_side(helsinki):
    route = plan(helsinki, "Kauppatori", "Cafe Ekberg")
    g = Guidance(route)
    g.along = route.distance_m - 5
    result = g.update(Location(0, float(route.lat[-1]), float(route.lon[-1]), 3.0, None))
    assert result.arrived and result.update.state == "arrived"
    side = route.steps[-1].instruction.rsplit(" ", 1)[-1]
    assert result.say == [f"You have arrived. Cafe Ekberg is on the {side}."]


def test_guidance_never_reads_a_clock(helsinki):
    """Same fixes, same words: guidance is a pure function of what it is fed."""
    route = plan(helsinki, "Kauppatori", "Cafe Ekberg")
    fixes = walk_route(route, seed=5)
    runs = []
    for _ in range(2):
        g = Guidance(route)
        runs.append([(r.update, tuple(r.say)) for r in map(g.update, fixes)])
    assert runs[0] == runs[1]
    shifted = [replace(f, t_ms=f.t_ms + 10_000_000) for f in fixes]
    g = Guidance(route)
    assert [tuple(r.say) for r in map(g.update, shifted)] == [s for _, s in runs[0]]

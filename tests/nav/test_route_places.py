"""Routing and place search on the real Helsinki extract, and the route command."""

from __future__ import annotations

import heapq
import json
import random

import numpy as np
import pytest

from glasses.nav.geo import distance_m
from glasses.nav.places import UnknownPlace
from glasses.nav.router import OffMap

# named places spread over the extract (they are all in the OSM data)
PAIRS = [
    ("Kauppatori", "Cafe Ekberg"),
    ("Rautatientori", "Kauppatori"),
    ("Cafe Ekberg", "Helsingin päärautatieasema"),
    ("Senaatintori kaupunkipyöräasema", "Eteläesplanadi kaupunkipyöräasema"),
    ("Kiasma kaupunkipyöräasema", "Kasarmitori kaupunkipyöräasema"),
    ("Vanha kirkkopuisto kaupunkipyöräasema", "Rautatientori"),
]


def dijkstra(graph, a: int, b: int) -> float:
    """A plain Dijkstra over the CSR arrays: the reference the A* must agree with."""
    dist = {a: 0.0}
    heap = [(0.0, a)]
    while heap:
        d, u = heapq.heappop(heap)
        if u == b:
            return d
        if d > dist.get(u, np.inf):
            continue
        for e in range(graph.indptr[u], graph.indptr[u + 1]):
            v, nd = int(graph.target[e]), d + float(graph.length_m[e])
            if nd < dist.get(v, np.inf):
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    return np.inf


def test_astar_finds_the_shortest_walk(helsinki):
    g, router = helsinki.graph, helsinki.router
    big = np.nonzero(g.big)[0]
    rnd = random.Random(7)
    for _ in range(25):
        a, b = int(rnd.choice(big)), int(rnd.choice(big))
        path = router.route(a, b)
        assert path.nodes[0] == a and path.nodes[-1] == b
        assert path.distance_m == pytest.approx(dijkstra(g, a, b), rel=1e-6)
        # the path follows real edges and its length adds up
        assert sum(float(g.length_m[e]) for e in path.edges) == pytest.approx(path.distance_m, rel=1e-6)
        for (u, v), e in zip(zip(path.nodes, path.nodes[1:]), path.edges):
            assert g.target[e] == v and g.indptr[u] <= e < g.indptr[u + 1]


@pytest.mark.parametrize("origin,dest", PAIRS)
def test_walks_between_named_places_are_sensible(helsinki, origin, dest):
    start = helsinki.find(origin)
    end = helsinki.find(dest, near=(start.lat, start.lon))
    route = helsinki.plan(start, end)
    straight = distance_m(start.lat, start.lon, end.lat, end.lon)
    assert straight > 200
    assert 1.0 <= route.distance_m / straight <= 1.6, (route.distance_m, straight)
    assert route.steps[0].turn == "depart" and route.steps[-1].turn == "arrive"
    assert route.duration_s == pytest.approx(route.distance_m / 1.3, rel=0.01)


def test_place_search_is_fuzzy_and_accent_insensitive(helsinki):
    f = helsinki.finder
    assert f.find("kauppatori").name == "Kauppatori"
    assert f.find("Cafe Ekberg").name == "Cafe Ekberg"
    assert f.find("café ekberg").name == "Cafe Ekberg"
    assert f.find("cafe ekburg").name == "Cafe Ekberg"                      # a typo
    assert f.find("helsingin paarautatieasema").name == "Helsingin päärautatieasema"
    assert f.find("the station", near=(60.1676, 24.9526)).kind == "station"
    assert f.find("Cafe Ekberg, Bulevardi 9, 00120 Helsinki").name == "Cafe Ekberg"
    assert f.find("60.1699,24.9384").lat == pytest.approx(60.1699)
    with pytest.raises(UnknownPlace):
        f.find("Nowhere Special Street 999")


def test_saved_places_and_nearest_of_a_kind(helsinki):
    from glasses.nav.maps import NavMap

    navmap = NavMap(helsinki.graph, {"home": "60.1650,24.9400", "work": "Kauppatori"})
    assert navmap.find("home").lat == pytest.approx(60.165)
    work = navmap.find("my work")
    kauppatori = helsinki.find("kauppatori")
    assert (work.lat, work.lon) == pytest.approx((kauppatori.lat, kauppatori.lon))
    here = (60.1700, 24.9380)
    cafe = navmap.find("the nearest cafe", near=here)
    p = helsinki.graph.places
    cafes = np.nonzero(p.kind == "cafe")[0]
    nearest = min(distance_m(*here, p.lat[i], p.lon[i]) for i in cafes)
    assert distance_m(*here, cafe.lat, cafe.lon) == pytest.approx(nearest)


def test_off_map_points_are_refused(helsinki):
    with pytest.raises(OffMap, match="off the map"):
        helsinki.router.snap(60.30, 24.90)
    with pytest.raises(OffMap):
        helsinki.router.snap(123.0, 24.9)


def test_route_command_json(glasses_cli):
    r = glasses_cli("route", "kauppatori", "Cafe Ekberg", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"from", "to", "distance_m", "duration_s", "steps"}
    assert out["to"]["name"] == "Cafe Ekberg" and set(out["from"]) == {"lat", "lon", "name"}
    assert 600 < out["distance_m"] < 1400
    assert out["steps"] and all(set(s) == {"instruction", "distance_m", "street", "lat", "lon"} for s in out["steps"])
    assert sum(s["distance_m"] for s in out["steps"]) == pytest.approx(out["distance_m"], abs=1.0)
    assert out["steps"][-1]["instruction"].startswith("You have arrived at Cafe Ekberg")
    text = glasses_cli("route", "60.1676,24.9526", "the station")
    assert text.returncode == 0 and "OpenStreetMap contributors" in text.stdout


@pytest.mark.parametrize("args,needle", [
    (("kauppatori", "Zzyzx Qwerty"), "Zzyzx Qwerty"),
    (("59.0,24.0", "kauppatori"), "off the map"),
])
def test_route_command_errors_are_one_line(glasses_cli, args, needle):
    r = glasses_cli("route", *args)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and needle in r.stderr and "Traceback" not in r.stderr


def test_route_command_no_path(glasses_cli):
    from navfix import DATA

    r = glasses_cli("route", "Testikatu 3", "Island Bench", "--map", str(DATA / "tiny.osm"))
    assert r.returncode == 2 and "no walking path" in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.parametrize("query", ["home", "my home", "work", "my work", "my hotel"])
def test_a_saved_place_that_is_not_saved_is_never_guessed_from_the_map(helsinki, query):
    from glasses.nav.places import NoSavedPlace

    with pytest.raises(NoSavedPlace, match=r"nav: \{places: ") as err:   # not "atHome", "EasyHomes Erottaja", "Network"
        helsinki.find(query)
    assert err.value.name == query.removeprefix("my ")


def test_route_to_home_with_no_home_saved_says_how_to_save_it(glasses_cli):
    r = glasses_cli("route", "kauppatori", "home")
    assert r.returncode == 2, r.stdout
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert "no home saved" in r.stderr and "nav:" in r.stderr and "places:" in r.stderr
    assert "EasyHomes" not in r.stdout + r.stderr

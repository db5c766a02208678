"""Shortest walks over the compact graph: snapping points to the network and A*.

A* with a straight-line (haversine) heuristic, which never overestimates a walk, so
the path is the shortest. The loop reads the numpy arrays through memoryviews: nearly as
fast as Python lists (and twice as fast as indexing numpy scalars), with no copy, so the
memory stays that of the compact arrays even for a city-sized graph.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np

from glasses.errors import GlassesError
from glasses.geo import EARTH_R, distances_m
from glasses.nav.store import Graph

SNAP_LIMIT_M = 300.0   # a point farther than this from any walkable way is off the map
WALK_SPEED_MPS = 1.3   # typical adult walking pace (about 4.7 km/h)


class NoPath(GlassesError):
    """The two points are not connected by walkable ways in this map."""


class OffMap(GlassesError):
    """A point is outside the map (or far from any walkable way)."""


@dataclass(frozen=True)
class Path:
    nodes: tuple[int, ...]
    edges: tuple[int, ...]     # edge index for each hop (len(nodes) - 1)
    distance_m: float

    @property
    def duration_s(self) -> float:
        return self.distance_m / WALK_SPEED_MPS


class Router:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self._indptr = memoryview(np.ascontiguousarray(graph.indptr, dtype=np.int32))
        self._target = memoryview(np.ascontiguousarray(graph.target, dtype=np.int32))
        self._length = memoryview(np.ascontiguousarray(graph.length_m, dtype=np.float32))
        self._latr = memoryview(np.radians(graph.lat))
        self._lonr = memoryview(np.radians(graph.lon))
        self._big = np.nonzero(graph.big)[0]

    def snap(self, lat: float, lon: float, what: str = "point") -> int:
        """The nearest routable node; OffMap when it is farther than SNAP_LIMIT_M."""
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise OffMap(f"{what} is not a valid latitude,longitude")
        d = distances_m(lat, lon, self.g.lat[self._big], self.g.lon[self._big])
        i = int(np.argmin(d))
        if d[i] > SNAP_LIMIT_M:
            raise OffMap(f"{what} is off the map ({d[i]:.0f} m from the nearest walkable way "
                         f"in {self.g.source or 'the map'})")
        return int(self._big[i])

    def route(self, start: int, goal: int) -> Path:
        if start == goal:
            return Path((start,), (), 0.0)
        if self.g.comp[start] != self.g.comp[goal]:
            raise NoPath("no walking path connects these two points in the map")
        indptr, target, length = self._indptr, self._target, self._length
        latr, lonr = self._latr, self._lonr
        glat, glon = latr[goal], lonr[goal]
        # equirectangular distance scaled by 0.999: a lower bound of the walk (to within 0.01 %
        # of haversine over a city), so the first time the goal is popped its path is the shortest
        kx, ky = EARTH_R * math.cos(glat) * 0.999, EARTH_R * 0.999
        hypot, push, pop, inf = math.hypot, heapq.heappush, heapq.heappop, math.inf
        best = {start: 0.0}
        came: dict[int, tuple[int, int]] = {}
        heap = [(hypot((lonr[start] - glon) * kx, (latr[start] - glat) * ky), 0.0, start)]
        while heap:
            _, g, u = pop(heap)
            if u == goal:
                return self._path(came, start, goal, g)
            if g > best[u]:
                continue  # a stale entry: u was reached more cheaply since
            for e in range(indptr[u], indptr[u + 1]):
                v = target[e]
                ng = g + length[e]
                if ng < best.get(v, inf):
                    best[v] = ng
                    came[v] = (u, e)
                    push(heap, (ng + hypot((lonr[v] - glon) * kx, (latr[v] - glat) * ky), ng, v))
        raise NoPath("no walking path connects these two points in the map")

    def route_points(self, lat1: float, lon1: float, lat2: float, lon2: float) -> Path:
        return self.route(self.snap(lat1, lon1, f"start {lat1:.5f},{lon1:.5f}"),
                          self.snap(lat2, lon2, f"destination {lat2:.5f},{lon2:.5f}"))

    @staticmethod
    def _path(came: dict[int, tuple[int, int]], start: int, goal: int, dist: float) -> Path:
        nodes, edges = [goal], []
        n = goal
        while n != start:
            n, e = came[n]
            nodes.append(n)
            edges.append(e)
        return Path(tuple(reversed(nodes)), tuple(reversed(edges)), dist)

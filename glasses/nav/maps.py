"""One loaded map: graph, router and place finder together, and planning a walk between two phrases."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from glasses.nav.names import normalize
from glasses.nav.osm_import import import_map
from glasses.nav.places import Place, PlaceFinder, UnknownPlace
from glasses.nav.sounds import SoundIndex
from glasses.nav.router import WALK_SPEED_MPS, Router
from glasses.nav.steps import Route, build_route
from glasses.nav.store import Graph

BUNDLED_MAP = Path(__file__).resolve().parent.parent / "data" / "maps" / "helsinki.osm.pbf"


class NavMap:
    def __init__(self, graph: Graph, saved: Mapping[str, str] | None = None, speed_mps: float = WALK_SPEED_MPS,
                 sounds_cache: Path | None = None) -> None:
        self.graph = graph
        self.sounds_cache = sounds_cache
        self._sounds: SoundIndex | None = None
        self.speed_mps = speed_mps
        self.router = Router(graph)
        self.finder = PlaceFinder(graph.places)
        self.finder.saved.update(self._resolve_saved(saved or {}))

    def _resolve_saved(self, saved: Mapping[str, str]) -> dict[str, tuple[float, float]]:

        out = {}
        for name, where in saved.items():
            place = self.finder.find(where)
            out[normalize(name)] = (place.lat, place.lon)
        return out

    @property
    def sounds(self) -> SoundIndex:
        """The places' names by sound (built on first use, then kept beside the imported graph)."""
        if self._sounds is None:
            self._sounds = SoundIndex.build(self.graph.places.key.tolist(), self.sounds_cache)
        return self._sounds

    def find(self, query: str, near: tuple[float, float] | None = None) -> Place:
        return self.finder.find(query, near)

    def plan(self, start: Place, dest: Place) -> Route:
        path = self.router.route(self.router.snap(start.lat, start.lon, f"start {start.name}"),
                                 self.router.snap(dest.lat, dest.lon, f"destination {dest.name}"))
        return build_route(self.graph, path, start, dest, self.speed_mps)

    def plan_between(self, from_query: str, to_query: str) -> Route:
        start = self.find(from_query)
        dest = self.find(to_query, near=(start.lat, start.lon))
        return self.plan(start, dest)


def open_map(pbf: Path | None = None, maps_dir: Path | None = None, saved: Mapping[str, str] | None = None,
             progress: Callable[[int], None] | None = None, speed_kmh: float = WALK_SPEED_MPS * 3.6) -> NavMap:
    """The map for ``pbf`` (default: the bundled extract), imported on first use."""
    graph, store, _ = import_map(Path(pbf) if pbf else BUNDLED_MAP, maps_dir, progress)
    try:
        return NavMap(graph, saved, speed_kmh / 3.6, sounds_cache=store.with_name(store.name + ".sounds.json"))
    except UnknownPlace as exc:
        raise UnknownPlace(f"nav.places: {exc}") from None

"""Read an ``.osm.pbf`` with osmium (pyosmium) into the compact walking graph.

Walkable: footways, paths, steps, pedestrian streets and squares, and the streets a
pedestrian may use (residential up to primary, service, tracks, cycleways unless
``foot=no``). Motorways, trunk roads (unless ``foot=yes``), ``access=private`` and
roads under construction are left out. Places: named nodes and areas (shops, cafés,
stops, stations, squares), house addresses ("Bulevardi 9") and named streets.

``import_map`` keeps one store per source file under the data dir, named by the file's
sha256, so a second import of the same file is instant.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Callable

import numpy as np
import osmium

from glasses.errors import GlassesError
from glasses.geo import distances_m
from glasses.nav.names import normalize
from glasses.nav.store import FORMAT, Graph, Places, load, save, texts

WALKABLE = frozenset({
    "footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "unclassified",
    "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link", "track",
    "cycleway", "bridleway", "trail", "platform", "corridor", "crossing", "elevator", "road",
})
NEVER = frozenset({"motorway", "motorway_link", "construction", "proposed", "raceway", "bus_guideway", "abandoned"})
KIND_KEYS = ("railway", "public_transport", "amenity", "shop", "tourism", "leisure", "place", "historic",
             "office", "building", "highway", "landuse")
NAME_KEYS = ("name", "name:en", "name:sv", "alt_name", "official_name")
MIN_ROUTABLE_NODES = 50  # a component smaller than this (and under 1 % of nodes) is not snapped to


def walkable(tags) -> bool:
    hw = tags.get("highway")
    if hw is None or hw in NEVER:
        return False
    foot = tags.get("foot")
    if foot in ("no", "private"):
        return False
    if foot in ("yes", "designated", "permissive"):
        return True
    if tags.get("access") in ("no", "private") or hw in ("trunk", "trunk_link"):
        return False
    return hw in WALKABLE


def place_kind(tags) -> str:
    if tags.get("station") == "subway" or tags.get("subway") == "yes":
        if tags.get("railway") == "station" or tags.get("public_transport") == "station":
            return "subway_station"
    if tags.get("building") == "train_station" or tags.get("railway") == "station":
        return "station"
    for k in KIND_KEYS:
        v = tags.get(k)
        if v:
            return v if v != "yes" else k
    return "place"


def default_maps_dir() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "glasses" / "maps"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def store_path(pbf: Path, maps_dir: Path, digest: str) -> Path:
    stem = pbf.name.split(".")[0] or "map"
    return maps_dir / f"{stem}-{digest[:16]}-v{FORMAT}.npz"


def import_map(pbf: Path, maps_dir: Path | None = None, progress: Callable[[int], None] | None = None
               ) -> tuple[Graph, Path, bool]:
    """(graph, store file, built now?) for ``pbf``; reuses the store of an identical file."""
    pbf = Path(pbf)
    if not pbf.is_file():
        raise GlassesError("map file not found", where=str(pbf))
    digest = file_sha256(pbf)
    out = store_path(pbf, maps_dir or default_maps_dir(), digest)
    if out.exists():
        return load(out), out, False
    graph = build_graph(pbf, digest, progress)
    save(graph, out)
    return graph, out, True


def build_graph(pbf: Path, digest: str = "", progress: Callable[[int], None] | None = None) -> Graph:
    collector = _Collector(progress)
    try:
        collector.apply_file(str(pbf), locations=True)
    except RuntimeError as exc:
        raise GlassesError(f"cannot read OpenStreetMap data: {exc}", where=str(pbf)) from None
    if not collector.segments:
        raise GlassesError("no walkable ways in this map", where=str(pbf))
    return collector.graph(pbf.name, digest)


class _Collector:
    """Gathers walkable segments and places in one pass over the file (areas assembled by osmium)."""

    def __new__(cls, progress):
        class Handler(osmium.SimpleHandler):
            def __init__(self) -> None:
                super().__init__()
                self.index: dict[int, int] = {}   # OSM node id -> graph node
                self.lat: list[float] = []
                self.lon: list[float] = []
                self.segments: list[tuple[int, int, int]] = []  # a, b, street
                self.names: dict[str, int] = {}
                self.places: list[tuple[str, str, float, float]] = []  # name, kind, lat, lon
                self.streets: dict[str, tuple[float, float]] = {}
                self.seen = 0

            def _tick(self) -> None:
                self.seen += 1
                if progress and self.seen % 5000 == 0:
                    progress(5000)

            def _node_index(self, node) -> int:
                i = self.index.get(node.ref)
                if i is None:
                    i = self.index[node.ref] = len(self.lat)
                    self.lat.append(node.location.lat)
                    self.lon.append(node.location.lon)
                return i

            def node(self, n) -> None:
                self._tick()
                if "highway" in n.tags and n.tags.get("highway") not in ("bus_stop",) and "amenity" not in n.tags:
                    pass
                elif any(k in n.tags for k in NAME_KEYS):
                    self._add_place(n.tags, n.location.lat, n.location.lon)
                if "addr:housenumber" in n.tags and "addr:street" in n.tags:
                    self._add_address(n.tags, n.location.lat, n.location.lon)

            def way(self, w) -> None:
                self._tick()
                if not walkable(w.tags):
                    return
                name = w.tags.get("name") or w.tags.get("ref") or ""
                street = self.names.setdefault(name, len(self.names)) if name else -1
                prev = None
                for nd in w.nodes:
                    if not nd.location.valid():
                        prev = None
                        continue
                    i = self._node_index(nd)
                    if prev is not None and prev != i:
                        self.segments.append((prev, i, street))
                    prev = i
                if name and name not in self.streets and len(w.nodes):
                    mid = w.nodes[len(w.nodes) // 2]
                    if mid.location.valid():
                        self.streets[name] = (mid.location.lat, mid.location.lon)

            def area(self, a) -> None:
                if not any(k in a.tags for k in NAME_KEYS) and "addr:housenumber" not in a.tags:
                    return
                lats, lons = [], []
                for ring in a.outer_rings():
                    for nd in ring:
                        lats.append(nd.lat)
                        lons.append(nd.lon)
                if not lats:
                    return
                lat, lon = sum(lats) / len(lats), sum(lons) / len(lons)
                if any(k in a.tags for k in NAME_KEYS):
                    self._add_place(a.tags, lat, lon)
                if "addr:housenumber" in a.tags and "addr:street" in a.tags:
                    self._add_address(a.tags, lat, lon)

            def _add_place(self, tags, lat: float, lon: float) -> None:
                kind = place_kind(tags)
                for k in NAME_KEYS:
                    v = tags.get(k)
                    if v:
                        if kind == "station" and not any(w in v.lower() for w in ("station", "asema")):
                            v = f"{v} station"  # the node named "Helsinki" is "Helsinki station"
                        self.places.append((v, kind, lat, lon))

            def _add_address(self, tags, lat: float, lon: float) -> None:
                self.places.append((f"{tags.get('addr:street')} {tags.get('addr:housenumber')}", "address", lat, lon))

            def graph(self, source: str, digest: str) -> Graph:
                return _assemble(self, source, digest)

        return Handler()


def _assemble(h, source: str, digest: str) -> Graph:
    n = len(h.lat)
    lat, lon = np.array(h.lat, dtype=np.float64), np.array(h.lon, dtype=np.float64)
    seg = np.array(h.segments, dtype=np.int64)
    a, b, street = seg[:, 0], seg[:, 1], seg[:, 2].copy()
    length = _segment_lengths(lat, lon, a, b)
    _name_pavements(lat, lon, a, b, street)
    src = np.concatenate([a, b])
    dst = np.concatenate([b, a])
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.add.at(indptr, src + 1, 1)
    indptr = np.cumsum(indptr).astype(np.int32)
    target = dst[order].astype(np.int32)
    lengths = np.concatenate([length, length])[order].astype(np.float32)
    streets = np.concatenate([street, street])[order].astype(np.int32)
    comp = _components(n, indptr, target)
    sizes = np.bincount(comp)
    big = sizes[comp] >= min(MIN_ROUTABLE_NODES, max(2, n // 100))
    for name, (slat, slon) in h.streets.items():
        h.places.append((name, "street", slat, slon))
    places = _places(h.places)
    names = texts(sorted(h.names, key=h.names.get))
    return Graph(lat, lon, indptr, target, lengths, streets, names, comp, big, places, source, digest)


PAVEMENT_M = 20.0      # an unnamed way this close to a named street, and parallel to it ...
PARALLEL_DEG = 25.0    # ... is that street's pavement: "turn left onto Mannerheimintie"


def _name_pavements(lat, lon, a, b, street) -> None:
    """Give unnamed segments that run alongside a named street (pavements, mapped apart from the
    road in OSM) the street's name, in place. Crossings and paths across parks stay unnamed."""
    named = np.nonzero(street >= 0)[0]
    unnamed = np.nonzero(street < 0)[0]
    if not len(named) or not len(unnamed):
        return
    lat0 = float(np.mean(lat))
    kx, ky = 111_195.0 * np.cos(np.radians(lat0)), 111_195.0
    mx, my = (lon[a] + lon[b]) / 2 * kx, (lat[a] + lat[b]) / 2 * ky
    ang = np.degrees(np.arctan2((lat[b] - lat[a]) * ky, (lon[b] - lon[a]) * kx)) % 180.0
    cell = PAVEMENT_M
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in named.tolist():
        grid[(int(mx[i] // cell), int(my[i] // cell))].append(i)
    for j in unnamed.tolist():
        cx, cy = int(mx[j] // cell), int(my[j] // cell)
        near = [i for dx in (-1, 0, 1) for dy in (-1, 0, 1) for i in grid.get((cx + dx, cy + dy), ())]
        if not near:
            continue
        idx = np.array(near)
        d = np.hypot(mx[idx] - mx[j], my[idx] - my[j])
        turn = np.abs((ang[idx] - ang[j] + 90.0) % 180.0 - 90.0)
        ok = (d <= PAVEMENT_M) & (turn <= PARALLEL_DEG)
        if ok.any():
            street[j] = street[idx[ok][np.argmin(d[ok])]]


def _segment_lengths(lat, lon, a, b) -> np.ndarray:
    out = np.empty(len(a), dtype=np.float64)
    for start in range(0, len(a), 100_000):
        sl = slice(start, start + 100_000)
        la, lo = lat[a[sl]], lon[a[sl]]
        p1, p2 = np.radians(la), np.radians(lat[b[sl]])
        dp, dl = p2 - p1, np.radians(lon[b[sl]] - lo)
        x = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
        out[sl] = 2 * 6_371_008.8 * np.arcsin(np.minimum(1.0, np.sqrt(x)))
    return out


def _components(n: int, indptr: np.ndarray, target: np.ndarray) -> np.ndarray:
    comp = np.full(n, -1, dtype=np.int32)
    label = 0
    for start in range(n):
        if comp[start] >= 0:
            continue
        stack = [start]
        comp[start] = label
        while stack:
            u = stack.pop()
            for v in target[indptr[u]:indptr[u + 1]]:
                if comp[v] < 0:
                    comp[v] = label
                    stack.append(int(v))
        label += 1
    return comp


def _places(rows: list[tuple[str, str, float, float]]) -> Places:
    seen: dict[tuple[str, str], int] = {}
    keep = []
    for name, kind, lat, lon in rows:
        key = (normalize(name), kind)
        if not key[0]:
            continue
        # one entry per name and kind within 150 m (three tram-stop nodes "Kauppatori" are one place)
        j = seen.get(key)
        if j is not None and distances_m(lat, lon, np.array([keep[j][3]]), np.array([keep[j][4]]))[0] < 150:
            continue
        seen[key] = len(keep)
        keep.append((name, key[0], kind, lat, lon))
    if not keep:
        return Places(texts([]), texts([]), texts([]), np.zeros(0), np.zeros(0))
    cols = list(zip(*keep))
    return Places(texts(cols[0]), texts(cols[1]), texts([sys.intern(k) for k in cols[2]]),
                  np.array(cols[3], dtype=np.float64), np.array(cols[4], dtype=np.float64))

"""The compact walking graph: numpy arrays in CSR form, saved as one ``.npz`` (no pickle).

Nodes are the OSM nodes that walkable ways use (lat/lon float64). Each undirected way
segment is stored twice (a->b and b->a): ``indptr[n]:indptr[n+1]`` slices ``target``,
``length_m`` (float32) and ``street`` (int32 index into ``names``, -1 for unnamed).
``comp`` labels connected components; ``big`` marks nodes in components large enough to
route from (a stray courtyard footway is not a place to start a walk).
Places (named shops, stops, squares, addresses, streets) sit in parallel arrays.
Text is stored as one UTF-8 blob plus offsets (numpy's fixed-width strings would pad every
name to the longest one) and loaded as arrays of Python strings (kinds interned).
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from glasses.errors import GlassesError

FORMAT = 4  # bump when the arrays change: old stores are rebuilt on the next import


@dataclass(frozen=True)
class Places:
    name: np.ndarray      # display name (Python str objects)
    key: np.ndarray       # normalized name for search
    kind: np.ndarray      # e.g. station, cafe, tram_stop, square, address, street
    lat: np.ndarray
    lon: np.ndarray

    def __len__(self) -> int:
        return len(self.name)


@dataclass(frozen=True)
class Graph:
    lat: np.ndarray        # float64[n]
    lon: np.ndarray        # float64[n]
    indptr: np.ndarray     # int32[n+1]
    target: np.ndarray     # int32[m]
    length_m: np.ndarray   # float32[m]
    street: np.ndarray     # int32[m], -1 = no name
    names: np.ndarray      # street names, Python str objects [k]
    comp: np.ndarray       # int32[n]
    big: np.ndarray        # bool[n]
    places: Places
    source: str = ""       # the PBF's file name
    source_sha256: str = ""

    @property
    def nodes(self) -> int:
        return len(self.lat)

    @property
    def edges(self) -> int:
        return len(self.target) // 2

    def street_name(self, edge: int) -> str:
        i = int(self.street[edge])
        return str(self.names[i]) if i >= 0 else ""

    def edge_between(self, a: int, b: int) -> int:
        lo, hi = int(self.indptr[a]), int(self.indptr[a + 1])
        hits = np.nonzero(self.target[lo:hi] == b)[0]
        if not len(hits):
            raise KeyError((a, b))
        return lo + int(hits[np.argmin(self.length_m[lo:hi][hits])])

    def bbox(self) -> tuple[float, float, float, float]:
        """(min lat, min lon, max lat, max lon)."""
        return float(self.lat.min()), float(self.lon.min()), float(self.lat.max()), float(self.lon.max())


def texts(values) -> np.ndarray:
    """An array of Python strings (what Graph and Places hold)."""
    out = np.empty(len(values), dtype=object)
    out[:] = [str(v) for v in values]
    return out


def _pack(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    encoded = [str(v).encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(b) for b in encoded])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _unpack(blob: np.ndarray, offsets: np.ndarray, intern: bool = False) -> np.ndarray:
    raw = blob.tobytes()
    cuts = offsets.tolist()
    words = [raw[a:b].decode("utf-8") for a, b in zip(cuts, cuts[1:])]
    return texts([sys.intern(w) for w in words] if intern else words)


def save(graph: Graph, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    p = graph.places
    text = {}
    for key, values in (("names", graph.names), ("p_name", p.name), ("p_key", p.key), ("p_kind", p.kind)):
        text[f"{key}_utf8"], text[f"{key}_off"] = _pack(values)
    np.savez_compressed(
        tmp, format=np.array(FORMAT), lat=graph.lat, lon=graph.lon, indptr=graph.indptr, target=graph.target,
        length_m=graph.length_m, street=graph.street, comp=graph.comp, big=graph.big,
        p_lat=p.lat, p_lon=p.lon, source=np.array(graph.source), source_sha256=np.array(graph.source_sha256), **text)
    tmp.replace(path)  # a half-written store is never mistaken for a finished one


def load(path: Path) -> Graph:
    try:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise GlassesError(f"map store format {int(z['format'])}, expected {FORMAT}: import the map again",
                                   where=str(path))
            def text(key: str, intern: bool = False) -> np.ndarray:
                return _unpack(z[f"{key}_utf8"], z[f"{key}_off"], intern)

            places = Places(text("p_name"), text("p_key"), text("p_kind", intern=True), z["p_lat"], z["p_lon"])
            return Graph(z["lat"], z["lon"], z["indptr"], z["target"], z["length_m"], z["street"], text("names"),
                         z["comp"], z["big"], places, str(z["source"]), str(z["source_sha256"]))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise GlassesError(f"not a readable map store ({exc}): import the map again", where=str(path)) from None

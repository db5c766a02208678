"""Navigation figures for ``glasses bench`` (run in a fresh child process, so RSS is its own).

Import time and store size for the bundled extract (first import and the instant second one),
route time p50/p95 over 200 random pairs of routable nodes, guidance cost per GPS fix over a
simulated walk, RSS added by loading the graph (router and place index included), and a
linear estimate for a city-sized extract.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from glasses.benchmarks.common import summary

CITY_PBF_MB = 50.0
PLACE_BYTES = 250


def current_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    from glasses.benchmarks.common import peak_rss_mb

    return peak_rss_mb()


def run_nav(quick: bool = False, pairs: int = 200) -> dict[str, Any]:
    import numpy as np

    import glasses.nav.osm_import  # noqa: F401  (osmium and numpy loaded before the baseline)
    from glasses.location.simulate import walk
    from glasses.nav.guidance import Guidance
    from glasses.nav.maps import BUNDLED_MAP, NavMap
    from glasses.nav.osm_import import import_map
    from glasses.nav.places import Place
    from glasses.nav.router import NoPath

    out: dict[str, Any] = {"map": BUNDLED_MAP.name, "pbf_mb": round(BUNDLED_MAP.stat().st_size / 1e6, 3)}
    with tempfile.TemporaryDirectory(prefix="glasses-bench-maps-") as tmp:
        # the first import runs in its own process, so that the RSS added by loading the graph here
        # is not hidden by memory the import freed
        code = ("import sys, time; from pathlib import Path; from glasses.nav.osm_import import import_map; "
                "t = time.perf_counter(); import_map(Path(sys.argv[1]), Path(sys.argv[2])); "
                "print(time.perf_counter() - t)")
        done = subprocess.run([sys.executable, "-c", code, str(BUNDLED_MAP), tmp], capture_output=True, text=True,
                              check=True)
        out["import_s"] = round(float(done.stdout.strip().splitlines()[-1]), 3)
        base = current_rss_mb()
        t0 = time.perf_counter()
        graph, store, built = import_map(BUNDLED_MAP, Path(tmp))
        navmap = NavMap(graph)
        out["reimport_and_load_s"] = round(time.perf_counter() - t0, 4)
        out["rss_added_mb"] = round(current_rss_mb() - base, 1)
        out["store_mb"] = round(store.stat().st_size / 1e6, 3)
        out["numeric_arrays_mb"] = round(sum(v.nbytes for v in vars(graph).values()
                                             if hasattr(v, "nbytes") and v.dtype != object) / 1e6, 2)
    g = navmap.graph
    out.update(nodes=g.nodes, edges=g.edges, places=len(g.places))
    big = np.nonzero(g.big)[0]
    rnd = random.Random(11)
    times, cpu, lengths, no_path = [], [], [], 0
    for _ in range(pairs if not quick else 50):
        a, b = int(rnd.choice(big)), int(rnd.choice(big))
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            path = navmap.router.route(a, b)
        except NoPath:
            no_path += 1
            continue
        finally:
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        lengths.append(path.distance_m)
    out["route_no_path"] = no_path
    out["route_ms"] = summary(times)
    out["route_cpu_ms"] = summary(cpu)  # the wall figure also holds time the process waited for a core
    out["route_pairs"] = len(times)
    out["route_mean_length_m"] = round(float(np.mean(lengths)), 1)
    start, dest = navmap.find("Rautatientori"), navmap.find("Cafe Ekberg")
    route = navmap.plan(start, dest)
    guidance = Guidance(route)
    per_fix = []
    for fix in walk(list(zip(route.lat.tolist(), route.lon.tolist())), seed=1):
        t0 = time.perf_counter()
        guidance.update(fix)
        per_fix.append((time.perf_counter() - t0) * 1000)
    out["guidance_ms_per_fix"] = summary(per_fix)
    t0 = time.perf_counter()
    for q in ("kauppatori", "cafe ekberg", "the station", "café ekberg", "cafe ekburg"):
        navmap.finder.find(q, (start.lat, start.lon))
    out["place_search_ms"] = round((time.perf_counter() - t0) * 1000 / 5, 2)
    navmap.plan(Place("p", start.lat, start.lon, "point"), dest)
    out["city_estimate"] = city_estimate(out)
    return out


def city_estimate(out: dict[str, Any], pbf_mb: float = CITY_PBF_MB) -> dict[str, Any]:
    """A linear estimate for a ``pbf_mb`` extract (nodes, store and RSS grow with the file;
    an A* route across the city settles more nodes: the p95 scales about with the node count)."""
    k = pbf_mb / max(out["pbf_mb"], 1e-6)
    return {
        "pbf_mb": pbf_mb, "scale": round(k, 1), "nodes": int(out["nodes"] * k),
        "store_mb": round(out["store_mb"] * k, 1),
        # numeric arrays scale with the graph; each place costs about 250 bytes in Python strings
        # and the name index; the fixed cost in the small extract's RSS figure does not scale
        "rss_added_mb": round(out["numeric_arrays_mb"] * k + out["places"] * k * PLACE_BYTES / 1e6, 1),
        "import_s_here": round(out["import_s"] * k, 1), "numeric_arrays_mb": round(out["numeric_arrays_mb"] * k, 1),
        "route_cpu_p95_ms_here": round((out["route_cpu_ms"]["p95"] or 0) * k ** 0.5 * 1.5, 1),
        "note": "linear in the file for nodes, store, arrays and import; route p95 grows with the area a "
                "walk crosses (about sqrt of the node count for walks of similar length, more for "
                "city-wide ones); a Raspberry Pi 4 runs this Python 2-4x slower than this machine",
    }

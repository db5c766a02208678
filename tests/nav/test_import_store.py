"""Map import: the walking graph's content, the store on disk, instant re-import, bad files."""

from __future__ import annotations

import shutil
import time

import numpy as np
import pytest

from glasses.errors import GlassesError
from glasses.nav.maps import BUNDLED_MAP
from glasses.nav.osm_import import build_graph, import_map
from glasses.nav.router import NoPath, Router
from glasses.nav.store import load

from navfix import DATA


def test_tiny_map_keeps_walkable_ways_only():
    g = build_graph(DATA / "tiny.osm")
    # residential 1-2-3, footway 3-4, island footway 7-8; motorway and private road left out
    assert g.nodes == 6
    assert g.edges == 4
    assert set(g.names.tolist()) == {"Testikatu"}
    names = set(g.places.name.tolist())
    assert {"Café Kiosk", "Testikatu 3", "Testikatu", "Island Bench"} <= names
    assert "Fast Road" not in names
    # CSR is symmetric: every a->b has b->a with the same length
    for a in range(g.nodes):
        for e in range(g.indptr[a], g.indptr[a + 1]):
            b = g.target[e]
            back = g.edge_between(b, a)
            assert g.length_m[back] == pytest.approx(g.length_m[e])
    # haversine lengths: 0.001 degree of latitude is 111.2 m; 0.002 of longitude at 60.17 N is 110.6 m
    assert sorted(set(np.round(g.length_m, 1).tolist())) == pytest.approx([12.4, 110.6, 111.2], abs=0.11)


def test_disconnected_island_is_no_path():
    g = build_graph(DATA / "tiny.osm")
    r = Router(g)
    main = int(np.argmax(np.bincount(g.comp)))
    a = int(np.nonzero(g.comp == main)[0][0])
    island = int(np.nonzero(g.comp != main)[0][0])
    with pytest.raises(NoPath):
        r.route(a, island)


def test_second_import_reuses_the_store(tmp_path):
    graph, path, built = import_map(BUNDLED_MAP, tmp_path)
    assert built and path.exists()
    t0 = time.perf_counter()
    again, path2, built2 = import_map(BUNDLED_MAP, tmp_path)
    assert not built2 and path2 == path
    assert time.perf_counter() - t0 < 1.0
    assert again.nodes == graph.nodes and np.array_equal(again.target, graph.target)
    assert np.array_equal(again.places.name, graph.places.name)
    # a different file (same name, other content) gets its own store
    other = tmp_path / "src" / BUNDLED_MAP.name
    other.parent.mkdir()
    shutil.copy(DATA / "tiny.osm", other.with_suffix(".osm"))
    g3, path3, built3 = import_map(other.with_suffix(".osm"), tmp_path)
    assert built3 and path3 != path and g3.nodes == 6


def test_helsinki_extract_is_a_connected_walking_city(helsinki):
    g = helsinki.graph
    assert g.nodes > 5000 and g.edges > 6000
    assert g.big.mean() > 0.9        # nearly every node can be routed from
    assert "Mannerheimintie" in set(g.names.tolist())
    assert g.source_sha256 and g.source == "helsinki.osm.pbf"


def test_bad_files_are_one_line_errors(tmp_path):
    junk = tmp_path / "junk.osm.pbf"
    junk.write_bytes(b"this is not a pbf" * 10)
    with pytest.raises(GlassesError) as err:
        import_map(junk, tmp_path / "maps")
    assert "junk.osm.pbf" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(GlassesError, match="not found"):
        import_map(tmp_path / "missing.osm.pbf", tmp_path / "maps")
    broken = tmp_path / "store.npz"
    broken.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(GlassesError, match="import the map again"):
        load(broken)


def test_maps_import_command(glasses_cli, tmp_path):
    first = glasses_cli("maps", "import", str(BUNDLED_MAP))
    assert first.returncode == 0, first.stderr
    assert "imported in" in first.stdout and "OpenStreetMap contributors" in first.stdout
    second = glasses_cli("maps", "import", str(BUNDLED_MAP))
    assert second.returncode == 0 and "already imported" in second.stdout
    bad = glasses_cli("maps", "import", str(tmp_path / "nope.osm.pbf"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "nope.osm.pbf" in bad.stderr

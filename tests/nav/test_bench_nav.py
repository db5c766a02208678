"""The nav benchmark section has its documented keys with sane values (no timing assertions)."""

from __future__ import annotations


def test_nav_bench_keys():
    from glasses.benchmarks.nav import run_nav
    from glasses.benchmarks.nav_targets import nav_targets

    out = run_nav(quick=True)
    assert out["nodes"] > 5000 and out["edges"] > 6000 and out["store_mb"] > 0
    assert out["route_ms"]["n"] == 50 and out["route_ms"]["p50"] <= out["route_ms"]["p95"]
    assert out["guidance_ms_per_fix"]["n"] > 100
    assert out["route_no_path"] == 0 and out["route_mean_length_m"] > 300
    assert out["city_estimate"]["nodes"] > out["nodes"] * 50
    t = nav_targets(out)
    assert set(t) == {"nav_route_p95_ms", "nav_guidance_per_fix_p95_ms", "nav_rss_added_mb"}
    assert [v["target"] for v in t.values()] == ["<= 50 ms", "<= 2 ms", "<= 60 MB"]
    assert all(v["met"] in (True, False) for v in t.values())

from glasses.benchmarks.hud import bench_hud


def test_bench_returns_figures():
    out = bench_hud(updates=12, frames=12)
    assert out["hud_size"] == "640x400"
    assert 0 < out["hud_render_ms_p50"] <= out["hud_render_ms_p95"]
    assert out["composited_fps"] > 0 and out["composited_fps_redraw_every_frame"] > 0
    assert set(out["estimated"]) == {"pi5", "pi4", "pi_zero_2w"}

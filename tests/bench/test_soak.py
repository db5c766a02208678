"""The soak benchmark's keys, and its one behavioural promise: a timer that ends while the
assistant speaks rings at the end of the sentence, on the virtual clock (no timing asserted)."""

from glasses.benchmarks.soak import run_soak


def test_soak_reports_memory_and_timer_lateness():
    out = run_soak(0.1)
    assert out["timers_rung"] >= 2 and out["answers_said"] > out["timers_rung"]
    assert len(out["rss_mb_by_hour"]) == 1 and out["rss_growth_mb_per_hour"] is None  # under an hour
    lateness = out["timer_lateness_ms"]
    assert lateness["n"] == out["timers_rung"]
    assert 0 <= lateness["max"] < 10_000  # never held for a whole answer plus the next one

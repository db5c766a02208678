"""The briefing bench measures a multi-sentence answer both ways (figures are not asserted)."""

from glasses.benchmarks.briefing import run_briefing
from glasses.config import Config


def test_briefing_bench_reports_before_and_after():
    out = run_briefing(Config(), quick=True)
    for label in ("before_whole_answer", "after_sentence_by_sentence"):
        assert out[label]["sentences"] > 1
        assert out[label]["request_to_first_audio_ms"]["n"] == 3
    assert out["first_audio_speedup"] is not None

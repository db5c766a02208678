from glasses.benchmarks.day import generate_ics, run
from glasses.day.calendar import parse_calendar


def test_generated_calendar_is_valid():
    cal, warnings = parse_calendar(generate_ics(200).encode(), "bench.ics")
    assert warnings == [] and len(cal.walk("VEVENT")) >= 200


def test_bench_reports_figures():
    result = run(rounds=2, events=200)
    assert result["schedule_questions"] == 18
    for key in ("schedule_intent_plus_skill_p50_ms", "schedule_intent_plus_skill_p95_ms", "briefing_p50_ms",
                "calendar_load_and_expand_ms"):
        assert result[key] > 0

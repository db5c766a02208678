"""The benchmark's helpers produce the documented keys with sane types (no timing assertions)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from glasses.benchmarks import common


def test_bundled_commands_parse_to_their_intents():
    from glasses.runtime.build import build_parser

    parser = build_parser()
    voices, commands, korean = common.load_commands()
    assert len(commands) >= 20 and len(voices) >= 2 and korean["phrases"]
    assert {c.category for c in commands} == {"basics", "day", "look"}
    for c in commands:
        intent = parser.parse(c.say)
        assert intent is not None and intent.name == c.intent, c.say
        assert c.scene in (None, "product", "label")
    quick_voices, quick_commands, _ = common.load_commands(quick=True)
    assert 0 < len(quick_commands) < len(commands) and quick_voices


def test_percentiles_targets_and_machine_info():
    assert common.pct([], 50) is None
    assert common.pct([1, 2, 3], 50) == 2
    s = common.summary([1.0, 2.0, 3.0, 4.0])
    assert set(s) == {"p50", "p95", "max", "n"} and s["n"] == 4
    assert common.target(300, 400)["met"] is True
    assert common.target(30, 20, kind="min")["met"] is True
    assert common.target(None, 400)["met"] is None
    info = common.machine_info()
    assert isinstance(info["cpu_count"], int) and info["python"] and info["date"]


def test_speech_bounds_find_the_words():
    rng = np.random.default_rng(0)
    clip = np.concatenate([np.zeros(1600), rng.normal(0, 3000, 8000), np.zeros(3200)])
    first, last = common.speech_bounds(clip)
    assert abs(first - 1600) <= 160 and abs(last - 9600) <= 160


def test_config_round_trips_for_child_processes():
    from glasses.config import Config

    assert common.config_from_plain(common.config_to_plain(Config())) == Config()


def test_child_runs_a_measure_and_reports_errors():
    ok = common.run_child("rss_baseline", {}, timeout=120)
    assert isinstance(ok["peak_rss_mb"], float) and ok["peak_rss_mb"] > 0
    bad = common.run_child("no_such_measure", {}, timeout=120)
    assert "error" in bad
    json.dumps(ok), json.dumps(bad)


def test_spoken_summary_keys():
    from glasses.benchmarks.speech import summarize

    rows = [
        {"voice": "en-us@160", "say": "what time is it", "expected": "get_time", "category": "basics",
         "scene": None, "woke": True, "heard": "what time is it", "engine": "pocketsphinx-command",
         "got": "get_time", "answer": "x", "correct": True, "latency_ms": 420.0,
         "serial_upper_bound_ms": 450.0, "endpoint_wait_ms": 350.0, "after_endpoint_ms": 20.0,
         "answer_step_ms": 50.0, "backlog_ms": 0.0, "word_errors": 0, "words": 4, "cpu_s": 0.4},
        {"voice": "en-us@160", "say": "what is this", "expected": "identify_product", "category": "look",
         "scene": "product", "woke": False, "heard": "what is it", "engine": "pocketsphinx-command",
         "got": None, "answer": None, "correct": False, "word_errors": 1, "words": 3, "cpu_s": 0.6},
    ]
    out = summarize(rows)
    assert out["intent_accuracy"] == 0.5 and out["wake_detected"] == "1/2"
    assert out["end_of_speech_to_first_audio_ms"]["p50"] == 420.0
    assert out["accuracy_by_command"] == {"what time is it": "1/1", "what is this": "0/1"}
    assert out["misses"][0]["say"] == "what is this"
    assert out["wer_by_voice"] == {"en-us@160": round(1 / 7, 3)}
    assert out["cpu_s_per_command_by_voice"] == {"en-us@160": 0.5}


@pytest.mark.skipif(__import__("shutil").which("espeak-ng") is None, reason="needs espeak-ng")
def test_one_spoken_command_through_the_assistant():
    from glasses.benchmarks.common import Command, Voice
    from glasses.benchmarks.speech import Driver, bench_config, fresh_pipeline
    from glasses.config import Config

    cfg = bench_config(Config(), "pocketsphinx", "command")
    with fresh_pipeline(cfg) as pipeline:
        row = Driver(pipeline, {}).utterance(Command("what time is it", "get_time"), Voice("en-us", 160))
    assert isinstance(row["woke"], bool) and isinstance(row["correct"], bool)
    assert row["answer"]
    for key in ("latency_ms", "serial_upper_bound_ms", "endpoint_wait_ms", "answer_step_ms"):
        assert isinstance(row[key], float) and row[key] >= 0


@pytest.mark.skipif(__import__("shutil").which("espeak-ng") is None, reason="needs espeak-ng")
def test_wake_and_vad_cpu_keys():
    from glasses.benchmarks.listening import run_listening
    from glasses.config import Config

    out = run_listening(Config(), True, seconds=2.0)
    assert 0 <= out["wake_plus_vad_cpu_s_per_audio_s"] < 2
    assert out["audio_s"] == 2.0


def test_targets_and_ratios_tolerate_missing_sections():
    from glasses.bench import ratios, targets

    t = targets({"memory": {"voice_loop": {"error": "boom"}}})
    assert t["voice_loop_peak_rss_mb"]["met"] is None
    assert t["voice_loop_warmed_peak_rss_mb"]["met"] is None
    assert all(v is None for v in ratios({}).values())


def test_the_voice_loops_inputs_come_from_another_process(tmp_path):
    """The measured process gets the clips and scenes in a file: it loads no SciPy or OpenCV to
    make them (they would count in the voice loop's peak RSS)."""
    from glasses.benchmarks import memory

    out = tmp_path / "inputs.npz"
    made = common.run_child("rss_voice_loop_inputs", {"out": str(out), "quick": True}, timeout=300)
    assert made.get("clips") == 1 + 3, made   # the wake phrase and the quick run's three commands
    with np.load(out) as data:
        clips = [data[f"clip_{i}"] for i in range(made["clips"])]
        assert {"scene_product", "scene_label"} <= set(data.files)
    assert all(c.dtype == np.float64 and c.size > 4000 for c in clips)
    voice, _ = memory.voice_and_commands(with_ocr=False, quick=True)
    wake = common.spoken(memory.WAKE_PHRASE, voice.voice, voice.speed)
    assert np.array_equal(clips[0], wake)   # the same clip the measured process would have made

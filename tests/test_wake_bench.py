"""The wake benchmark's pieces measure what they say (no timing asserted)."""

from __future__ import annotations

import numpy as np

from glasses.benchmarks import wake as wb
from glasses.wake import WakeWordDetector


def test_stream_spans_hold_the_phrases_and_detection_counts_them():
    rng = np.random.default_rng(0)
    clip = np.full(8000, 1000.0)
    audio, spans = wb.wake_stream([("a", clip, None), ("b", clip, None)], None, rng)
    assert [s[0] for s in spans] == ["a", "b"]
    for _, start, end in spans:
        assert end - start == clip.size and np.abs(audio[start:end]).min() > 100
        assert np.abs(audio[start - 400:start - 100]).max() < 100  # quiet floor before each phrase

    meter = wb._Meter(WakeWordDetector("hey_jarvis"))
    result = wb.detection(meter, wb._Voices(), "hey jarvis", "en-us+f3", (185,), None, reps=2, seed=1)
    assert result["all"] == {"detected": "2/2", "rate": 1.0} and result["speed 185"]["rate"] == 1.0
    assert result["extra_fires"] == 0
    fa = wb.false_accepts(meter, "floor", np.random.default_rng(1).normal(0, 30, 16000 * 20).astype(np.int16))
    assert fa["false_accepts"] == 0 and fa["per_hour"] == 0 and fa["audio_min"] == 0.3
    assert meter.frames > 0 and meter.cpu_s > 0


def test_every_voice_family_the_benchmark_names_speaks():
    voices = wb._Voices()
    for voice in [*wb.DEV_VOICES, *wb.HELD_OUT_VOICES, "neural"]:
        clip = voices.say("hey jarvis", voice, 1.0 if voice == "neural" else 175)
        assert 0.3 * 16000 < clip.size < 2.0 * 16000, voice

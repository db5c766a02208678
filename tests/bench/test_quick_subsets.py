"""--quick measures a fixed subset of the real clips, spread over the set and stated in its JSON;
a full run measures every clip (issue 20: --quick in about two minutes)."""

from __future__ import annotations

import json

import numpy as np

from glasses.benchmarks import real_speech
from glasses.benchmarks.real_speech import load_clips, slot_recall


def _clips(tmp_path, n: int = 124):
    (tmp_path / "clips").mkdir()
    labels = {f"clip{i:03}.wav": {"slots": {"drink": "oat latte"}} for i in range(n)}
    (tmp_path / "labels.json").write_text(json.dumps(labels))
    return tmp_path


def test_every_nth_clip_is_a_fixed_spread_subset_and_full_runs_keep_all(tmp_path):
    folder = _clips(tmp_path)
    every_4th = load_clips(folder, every=4)
    assert len(load_clips(folder)) == 124 and len(every_4th) == 31
    assert [c.path.name for c in every_4th[:3]] == ["clip000.wav", "clip004.wav", "clip008.wav"]
    assert every_4th[-1].path.name == "clip120.wav"  # spread over the whole set, not its first names
    assert load_clips(folder, every=4) == every_4th   # the same clips on every run


def test_a_quick_recall_states_how_many_clips_it_heard(tmp_path, monkeypatch):
    folder = _clips(tmp_path)
    monkeypatch.setattr("glasses.audio.read_wav", lambda path: np.zeros(1600, np.int16))
    heard = []

    def transcribe(audio):
        heard.append(audio.size)
        return "an oat latte please"

    quick = slot_recall(transcribe, folder, every=8)
    assert quick["clips"] == 16 == len(heard) and quick["recall"] == 1.0
    assert quick["subset"] == "quick: 16 of 124 clips (every 8th)"
    full = slot_recall(transcribe, folder)
    assert full["clips"] == 124 and "subset" not in full
    assert real_speech.QUICK_EVERY_RECALL == 8


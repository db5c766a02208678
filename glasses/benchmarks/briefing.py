"""The briefing (a multi-sentence answer): request -> first audio, sentence by sentence
(glasses/runtime/speech.py) against rendering the whole answer first (the "before").

A typed "good morning" (TextInput: no recognition in the figure, so the difference is all
speech rendering) goes to the assistant the composition root builds for a replay, with the real
espeak-ng voice. The figure is the wall time from the start of ``process`` to the speaker's
``play`` call (the first sample can go out then). Later sentences render on workers after
that moment and are not in it (``rest_render_ms`` reports them).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from glasses.benchmarks.common import summary
from glasses.events import AudioChunk, TextInput
from glasses.assistant.speech import split_sentences

SILENCE = b"\0\0" * 640


class _ClockSpeaker:
    """Notes when audio was first handed to it."""

    def __init__(self) -> None:
        self.first: float | None = None

    def play(self, pcm: bytes) -> None:
        if self.first is None:
            self.first = time.perf_counter()

    def queue(self, pcm: bytes) -> None:
        pass

    def stop(self) -> None:
        pass


def _first_audio(pipeline: Any, sentence_by_sentence: bool, runs: int) -> dict[str, Any]:
    assistant = pipeline.assistant
    assistant.p = dataclasses.replace(assistant.p, sentence_by_sentence=sentence_by_sentence)
    times, whole, text = [], [], ""
    t_ms = 1000
    for _ in range(runs + 1):
        pipeline.process(AudioChunk(t_ms - 40, SILENCE))  # anything queued (first-wake briefing) plays, untimed
        speaker = _ClockSpeaker()
        assistant.p = dataclasses.replace(assistant.p, speaker=speaker)
        t0 = time.perf_counter()
        out = pipeline.process(TextInput(t_ms, "good morning"))
        done = time.perf_counter()
        say = next(e for e in out if type(e).__name__ == "Say" and len(e.text) > 40)
        text = say.text
        times.append((speaker.first - t0) * 1000 if speaker.first else None)
        whole.append((done - t0) * 1000)
        t_ms += 120_000
    return {"request_to_first_audio_ms": summary([round(t, 1) for t in times[1:] if t is not None]),
            "request_to_all_audio_rendered_ms": summary([round(t, 1) for t in whole[1:]]),
            "sentences": len(split_sentences(text)), "characters": len(text)}


def run_briefing(config, quick: bool) -> dict[str, Any]:
    from glasses.benchmarks.speech import bench_config, fresh_pipeline

    runs = 3 if quick else 10
    cfg = bench_config(config)
    out: dict[str, Any] = {}
    for label, flag in (("before_whole_answer", False), ("after_sentence_by_sentence", True)):
        with fresh_pipeline(cfg) as pipeline:
            out[label] = _first_audio(pipeline, flag, runs)
    before = out["before_whole_answer"]["request_to_first_audio_ms"].get("p50")
    after = out["after_sentence_by_sentence"]["request_to_first_audio_ms"].get("p50")
    out["first_audio_speedup"] = round(before / after, 2) if before and after else None
    out["note"] = ("typed 'good morning' -> speaker.play of the briefing's first audio; the whole answer "
                   "rendered first (before) or its first sentence (after)")
    return out

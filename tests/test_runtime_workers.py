"""Recognition finishes on a worker: the loop keeps hearing the button and text while a slow
recognizer works, a barge-in is handled on the chunk it arrives in, and in replay the
transcript lands at a documented, deterministic time (request + modelled cost)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timezone

import numpy as np
import pytest

from glasses.runtime.build import build_text_assistant, build_voice
from glasses.stt.base import NullRecognizer
from glasses.audio import CHUNK_MS
from glasses.config import Config
from glasses.events import AudioChunk, Button, Say, State, TextInput, Transcript, Wake
from glasses.assistant.workers import InlineWorkers, ThreadWorkers
from glasses.vad import SileroVad

ORIGIN = datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc)


class GatedRecognizer(NullRecognizer):
    """A recognizer whose finish() takes as long as the test wants (a stand-in for a slow one,
    such as Whisper's ~1 s finish): it blocks until ``gate`` is set."""

    name = "gated"

    def __init__(self, text: str = "what time is it") -> None:
        self.text = text
        self.gate = threading.Event()
        self.finishing = threading.Event()
        self.finished = 0

    def finish(self) -> str:
        self.finishing.set()
        self.gate.wait(timeout=30)
        self.finished += 1
        return self.text


@pytest.fixture(scope="module")
def spoken_command() -> list[AudioChunk]:
    """Push-to-talk at 0 ms, then "what time is it" (espeak-ng) and a second of silence."""
    pcm = np.frombuffer(build_voice(Config()).render("what time is it"), dtype=np.int16)
    audio = np.concatenate([np.zeros(4000, np.int16), pcm, np.zeros(16000, np.int16)]).tobytes()
    step = 16 * CHUNK_MS * 2
    return [AudioChunk(i // 32, audio[i:i + step]) for i in range(0, len(audio) - step + 1, step)]


def assistant_with(recognizer, workers):
    a = build_text_assistant(Config(), origin=ORIGIN, skills=[])
    a.p = replace(a.p, vad=SileroVad(), transcriber=recognizer, workers=workers)
    return a


def until_thinking(assistant, chunks):
    out = assistant.process(Button(0, "press"))
    for i, chunk in enumerate(chunks):
        out += assistant.process(chunk)
        if any(isinstance(e, State) and e.state == "thinking" for e in out):
            return out, chunks[i + 1:]
    raise AssertionError("the command never ended")


def test_a_button_press_barges_in_within_one_chunk_while_recognition_is_slow(spoken_command):
    recognizer, workers = GatedRecognizer(), ThreadWorkers(1)
    assistant = assistant_with(recognizer, workers)
    try:
        _, rest = until_thinking(assistant, spoken_command)
        assert recognizer.finishing.wait(10)  # finish() runs, blocked, on the worker
        quiet = assistant.process(rest[0])  # the loop goes on while the recognizer works
        assert not any(isinstance(e, Transcript) for e in quiet)
        barge = assistant.process(Button(rest[1].t_ms, "press"))
        assert [(type(e).__name__, getattr(e, "source", None)) for e in barge][:1] == [("Wake", "button")]
        assert assistant.mode == "listening" and recognizer.finished == 0  # handled before finish returned
        recognizer.gate.set()
        later = assistant.finish(rest[2].t_ms)
        assert not any(isinstance(e, Transcript) and e.engine == "gated" and e.text for e in later)  # abandoned
    finally:
        recognizer.gate.set()
        workers.close()


def test_text_stop_also_lands_while_thinking(spoken_command):
    recognizer, workers = GatedRecognizer(), ThreadWorkers(1)
    assistant = assistant_with(recognizer, workers)
    try:
        until_thinking(assistant, spoken_command)
        out = assistant.process(TextInput(10_000, "what's the date"))
        assert [e.text for e in out if isinstance(e, Say)][0].startswith("It's Tuesday")
    finally:
        recognizer.gate.set()
        workers.close()


def test_in_replay_the_transcript_lands_at_request_plus_modelled_cost(spoken_command):
    recognizer = GatedRecognizer()
    recognizer.gate.set()
    assistant = assistant_with(recognizer, InlineWorkers({"recognition": 700}))
    out, rest = until_thinking(assistant, spoken_command)
    ended = next(e.t_ms for e in out if isinstance(e, State) and e.state == "thinking")
    for chunk in rest:
        out += assistant.process(chunk)
    transcript = next(e for e in out if isinstance(e, Transcript) and e.final)
    assert transcript.t_ms == ended + 700 and transcript.text == "what time is it"
    say = next(e for e in out if isinstance(e, Say))
    assert say.t_ms == ended + 700
    assert not any(isinstance(e, Wake) for e in out[1:])

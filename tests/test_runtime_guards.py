"""The live loop survives: a failing skill call, proactive check, first-wake briefing or speech
renderer becomes one spoken apology, one `error` event with a code and one log line (a
traceback only at DEBUG, i.e. --debug), and the next request is answered as usual."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timezone

from glasses.app import Features, build_text_assistant
from glasses.assistant import BRIEFING_FAILED, PROACTIVE_FAILED, SKILL_FAILED
from glasses.config import Config
from glasses.events import AudioChunk, Error, Say, TextInput

ORIGIN = datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc)
SILENCE = b"\0\0" * 640


class BrokenTimers:
    intents = ("start_timer",)

    def __init__(self) -> None:
        self.due_calls = 0
        self.fail_due = False

    def handle(self, intent, ctx):
        raise ValueError("number too large")

    def due(self, ctx):
        self.due_calls += 1
        if self.fail_due:
            raise OSError("database is locked")
        return []


def assistant_with(skill, **parts):
    assistant = build_text_assistant(Config(), origin=ORIGIN, features=Features(skills=[skill]))
    assistant.p = replace(assistant.p, **parts)
    return assistant


def says(out):
    return [e.text for e in out if isinstance(e, Say)]


def errors(out):
    return [e.code for e in out if isinstance(e, Error)]


def test_a_failing_skill_is_one_apology_one_error_one_log_line(caplog):
    assistant = assistant_with(BrokenTimers())
    with caplog.at_level(logging.WARNING):
        out = assistant.process(TextInput(0, "set a timer for ten minutes"))
    assert says(out) == [SKILL_FAILED] and errors(out) == ["skill_failed"]
    lines = [r for r in caplog.records if r.name == "glasses.guard"]
    assert len(lines) == 1 and not lines[0].exc_info and "number too large" in lines[0].getMessage()
    assert says(assistant.process(TextInput(5_000, "what time is it"))) == ["It's nine in the morning."]


def test_traceback_only_at_debug(caplog):
    assistant = assistant_with(BrokenTimers())
    with caplog.at_level(logging.DEBUG, logger="glasses.guard"):
        assistant.process(TextInput(0, "set a timer for ten minutes"))
    assert [r.exc_info is not None for r in caplog.records if r.name == "glasses.guard"] == [True]


def test_a_failing_proactive_check_apologizes_once_and_the_loop_goes_on():
    skill = BrokenTimers()
    assistant = assistant_with(skill)
    skill.fail_due = True
    out = []
    for t in range(0, 2_000, 40):
        out += assistant.process(AudioChunk(t, SILENCE))
    assert says(out) == [PROACTIVE_FAILED] and errors(out) == ["proactive_failed"]
    assert skill.due_calls == 50  # still checked on every chunk
    assert says(assistant.process(TextInput(3_000, "what time is it"))) == ["It's nine in the morning."]


def test_a_failing_briefing_is_an_apology_after_the_answer():
    def briefing(ctx):
        raise KeyError("forecast")

    assistant = assistant_with(BrokenTimers(), on_first_wake=briefing)
    out = assistant.process(TextInput(0, "what time is it")) + assistant.finish(10_000)
    assert says(out) == ["It's nine in the morning.", BRIEFING_FAILED] and errors(out) == ["briefing_failed"]


def test_a_failing_renderer_still_shows_the_answer():
    class BrokenVoice:
        def render(self, text):
            raise OSError("espeak-ng: argument list too long")

    assistant = assistant_with(BrokenTimers(), voice=BrokenVoice())
    out = assistant.process(TextInput(0, "what time is it"))
    assert says(out) == ["It's nine in the morning."] and errors(out) == ["speech_failed"]
    assert [e.duration_ms for e in out if isinstance(e, Say)] == [0]

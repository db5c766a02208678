"""The live loop survives: a failing skill call, proactive check, first-wake briefing or speech
renderer becomes one spoken apology, one `error` event with a code and one log line (a
traceback only at DEBUG, i.e. --debug), and the next request is answered as usual."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timezone

from glasses.runtime.build import build_text_assistant
from glasses.assistant.phrases import BRIEFING_FAILED, PROACTIVE_FAILED, SKILL_FAILED
from glasses.config import Config
from glasses.events import AudioChunk, Error, Interrupted, Say, SpeechAudio, TextInput
from glasses.skills.base import Reply

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
    assistant = build_text_assistant(Config(), origin=ORIGIN, skills=[skill])
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
    class BrokenBriefing:  # a FirstWake skill whose briefing fails
        intents = ()

        def on_first_wake(self, ctx):
            raise KeyError("forecast")

    assistant = build_text_assistant(Config(), origin=ORIGIN, skills=[BrokenTimers(), BrokenBriefing()], first_wake=True)
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


class AlarmAt:
    """A proactive skill with one alarm due at ``t_ms`` (as the timers skill's due() would be)."""

    intents = ()

    def __init__(self, t_ms: int) -> None:
        self.t_ms, self.rung = t_ms, False

    def due(self, ctx):
        if ctx.t_ms >= self.t_ms and not self.rung:
            self.rung = True
            return [Reply("Your timer is done.")]
        return []


def test_a_due_alarm_waits_for_the_next_pause_not_the_end_of_the_answer():
    from glasses.runtime.build import build_voice
    from glasses.assistant.sentences import sentence_ends

    assistant = assistant_with(AlarmAt(4_000), voice=build_voice(Config()))
    out = assistant.process(TextInput(0, "help"))
    help_say = next(e for e in out if isinstance(e, Say))
    spoken_ms = sum(e.duration_ms for e in out if isinstance(e, SpeechAudio))  # every sentence's audio
    first_end, *rest = sentence_ends(help_say.text, spoken_ms)
    assert rest and first_end < spoken_ms
    for t in range(40, spoken_ms + 2_000, 40):
        out += assistant.process(AudioChunk(t, SILENCE))
    alarm = next(e for e in out if isinstance(e, Say) and e.text == "Your timer is done.")
    cut = next(e for e in out if isinstance(e, Interrupted))
    assert cut.reason == "alarm" and cut.t_ms == alarm.t_ms
    pause = min(end for end in [first_end, *rest] if end >= 4_000)  # the end of the phrase under way at 4 s
    assert pause < spoken_ms
    assert pause <= alarm.t_ms < pause + 40  # on the first chunk after that phrase ends

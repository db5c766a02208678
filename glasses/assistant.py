"""The assistant: input events in, output events out, on the session clock.

    idle ──wake word / button / text──> listening ──endpoint──> thinking ──> speaking ─> idle
                                                     └─ look intents ─> looking (camera on, ≤ look_ms)

``Assistant.process(event)`` is the whole loop for one event; replay, the live loop
and the emulator all drive it the same way. Devices are not touched here: output
events (Say with its SpeechAudio, Camera on/off) are acted on by whoever drives it,
apart from the speaker, which is passed in so that barge-in can cut it off.

While the assistant speaks, the microphone feeds only the wake-word detector (barge-in)
and never the recognizer, so it cannot answer its own voice.

Its parts, each in glasses/runtime/: ``listening`` (VAD frames, endpointer, pre-roll: the
CommandEar), ``speech`` (SpeechOutput: sentence-by-sentence rendering and playing),
``looking`` (frames read on a worker), ``unasked`` (alarms, navigation, captions, the
briefing); blocking work (recognition finish, OCR, a Prefetching skill's network fetch, later
sentences' rendering) runs on ``workers`` and lands back here as WorkDone events.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np

from glasses.events import (
    AssistantState, AudioChunk, Button, Camera, Error, Frame, Intent, Location, Say,
    State, TextInput, Transcript, Wake,
)
from glasses.runtime.guard import Failure, Guard, reraise
from glasses.runtime.listening import CommandEar
from glasses.runtime.looking import Looking
from glasses.runtime.phrases import NOT_HEARD, NOT_UNDERSTOOD, NOTHING_TO_REPEAT, SKILL_FAILED
from glasses.runtime.phrases import BRIEFING_FAILED, PROACTIVE_FAILED  # noqa: F401 - the assistant's apologies
from glasses.runtime.unasked import Unasked
from glasses.runtime.parts import Parts
from glasses.runtime.speech import SpeechOutput
from glasses.runtime.workers import WorkDone
from glasses.skills.base import Context, Listener, Look, Prefetching, Reply
from glasses.understand.confirm import Confirmation
from glasses.vad import EndpointEvent, Endpointer


class Assistant(Looking, Unasked):
    def __init__(self, parts: Parts) -> None:
        self.guard = Guard()             # failures become an Error event, a log line and an apology
        self.p = parts
        self.mode = AssistantState.IDLE            # idle | listening | looking
        self.last_reply: str | None = None
        self._last_card = None
        self._look: tuple[Intent, Look, int, int] | None = None  # intent, skill, started, frames
        self._first_wake_day: Any = None
        self._queued: list[Reply] = []   # said once the current answer ends (the briefing)
        self._cut_at: int | None = None  # session ms where speech stops for a due alarm
        self._pending: int | None = None  # the recognition job whose transcript is awaited
        self._jobs: set[int] = set()      # recognition jobs still running (the recognizer is busy)
        self._seeing: int | None = None   # the look's frame being read on a worker
        self._fetching: tuple[int, Intent, Any] | None = None  # ticket, intent, skill: slow I/O first
        self._confirm = Confirmation()   # a near miss of an action waits for yes/no
        self._listeners = [s for s in parts.router.skills if isinstance(s, Listener)]  # captions

    @property
    def p(self) -> Parts:
        return self._p

    @p.setter
    def p(self, parts: Parts) -> None:  # the mouth speaks with these parts (tests swap them)
        self._p = parts
        self.mouth = SpeechOutput(parts, self.guard)
        self.ear = CommandEar(parts)

    @property
    def endpointer(self) -> Endpointer:
        return self.ear.endpointer

    @property
    def speaking(self) -> Say | None:
        """The answer being spoken (its duration: the audio known so far)."""
        return self.mouth.speaking

    # --- entry point ----------------------------------------------------------------------
    def process(self, event) -> list:
        out: list = []
        self._end_speech_if_done(event.t_ms, out)
        self._land(self.p.workers.due(event.t_ms), out)
        if isinstance(event, AudioChunk):
            self._audio(event, out)
        elif isinstance(event, Button):
            self._button(event, out)
        elif isinstance(event, TextInput):
            self._interrupt(event.t_ms, "text", out)
            self._abandon(event.t_ms, out)
            out.append(Wake(event.t_ms, "text"))
            self._first_wake(event.t_ms, out)
            out.append(Transcript(event.t_ms, event.text, True, "text"))
            self._understand(event.text, event.t_ms, out)
        elif isinstance(event, Frame):
            self._frame(event, out)
        elif isinstance(event, Location):
            self._located(event, out)
        self._alarm_at_sentence_end(event.t_ms, out)
        if self.mode is AssistantState.IDLE:
            self._proactive(event.t_ms, out)
        return out

    def finish(self, t_ms: int) -> list:
        """End of input: close a command in progress, let speech run out."""
        out: list = []
        if self.mode is AssistantState.LISTENING and self.ear.feeding:
            self._end_command(t_ms, out)
        elif self.mode is AssistantState.LISTENING:
            self._to_idle(t_ms, out)
        self._land(self.p.workers.due(t_ms, wait=True), out)
        if self.mode is AssistantState.LOOKING:
            self._finish_look(t_ms, None, out)
        while self.speaking is not None:
            self._land(self.p.workers.due(self.mouth.end(), wait=True), out)
            self.mouth.give_up_rendering()
            self._end_speech_if_done(self.mouth.end(), out)
        return out

    # --- inputs ---------------------------------------------------------------------------
    def _audio(self, chunk: AudioChunk, out: list) -> None:
        samples = chunk.samples()
        if self.mode is AssistantState.LISTENING:
            self._listen(chunk, samples, out)
        elif not self._woke(chunk, samples, out) and self.mode is AssistantState.LOOKING:
            self._check_look_timeout(chunk.t_ms, out)
        if self._listeners:
            self._hear(chunk, out)

    def _woke(self, chunk: AudioChunk, samples: np.ndarray, out: list) -> bool:
        """The wake word barges in while idle, thinking, looking or speaking."""
        score = self.p.wake.feed(samples)
        if score is None or (self.speaking is not None and not self.p.barge_in):
            return False
        self._interrupt(chunk.t_ms, "wake word", out)
        self._abandon(chunk.t_ms, out)
        self._start_listening(chunk.t_ms + chunk.duration_ms, "wakeword", score, out)
        return True

    def _button(self, event: Button, out: list) -> None:
        if event.action == "double_press":
            self._interrupt(event.t_ms, "button", out)
            self._abandon(event.t_ms, out)
            self._stop_skills(event.t_ms, out)
            self._to_idle(event.t_ms, out)
        elif event.action == "long_press":
            self._interrupt(event.t_ms, "button", out)
            self._abandon(event.t_ms, out)
            out.append(Wake(event.t_ms, "button"))
            self._understand_intent(Intent(event.t_ms, "identify_product", {}), event.t_ms, out)
        elif event.action == "press":
            self._interrupt(event.t_ms, "button", out)
            if self.mode in (AssistantState.LOOKING, AssistantState.THINKING):
                self._abandon(event.t_ms, out)
            if self.mode is AssistantState.LISTENING:  # a second press ends the command now
                if self.ear.feeding:
                    self._end_command(event.t_ms, out)
                else:
                    self._to_idle(event.t_ms, out)
                return
            self._start_listening(event.t_ms, "button", 1.0, out)

    # --- listening ------------------------------------------------------------------------
    def _start_listening(self, t_ms: int, source: str, score: float, out: list) -> None:
        out.append(Wake(t_ms, source, round(float(score), 3)))
        self._first_wake(t_ms, out)
        self.mode = AssistantState.LISTENING
        self.ear.reset()
        out.append(State(t_ms, AssistantState.LISTENING))

    def _listen(self, chunk: AudioChunk, samples: np.ndarray, out: list) -> None:
        def before_start(t_ms: int) -> None:  # an abandoned finish still holds the recognizer
            if self._jobs:
                self._land(self.p.workers.due(t_ms, wait=True), out)

        heard = self.ear.hear(chunk, samples, out, before_start)
        if heard is None:
            return
        step, t_end = heard
        if step is EndpointEvent.TIMEOUT:
            out.append(Error(t_end, "no_speech", "no command heard after the wake"))
            self._to_idle(t_end, out)
        else:
            self._end_command(t_end, out)

    def _end_command(self, t_ms: int, out: list) -> None:
        """The command ended: recognition finishes on a worker while the loop goes on hearing
        the wake word, the button and text (barge-in); the transcript lands as a WorkDone."""
        self.ear.feeding = False
        self.mode = AssistantState.THINKING
        out.append(State(t_ms, AssistantState.THINKING))
        self._pending = self._recognize(t_ms)
        self._land(self.p.workers.due(t_ms), out)

    def _recognize(self, t_ms: int) -> int:
        ticket = self.p.workers.submit("recognition", t_ms, self.p.transcriber.finish)
        self._jobs.add(ticket)
        return ticket

    def _land(self, results: list[WorkDone], out: list) -> None:
        """Worker results on the session clock; only the awaited transcript is acted on."""
        for done in results:
            self._jobs.discard(done.ticket)
            if done.kind != "recognition":
                {"speech": self.mouth.land, "see": self._seen, "prefetch": self._prefetched}[done.kind](done, out)
                continue
            if done.ticket != self._pending:
                continue  # abandoned by a barge-in
            self._pending = None
            self.mode = AssistantState.IDLE
            if done.error is not None:
                self.guard.call("recognition", "recognition_failed", done.t_ms, out, reraise, done.error)
            text = done.value if isinstance(done.value, str) else ""
            out.append(Transcript(done.t_ms, text, True, self.p.transcriber.name))
            if not text:
                self._say(NOT_HEARD, done.t_ms, out)
            else:
                self._understand(text, done.t_ms, out)

    def _abandon(self, t_ms: int, out: list) -> None:
        """A new request replaces the one in progress: stop listening, or stop looking (the
        camera goes off at once: the privacy indicator must never stay on for nothing)."""
        if self.mode is AssistantState.LISTENING and self.ear.feeding:
            self._recognize(t_ms)  # resets the recognizer off the loop; nobody waits for it
        self._pending = None
        self._fetching = None
        self.ear.feeding = False
        if self.mode is AssistantState.LOOKING:
            self._look = None
            self._seeing = None
            out.append(Camera(t_ms, False, "look"))
        self.mode = AssistantState.IDLE

    # --- understanding and answering ------------------------------------------------------
    def _understand(self, text: str, t_ms: int, out: list) -> None:
        decision = self._confirm.decide(self.p.parser.parse_scored(text, t_ms), t_ms)
        if decision.kind in ("ask", "drop"):  # no action on a guess (glasses.understand.confirm)
            self._say(decision.say or NOT_HEARD, t_ms, out)
            return
        if decision.intent is None:
            out.append(Error(t_ms, "not_understood", f"no intent matches {text!r}"))
            self._say(NOT_UNDERSTOOD, t_ms, out)
            return
        self._understand_intent(decision.intent, t_ms, out)

    def _understand_intent(self, intent: Intent, t_ms: int, out: list) -> None:
        out.append(intent)
        if intent.name == "briefing":
            self._queued.clear()
        if intent.name == "stop":
            self._queued.clear()
            self._interrupt(t_ms, "stop", out)
            self._stop_skills(t_ms, out)
            self._to_idle(t_ms, out)
            return
        if intent.name == "repeat":
            self._say(self.last_reply or NOTHING_TO_REPEAT, t_ms, out, card=self._last_card, remember=False)
            return
        skill = self.p.router.skill_for(intent.name)
        if skill is None:
            out.append(Error(t_ms, "no_skill", f"no skill handles intent {intent.name!r}"))
            self._say("Sorry, I can't do that yet.", t_ms, out)
            return
        if isinstance(skill, Look) and skill.needs_camera(intent):
            self.mode = AssistantState.LOOKING
            self._look = (intent, skill, t_ms, 0)
            out.append(Camera(t_ms, True, "look"))
            out.append(State(t_ms, AssistantState.LOOKING))
            return
        if isinstance(skill, Prefetching):
            job = self.guard.call(f"{type(skill).__name__}.prefetch", "skill_failed", t_ms, out,
                                  skill.prefetch, intent, self._context(t_ms))
            if callable(job):  # the loop goes on hearing barge-in; the answer lands as a WorkDone
                self.mode = AssistantState.THINKING
                self._fetching = (self.p.workers.submit("prefetch", t_ms, job), intent, skill)
                self._land(self.p.workers.due(t_ms), out)
                return
        self._handle(skill, intent, t_ms, out)

    def _handle(self, skill: Any, intent: Intent, t_ms: int, out: list, extras=None) -> None:
        ctx = self._context(t_ms) if extras is None else replace(self._context(t_ms), extras=extras)
        reply = self.guard.call(f"{type(skill).__name__}.handle", "skill_failed", t_ms, out,
                                skill.handle, intent, ctx)
        self._answer(Reply(SKILL_FAILED) if isinstance(reply, Failure) else reply, t_ms, out)

    def _prefetched(self, done: WorkDone, out: list) -> None:
        if self._fetching is None or done.ticket != self._fetching[0]:
            return  # abandoned by a barge-in
        _, intent, skill = self._fetching
        self._fetching = None
        self.mode = AssistantState.IDLE
        if done.error is not None:
            self.guard.call(f"{type(skill).__name__}.prefetch", "skill_failed", done.t_ms, out, reraise, done.error)
            self._answer(Reply(SKILL_FAILED), done.t_ms, out)
            return
        self._handle(skill, intent, done.t_ms, out, {"prefetched": done.value})

    # --- speaking -------------------------------------------------------------------------
    def _answer(self, reply: Reply, t_ms: int, out: list) -> None:
        """Say a skill's reply, then emit the typed events it announces (timer changes)."""
        self._say(reply.text, t_ms, out, card=reply.card)
        out.extend(reply.events)

    def _say(self, text: str, t_ms: int, out: list, card=None, remember: bool = True) -> None:
        """Speak ``text`` (sentence by sentence: glasses/runtime/speech.py)."""
        self._cut_at = None
        self.mouth.say(text, t_ms, out, card)
        if remember:
            self.last_reply, self._last_card = text, card
        self._land(self.p.workers.due(t_ms), out)  # sentences already rendered (replay) follow at once

    def _interrupt(self, t_ms: int, reason: str, out: list) -> None:
        if self.mouth.interrupt(t_ms, reason, out):
            self._cut_at = None

    def _end_speech_if_done(self, t_ms: int, out: list) -> None:
        while (end := self.mouth.ended(t_ms)) is not None:
            self._cut_at = None
            if self.mode is not AssistantState.IDLE:
                return
            if self._confirm.pending is not None:  # listen for the yes or no, no wake word needed
                self._start_listening(end, "follow_up", 1.0, out)
            elif self._queued:
                reply = self._queued.pop(0)
                self._answer(reply, end, out)
            else:
                out.append(State(end, AssistantState.IDLE))

    def _to_idle(self, t_ms: int, out: list) -> None:
        self.mode = AssistantState.IDLE
        if self.speaking is None and self._queued:
            reply = self._queued.pop(0)
            self._answer(reply, t_ms, out)
        elif self.speaking is None:
            out.append(State(t_ms, AssistantState.IDLE))

    def _context(self, t_ms: int) -> Context:
        return Context(now=self.p.origin + timedelta(milliseconds=t_ms), t_ms=t_ms,
                       last_reply=self.last_reply)

"""The assistant: input events in, output events out, on the session clock.

    idle ──wake word / button / text──> listening ──endpoint──> thinking ──> speaking ─> idle
                                                     └─ look intents ─> looking (camera on, ≤ look_ms)

``Assistant.process(event)`` is the whole loop for one event; replay, the live loop and the
emulator all drive it the same way (glasses/runtime/build.py builds it). Devices are not touched
here: output events (Say with its SpeechAudio, Camera on/off) are acted on by whoever drives it,
apart from the speaker, which is passed in so that barge-in can cut it off.

While the assistant speaks, the microphone feeds only the wake-word detector (barge-in) and never
the recognizer, so it cannot answer its own voice.

It holds its parts and calls them; each owns its state: ``ear`` (listening.CommandEar: VAD frames,
endpointer, pre-roll), ``mouth`` (speech.SpeechOutput: sentence by sentence, streamed answers),
``eyes`` (looking.Looking: one look, frames read on a worker), ``unasked`` (unasked.Unasked:
queued replies, the alarm's cut, the first wake) and ``confirm`` (understand.confirm: the pending
"Did you mean ...?"). Blocking work (recognition finish, OCR, a Prefetching skill's fetch, later
sentences' rendering, a streamed answer's next sentence) runs on ``workers`` and lands back here
as WorkDone events. It knows no intent by name: skills answer, and a Reply's ``control`` asks for
what only the assistant can do (stop, repeat).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np

from glasses.assistant.guard import Failure, Guard, reraise
from glasses.assistant.listening import CommandEar
from glasses.assistant.looking import Looking
from glasses.assistant.parts import Parts
from glasses.assistant.phrases import (
    BRIEFING_FAILED, CANT_DO, NOT_HEARD, NOT_UNDERSTOOD, NOTHING_TO_REPEAT, PROACTIVE_FAILED, SKILL_FAILED,
)
from glasses.assistant.speech import SpeechOutput
from glasses.assistant.unasked import Unasked
from glasses.assistant.workers import WorkDone
from glasses.events import (
    AssistantState, AudioChunk, Button, Camera, Error, Frame, Intent, Location, Say, State, TextInput,
    Transcript, Wake,
)
from glasses.skills.base import (
    AnswersAnything, Context, Control, Films, FirstWake, Listener, Located, Look, NamesCamera, Prefetching, Proactive,
    Reply, Stoppable,
)
from glasses.understand.confirm import Confirmation
from glasses.vad import EndpointEvent, Endpointer


class Assistant:
    def __init__(self, parts: Parts) -> None:
        self.guard = Guard()             # failures become an Error event, a log line and an apology
        self.p = parts
        self.mode = AssistantState.IDLE  # idle | listening | thinking | looking
        self.last_reply: str | None = None
        self._last_card = None
        self.unasked = Unasked()
        self._pending: int | None = None  # the recognition job whose transcript is awaited
        self._jobs: set[int] = set()      # recognition jobs still running (the recognizer is busy)
        self._fetching: tuple[int, Intent, Any] | None = None  # ticket, intent, skill: slow I/O first
        self.confirm = Confirmation(side_effects=parts.side_effects, describe=parts.describe)

    @property
    def p(self) -> Parts:
        return self._p

    @p.setter
    def p(self, parts: Parts) -> None:  # the parts are rebuilt with new Parts (tests swap the voice)
        self._p = parts
        self.mouth = SpeechOutput(parts, self.guard)
        self.ear = CommandEar(parts)
        self.eyes = Looking(parts.workers, parts.look_ms)
        self._skills = list(parts.router.skills)
        self._listeners = [s for s in self._skills if isinstance(s, Listener)]  # captions
        self._filmers = [s for s in self._skills if isinstance(s, Films)]  # video capture

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

    def respond(self, reply: Reply, t_ms: int) -> list:
        """Speak a reply made outside the loop (``glasses look --question``) as if a skill gave it."""
        out: list = []
        self._answer(reply, t_ms, out)
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
        while self.mouth.busy:  # every job lands (a streamed answer's sentences too), then it ends
            landed = self.p.workers.due(self.mouth.end() or t_ms, wait=True)
            self._land(landed, out)
            if not landed:
                self.mouth.give_up_rendering()  # nothing more will come
            if self.mouth.speaking is not None:
                self._end_speech_if_done(self.mouth.end(), out)
        return out

    # --- inputs ---------------------------------------------------------------------------
    def _audio(self, chunk: AudioChunk, out: list) -> None:
        samples = chunk.samples()
        if self.mode is AssistantState.LISTENING:
            self._listen(chunk, samples, out)
        elif not self._woke(chunk, samples, out) and self.mode is AssistantState.LOOKING:
            if self.eyes.timed_out(chunk.t_ms):
                self._finish_look(chunk.t_ms, None, out)
        if self._listeners:
            self._hear(chunk, out)

    def _woke(self, chunk: AudioChunk, samples: np.ndarray, out: list) -> bool:
        """The wake word barges in while idle, thinking, looking or speaking."""
        score = self.p.wake.feed(samples)
        if score is None or (self.mouth.busy and not self.p.barge_in):
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
        elif event.action in self.p.gestures:  # a long press looks (the look skill's gesture)
            self._interrupt(event.t_ms, "button", out)
            self._abandon(event.t_ms, out)
            out.append(Wake(event.t_ms, "button"))
            self._understand_intent(Intent(event.t_ms, self.p.gestures[event.action], {}), event.t_ms, out)
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
        ready = getattr(self.p.transcriber, "ready", None)   # the decode-ahead already holds the command
        ticket = self.p.workers.submit("recognition", t_ms, self.p.transcriber.finish,
                                       now=bool(callable(ready) and ready()))
        self._jobs.add(ticket)
        return ticket

    def _land(self, results: list[WorkDone], out: list) -> None:
        """Worker results on the session clock; only the awaited ones are acted on."""
        for done in results:
            self._jobs.discard(done.ticket)
            if done.kind == "speech":
                self.mouth.land(done, out)
            elif done.kind == "stream":
                text = self.mouth.land_stream(done, out)
                if text:
                    self.last_reply = f"{self.last_reply} {text}" if self.last_reply else text
            elif done.kind == "see":
                self._seen(done, out)
            elif done.kind == "prefetch":
                self._prefetched(done, out)
            elif done.kind == "recognition":
                self._recognized(done, out)

    def _recognized(self, done: WorkDone, out: list) -> None:
        if done.ticket != self._pending:
            return  # abandoned by a barge-in
        self._pending = None
        self.mode = AssistantState.IDLE
        if done.error is not None:
            self.guard.call("recognition", "recognition_failed", done.t_ms, out, reraise, done.error)
        text = done.value if isinstance(done.value, str) else ""
        out.append(Transcript(done.t_ms, text, True, self.p.transcriber.name))
        if not text:
            self._say(self._phrase(NOT_HEARD), done.t_ms, out)
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
            self.eyes.abandon()
            out.append(Camera(t_ms, False, self.eyes.reason))
        self.mode = AssistantState.IDLE

    # --- looking --------------------------------------------------------------------------
    def _frame(self, frame: Frame, out: list) -> None:
        """A frame goes to a skill that is filming (a video records whatever else happens), and
        while looking it is read on a worker (one at a time); any other frame is dropped unread
        (the camera is off, or nobody asked for it)."""
        for skill in self._filmers:
            if skill.filming:
                self._film(skill, frame, out)
        if self.mode is AssistantState.LOOKING and self.eyes.frame(frame):
            self._land(self.p.workers.due(frame.t_ms), out)

    def _film(self, skill: Any, frame: Frame, out: list) -> None:
        ctx = self._context(frame.t_ms)
        items = self.guard.call(f"{type(skill).__name__}.film", "skill_failed", frame.t_ms, out,
                                lambda: list(skill.film(frame, ctx)))
        for item in [] if isinstance(items, Failure) else items:
            if not isinstance(item, Reply):
                out.append(item)
            elif self.mode is AssistantState.IDLE and not self.mouth.busy:
                self._answer(item, frame.t_ms, out)
            else:
                self.unasked.queue(item)

    def _seen(self, done: WorkDone, out: list) -> None:
        if not self.eyes.seen(done):
            return  # the look ended (timeout, barge-in) while the frame was read
        if done.error is not None:
            self.guard.call(f"{type(self.eyes.skill).__name__}.see", "vision_failed", done.t_ms, out,
                            reraise, done.error)
        if done.error is None and done.value is not None:
            self._finish_look(done.t_ms, done.value, out)
        elif self.eyes.timed_out(done.t_ms):
            self._finish_look(done.t_ms, None, out)

    def _finish_look(self, t_ms: int, sighting: Any, out: list) -> None:
        sight = self.eyes.end(sighting)
        self.mode = AssistantState.IDLE
        out.append(Camera(t_ms, False, self.eyes.reason))
        reply = self.guard.call(f"{type(sight.skill).__name__}.answer", "skill_failed", t_ms, out,
                                sight.skill.answer, sight.intent, sight.sighting, sight.frames, self._context(t_ms))
        self._answer(Reply(self._phrase(SKILL_FAILED)) if isinstance(reply, Failure) else reply, t_ms, out)

    # --- understanding and answering ------------------------------------------------------
    def _understand(self, text: str, t_ms: int, out: list) -> None:
        decision = self.confirm.decide(self.p.parser.parse_scored(text, t_ms), t_ms)
        if decision.kind in ("ask", "drop"):  # no action on a guess (glasses.understand.confirm)
            self._say(self._phrase(decision.say or NOT_HEARD), t_ms, out)
            return
        if decision.intent is None:
            caught = self._catch(text, t_ms, out)
            if caught is not None:  # an open question: the skill that answers anything (the engine)
                self._understand_intent(caught, t_ms, out)
                return
            out.append(Error(t_ms, "not_understood", f"no intent matches {text!r}"))
            self._say(self._phrase(NOT_UNDERSTOOD), t_ms, out)
            return
        self._understand_intent(decision.intent, t_ms, out)

    def _catch(self, text: str, t_ms: int, out: list) -> Intent | None:
        """What no template matched, offered to the skills that answer anything (AnswersAnything)."""
        for skill in self._skills:
            if isinstance(skill, AnswersAnything):
                caught = self.guard.call(f"{type(skill).__name__}.catch", "skill_failed", t_ms, out,
                                         skill.catch, text, t_ms)
                if isinstance(caught, Intent):
                    return caught
        return None

    def _understand_intent(self, intent: Intent, t_ms: int, out: list) -> None:
        out.append(intent)
        skill = self.p.router.skill_for(intent.name)
        if skill is None:
            out.append(Error(t_ms, "no_skill", f"no skill handles intent {intent.name!r}"))
            self._say(self._phrase(CANT_DO), t_ms, out)
            return
        if isinstance(skill, Look) and skill.needs_camera(intent):
            self.mode = AssistantState.LOOKING
            reason = skill.camera_reason(intent, self._context(t_ms)) if isinstance(skill, NamesCamera) else "look"
            self.eyes.start(intent, skill, t_ms, reason)
            out.append(Camera(t_ms, True, reason))
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
        if self.p.replies is not None and not isinstance(reply, Failure):   # assistant.language
            reply = self.p.replies.localize(intent, reply, ctx.now)
        self._answer(Reply(self._phrase(SKILL_FAILED)) if isinstance(reply, Failure) else reply, t_ms, out)

    def _prefetched(self, done: WorkDone, out: list) -> None:
        if self._fetching is None or done.ticket != self._fetching[0]:
            return  # abandoned by a barge-in
        _, intent, skill = self._fetching
        self._fetching = None
        self.mode = AssistantState.IDLE
        if done.error is not None:
            self.guard.call(f"{type(skill).__name__}.prefetch", "skill_failed", done.t_ms, out, reraise, done.error)
            self._answer(Reply(self._phrase(SKILL_FAILED)), done.t_ms, out)
            return
        self._handle(skill, intent, done.t_ms, out, {"prefetched": done.value})

    # --- speaking -------------------------------------------------------------------------
    def _phrase(self, english: str) -> str:
        """One of the assistant's own apologies, in assistant.language (glasses.replies)."""
        return english if self.p.replies is None else self.p.replies.phrase(english)

    def _answer(self, reply: Reply, t_ms: int, out: list) -> None:
        """Act on a skill's reply: its control, else say it (streamed or whole), then emit the
        typed events it announces (timer changes). A reply that carries its meaning and was not
        put in the wearer's language yet (an alarm, a navigation turn) is put in it here."""
        if self.p.replies is not None and reply.meaning is not None:
            reply = self.p.replies.localize(None, reply, self._context(t_ms).now)
        if reply.control is Control.STOP:
            self.unasked.clear()
            self._interrupt(t_ms, "stop", out)
            self._stop_skills(t_ms, out)
            self._to_idle(t_ms, out)
            return
        if reply.control is Control.REPEAT:
            self._say(self.last_reply or self._phrase(NOTHING_TO_REPEAT), t_ms, out, card=self._last_card, remember=False)
            return
        self.unasked.superseded_by(reply)
        if reply.stream is not None:
            self.unasked.cut_at = None
            self.mouth.stream(reply.text, reply.stream, t_ms, out, reply.card)
            self.last_reply, self._last_card = reply.text, reply.card
            out.extend(reply.events)  # before the sentences that land (an engine's badge comes first)
            self._land(self.p.workers.due(t_ms), out)
            return
        else:
            self._say(reply.text, t_ms, out, card=reply.card)
        if reply.confirm is not None:  # the skill asked a yes-or-no question: a yes runs that intent
            self.confirm.ask(reply.confirm, t_ms)
        out.extend(reply.events)

    def _say(self, text: str, t_ms: int, out: list, card=None, remember: bool = True) -> None:
        """Speak ``text`` (sentence by sentence: glasses/assistant/speech.py)."""
        self.unasked.cut_at = None
        self.mouth.say(text, t_ms, out, card)
        if remember:
            self.last_reply, self._last_card = text, card
        self._land(self.p.workers.due(t_ms), out)  # sentences already rendered (replay) follow at once

    def _interrupt(self, t_ms: int, reason: str, out: list) -> None:
        if self.mouth.interrupt(t_ms, reason, out):
            self.unasked.cut_at = None

    def _end_speech_if_done(self, t_ms: int, out: list) -> None:
        while (end := self.mouth.ended(t_ms)) is not None:
            self.unasked.cut_at = None
            if self.mode is not AssistantState.IDLE:
                return
            if self.confirm.pending is not None:  # listen for the yes or no, no wake word needed
                self._start_listening(end, "follow_up", 1.0, out)
            elif (reply := self.unasked.next()) is not None:
                self._answer(reply, end, out)
            else:
                out.append(State(end, AssistantState.IDLE))

    def _to_idle(self, t_ms: int, out: list) -> None:
        self.mode = AssistantState.IDLE
        if not self.mouth.busy and (reply := self.unasked.next()) is not None:
            self._answer(reply, t_ms, out)
        elif not self.mouth.busy:
            out.append(State(t_ms, AssistantState.IDLE))

    def _context(self, t_ms: int) -> Context:
        return Context(now=self.p.origin + timedelta(milliseconds=t_ms), t_ms=t_ms,
                       last_reply=self.last_reply)

    # --- unasked: captions, alarms, navigation, the first wake, stop ------------------------
    def _hear(self, chunk: AudioChunk, out: list) -> None:
        """Skills that hear between commands (captions); muted while the wearer talks to us
        or we speak, so neither the command nor our own voice is ever captioned. While only we
        speak, ``speaking`` says what: captions keep other people's speech that overlaps it."""
        muted = self.mode is not AssistantState.IDLE or self.mouth.busy
        speaking = self.speaking.text if self.speaking is not None and self.mode is AssistantState.IDLE else ""
        ctx = self._context(chunk.t_ms)
        for skill in self._listeners:
            items = self.guard.call(f"{type(skill).__name__}.hear", "skill_failed", chunk.t_ms, out,
                                    lambda: list(skill.hear(chunk, ctx, muted, speaking)))  # noqa: B023
            for item in [] if isinstance(items, Failure) else items:
                if not isinstance(item, Reply):
                    out.append(item)
                elif muted:
                    self.unasked.queue(item)
                else:
                    self._say(item.text, out[-1].t_ms if out else chunk.t_ms, out, card=item.card, remember=False)

    def _proactive(self, t_ms: int, out: list) -> None:
        ctx = None
        for skill in self._skills:
            if not isinstance(skill, Proactive):
                continue
            ctx = ctx or self._context(t_ms)
            due = self.guard.call(f"{type(skill).__name__}.due", "proactive_failed", t_ms, out,
                                  lambda: list(skill.due(ctx)))  # noqa: B023 - called at once
            if isinstance(due, Failure):
                if due.reported:
                    self._say(self._phrase(PROACTIVE_FAILED), t_ms, out)
                    return
                continue
            for reply in due:
                if self.speaking is None:
                    self._answer(reply, t_ms, out)
                else:  # said at the end of the sentence being spoken (_alarm_at_sentence_end)
                    self.unasked.alarm_during(reply, self.speaking, t_ms)
                return

    def _alarm_at_sentence_end(self, t_ms: int, out: list) -> None:
        """A due alarm that arrived while speaking cuts the answer at the end of its phrase."""
        if self.speaking is None:
            self.unasked.cut_at = None
            return
        cut = self.unasked.cut_due(t_ms)
        if cut is not None:
            self._interrupt(cut, "alarm", out)
            self._answer(self.unasked.next(), cut, out)  # type: ignore[arg-type] - queued first

    def _located(self, fix: Location, out: list) -> None:
        """A position fix: navigation speaks now if nothing else is going on, else after it."""
        ctx = self._context(fix.t_ms)
        for skill in self._skills:
            if not isinstance(skill, Located):
                continue
            items = self.guard.call(f"{type(skill).__name__}.locate", "skill_failed", fix.t_ms, out,
                                    lambda: list(skill.locate(fix, ctx)))  # noqa: B023 - called at once
            if isinstance(items, Failure):
                continue
            for item in items:
                if not isinstance(item, Reply):
                    out.append(item)
                elif self.mode is AssistantState.IDLE and not self.mouth.busy:
                    self._answer(item, fix.t_ms, out)
                else:
                    self.unasked.queue(item)

    def _stop_skills(self, t_ms: int, out: list) -> None:
        """Silence every skill that rings (timers) or runs (captions); they announce what stopped."""
        ctx = self._context(t_ms)
        for skill in self._skills:
            if isinstance(skill, Stoppable):
                stopped = self.guard.call(f"{type(skill).__name__}.stop", "skill_failed", t_ms, out, skill.stop, ctx)
                if not isinstance(stopped, Failure):  # a Reply among them is said once idle
                    for e in stopped or ():
                        if isinstance(e, Reply):
                            self.unasked.queue(e)
                        elif not isinstance(e, bool):
                            out.append(e)

    def _first_wake(self, t_ms: int, out: list) -> None:
        """The first wake of the day: what FirstWake skills have to say (the briefing), queued
        after the answer to whatever the wearer woke the glasses for."""
        ctx = self._context(t_ms)
        if not self.p.first_wake or not any(isinstance(s, FirstWake) for s in self._skills) \
                or not self.unasked.first_wake_today(ctx.now.date()):
            return
        for skill in self._skills:
            if isinstance(skill, FirstWake):
                reply = self.guard.call("briefing on first wake", "briefing_failed", t_ms, out,
                                        skill.on_first_wake, ctx)
                if isinstance(reply, Failure):
                    reply = Reply(self._phrase(BRIEFING_FAILED))
                if reply is not None:
                    self.unasked.queue(reply)

"""The assistant: input events in, output events out, on the session clock.

    idle ──wake word / button / text──> listening ──endpoint──> thinking ──> speaking ─> idle
                                                     └─ look intents ─> looking (camera on, ≤ look_ms)

``Assistant.process(event)`` is the whole loop for one event; replay, the live loop
and the emulator all drive it the same way. Devices are not touched here: output
events (Say with its SpeechAudio, Camera on/off) are acted on by whoever drives it,
apart from the speaker, which is passed in so that barge-in can cut it off.

While the assistant speaks, the microphone feeds only the wake-word detector (barge-in)
and never the recognizer, so it cannot answer its own voice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np

from glasses.events import (
    AssistantState, AudioChunk, Button, Camera, Error, Frame, Intent, Interrupted, Location, Say, SpeechAudio,
    State, TextInput, Transcript, Wake,
)
from glasses.runtime.guard import Failure, Guard
from glasses.runtime.parts import Parts
from glasses.runtime.sentences import end_of_sentence_at
from glasses.runtime.speech import Utterance, pcm_ms, split_sentences
from glasses.runtime.workers import WorkDone
from glasses.skills.base import Context, Listener, Located, Look, Prefetching, Proactive, Reply, Stoppable
from glasses.understand.confirm import Confirmation
from glasses.vad import EndpointEvent, Endpointer


NOT_UNDERSTOOD = "Sorry, I didn't understand that. Say help to hear what I can do."
NOT_HEARD = "Sorry, I didn't catch that."
SKILL_FAILED = "Sorry, something went wrong with that."
PROACTIVE_FAILED = "Sorry, something went wrong while checking your timers and reminders."
BRIEFING_FAILED = "Sorry, I couldn't put your briefing together."
NOTHING_TO_REPEAT = "I haven't said anything yet."
PREROLL_MS = 240   # audio kept from before speech was detected, so the first word is whole
VAD_FRAME_MS = 30


class Assistant:
    def __init__(self, parts: Parts) -> None:
        self.p = parts
        self.mode = AssistantState.IDLE            # idle | listening | looking
        self.endpointer = Endpointer(parts.timeout_ms, parts.endpoint_silence_ms,
                                     parts.min_speech_ms, parts.max_command_ms)
        self.last_reply: str | None = None
        self._last_card = None
        self.speaking: Say | None = None
        self._utterance: Utterance | None = None  # its sentences still rendering (runtime/speech.py)
        self._frames: list[bytes] = []   # 30 ms frames since the wake (pre-roll)
        self._feeding = False
        self._voiced = False             # the VAD's last word on the voice while feeding
        self._vad_rest = np.zeros(0, dtype=np.int16)
        self._look: tuple[Intent, Look, int, int] | None = None  # intent, skill, started, frames
        self._first_wake_day: Any = None
        self._queued: list[Reply] = []   # said once the current answer ends (the briefing)
        self.guard = Guard()             # failures become an Error event, a log line and an apology
        self._cut_at: int | None = None  # session ms where speech stops for a due alarm
        self._pending: int | None = None  # the recognition job whose transcript is awaited
        self._jobs: set[int] = set()      # recognition jobs still running (the recognizer is busy)
        self._seeing: int | None = None   # the look's frame being read on a worker
        self._fetching: tuple[int, Intent, Any] | None = None  # ticket, intent, skill: slow I/O first
        self._confirm = Confirmation()   # a near miss of an action waits for yes/no
        self._listeners = [s for s in parts.router.skills if isinstance(s, Listener)]  # captions

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
        if self.mode is AssistantState.LISTENING and self._feeding:
            self._end_command(t_ms, out)
        elif self.mode is AssistantState.LISTENING:
            self._to_idle(t_ms, out)
        self._land(self.p.workers.due(t_ms, wait=True), out)
        if self.mode is AssistantState.LOOKING:
            self._finish_look(t_ms, None, out)
        while self.speaking is not None:
            self._land(self.p.workers.due(self.speaking.t_ms + self.speaking.duration_ms, wait=True), out)
            if self._utterance is not None:
                self._utterance.waiting.clear()  # every job has landed
            self._end_speech_if_done(self.speaking.t_ms + self.speaking.duration_ms, out)
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

    def _hear(self, chunk: AudioChunk, out: list) -> None:
        """Skills that hear between commands (captions); muted while the wearer talks to us
        or we speak, so neither the command nor our own voice is ever captioned."""
        muted = self.mode is not AssistantState.IDLE or self.speaking is not None
        ctx = self._context(chunk.t_ms)
        for skill in self._listeners:
            items = self.guard.call(f"{type(skill).__name__}.hear", "skill_failed", chunk.t_ms, out,
                                    lambda: list(skill.hear(chunk, ctx, muted)))  # noqa: B023 - called at once
            for item in [] if isinstance(items, Failure) else items:
                if not isinstance(item, Reply):
                    out.append(item)
                elif muted:
                    self._queued.append(item)
                else:
                    self._say(item.text, out[-1].t_ms if out else chunk.t_ms, out, card=item.card, remember=False)

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
                if self._feeding:
                    self._end_command(event.t_ms, out)
                else:
                    self._to_idle(event.t_ms, out)
                return
            self._start_listening(event.t_ms, "button", 1.0, out)

    def _frame(self, frame: Frame, out: list) -> None:
        """A frame while looking is read on a worker (OCR takes 0.35-0.6 s); one at a time."""
        if self.mode is not AssistantState.LOOKING or self._look is None or self._seeing is not None:
            return
        intent, skill, started, seen = self._look
        self._look = (intent, skill, started, seen + 1)
        self._seeing = self.p.workers.submit("see", frame.t_ms, skill.see, frame.bgr)
        self._land(self.p.workers.due(frame.t_ms), out)

    def _seen(self, done: WorkDone, out: list) -> None:
        if done.ticket != self._seeing or self._look is None:
            return  # the look ended (timeout, barge-in) while the frame was read
        self._seeing = None
        skill = self._look[1]
        if done.error is not None:
            self.guard.call(f"{type(skill).__name__}.see", "vision_failed", done.t_ms, out, _reraise, done.error)
        if done.error is None and done.value is not None:
            self._finish_look(done.t_ms, done.value, out)
        else:
            self._check_look_timeout(done.t_ms, out)

    # --- listening ------------------------------------------------------------------------
    def _start_listening(self, t_ms: int, source: str, score: float, out: list) -> None:
        out.append(Wake(t_ms, source, round(float(score), 3)))
        self._first_wake(t_ms, out)
        self.mode = AssistantState.LISTENING
        self.endpointer.reset()
        self.p.vad.reset()
        self._frames = []
        self._feeding = False
        self._vad_rest = np.zeros(0, dtype=np.int16)
        out.append(State(t_ms, AssistantState.LISTENING))

    def _listen(self, chunk: AudioChunk, samples: np.ndarray, out: list) -> None:
        data = np.concatenate([self._vad_rest, samples])
        n = 16 * VAD_FRAME_MS
        whole = data.size // n * n
        self._vad_rest = data[whole:]
        probs = self.p.vad.probabilities(data[:whole]) if whole else []
        for i, prob in enumerate(probs):
            frame = data[i * n:(i + 1) * n].tobytes()
            t_end = chunk.t_ms + (i + 1) * VAD_FRAME_MS
            speech = prob >= self.p.vad_threshold
            if self._feeding:
                partial = self.p.transcriber.accept(frame)
                if speech != self._voiced:  # a pause (or the voice back): Whisper decodes ahead
                    self._voiced = speech
                    self.p.transcriber.voice(speech)
                if partial:
                    out.append(Transcript(t_end, partial, False, self.p.transcriber.name))
            else:
                self._frames.append(frame)
                self._frames = self._frames[-(PREROLL_MS + self.p.min_speech_ms) // VAD_FRAME_MS - 1:]
            step = self.endpointer.update(speech, VAD_FRAME_MS)
            if step is EndpointEvent.SPEECH_START:
                self._feeding = True
                if self._jobs:  # an abandoned finish still holds the recognizer (barge-in while thinking)
                    self._land(self.p.workers.due(t_end, wait=True), out)
                self._voiced = True
                self.p.transcriber.start()
                for f in self._frames:
                    self.p.transcriber.accept(f)
                self._frames = []
            elif step in (EndpointEvent.END, EndpointEvent.MAX_LENGTH):
                self._end_command(t_end, out)
                return
            elif step is EndpointEvent.TIMEOUT:
                out.append(Error(t_end, "no_speech", "no command heard after the wake"))
                self._to_idle(t_end, out)
                return

    def _end_command(self, t_ms: int, out: list) -> None:
        """The command ended: recognition finishes on a worker while the loop goes on hearing
        the wake word, the button and text (barge-in); the transcript lands as a WorkDone."""
        self._feeding = False
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
                {"speech": self._speak_part, "see": self._seen, "prefetch": self._prefetched}[done.kind](done, out)
                continue
            if done.ticket != self._pending:
                continue  # abandoned by a barge-in
            self._pending = None
            self.mode = AssistantState.IDLE
            if done.error is not None:
                self.guard.call("recognition", "recognition_failed", done.t_ms, out, _reraise, done.error)
            text = done.value if isinstance(done.value, str) else ""
            out.append(Transcript(done.t_ms, text, True, self.p.transcriber.name))
            if not text:
                self._say(NOT_HEARD, done.t_ms, out)
            else:
                self._understand(text, done.t_ms, out)

    def _abandon(self, t_ms: int, out: list) -> None:
        """A new request replaces the one in progress: stop listening, or stop looking (the
        camera goes off at once: the privacy indicator must never stay on for nothing)."""
        if self.mode is AssistantState.LISTENING and self._feeding:
            self._recognize(t_ms)  # resets the recognizer off the loop; nobody waits for it
        self._pending = None
        self._fetching = None
        self._feeding = False
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
            self.guard.call(f"{type(skill).__name__}.prefetch", "skill_failed", done.t_ms, out, _reraise, done.error)
            self._answer(Reply(SKILL_FAILED), done.t_ms, out)
            return
        self._handle(skill, intent, done.t_ms, out, {"prefetched": done.value})

    def _check_look_timeout(self, t_ms: int, out: list) -> None:
        if self._look is not None and t_ms - self._look[2] >= self.p.look_ms:
            self._finish_look(t_ms, None, out)

    def _finish_look(self, t_ms: int, sighting: Any, out: list) -> None:
        assert self._look is not None
        intent, skill, _, seen = self._look
        self._look = None
        self._seeing = None
        self.mode = AssistantState.IDLE
        out.append(Camera(t_ms, False, "look"))
        reply = self.guard.call(f"{type(skill).__name__}.answer", "skill_failed", t_ms, out,
                                skill.answer, intent, sighting, seen, self._context(t_ms))
        self._answer(Reply(SKILL_FAILED) if isinstance(reply, Failure) else reply, t_ms, out)

    def _proactive(self, t_ms: int, out: list) -> None:
        ctx = None
        for skill in self.p.router.skills:
            if isinstance(skill, Proactive):
                ctx = ctx or self._context(t_ms)
                due = self.guard.call(f"{type(skill).__name__}.due", "proactive_failed", t_ms, out,
                                      lambda: list(skill.due(ctx)))
                if isinstance(due, Failure):
                    if due.reported:
                        self._say(PROACTIVE_FAILED, t_ms, out)
                        return
                    continue
                for reply in due:
                    if self.speaking is None:
                        self._answer(reply, t_ms, out)
                    else:  # said at the end of the sentence being spoken (_alarm_at_sentence_end)
                        self._queued.insert(0, reply)
                        played = t_ms - self.speaking.t_ms
                        self._cut_at = self.speaking.t_ms + end_of_sentence_at(
                            self.speaking.text, self.speaking.duration_ms, played)
                    return

    def _alarm_at_sentence_end(self, t_ms: int, out: list) -> None:
        """A due alarm that arrived while speaking cuts the answer at the end of its phrase."""
        if self._cut_at is None:
            return
        if self.speaking is None:
            self._cut_at = None
        elif t_ms >= self._cut_at:
            cut, self._cut_at = self._cut_at, None
            self._interrupt(cut, "alarm", out)
            self._answer(self._queued.pop(0), cut, out)

    def _located(self, fix: Location, out: list) -> None:
        """A position fix: navigation speaks now if nothing else is going on, else after it."""
        ctx = self._context(fix.t_ms)
        for skill in self.p.router.skills:
            if not isinstance(skill, Located):
                continue
            items = self.guard.call(f"{type(skill).__name__}.locate", "skill_failed", fix.t_ms, out,
                                    lambda: list(skill.locate(fix, ctx)))  # noqa: B023 - called at once
            if isinstance(items, Failure):
                continue
            for item in items:
                if not isinstance(item, Reply):
                    out.append(item)
                elif self.mode is AssistantState.IDLE and self.speaking is None:
                    self._answer(item, fix.t_ms, out)
                else:
                    self._queued.append(item)

    def _stop_skills(self, t_ms: int, out: list) -> None:
        ctx = self._context(t_ms)
        for skill in self.p.router.skills:
            if isinstance(skill, Stoppable):
                self.guard.call(f"{type(skill).__name__}.stop", "skill_failed", t_ms, out, skill.stop, ctx)

    def _first_wake(self, t_ms: int, out: list) -> None:
        if self.p.on_first_wake is None:
            return
        ctx = self._context(t_ms)
        day = ctx.now.date()
        if self._first_wake_day == day:
            return
        self._first_wake_day = day
        reply = self.guard.call("briefing on first wake", "briefing_failed", t_ms, out, self.p.on_first_wake, ctx)
        if isinstance(reply, Failure):
            reply = Reply(BRIEFING_FAILED)
        if reply is not None:  # after the answer to whatever the wearer woke us for
            self._queued.append(reply)

    # --- speaking -------------------------------------------------------------------------
    def _answer(self, reply: Reply, t_ms: int, out: list) -> None:
        """Say a skill's reply, then emit the typed events it announces (timer changes)."""
        self._say(reply.text, t_ms, out, card=reply.card)
        out.extend(reply.events)

    def _say(self, text: str, t_ms: int, out: list, card=None, remember: bool = True) -> None:
        """Speak ``text``: the first sentence renders now, the rest on workers (runtime/speech.py)."""
        sentences = split_sentences(text) if self.p.sentence_by_sentence else [text]
        pcm = self.guard.call("speech rendering", "speech_failed", t_ms, out, self.p.voice.render, sentences[0])
        if isinstance(pcm, Failure):  # the answer still shows and prints, silently
            pcm, sentences = b"", sentences[:1]
        duration = pcm_ms(pcm)
        self._interrupt(t_ms, "new answer", out)
        say = Say(t_ms, text, duration, card)
        out.append(State(t_ms, AssistantState.SPEAKING))
        out.append(say)
        out.append(SpeechAudio(t_ms, pcm, 16000))
        self.p.speaker.play(pcm)
        self.speaking = say
        if remember:
            self.last_reply, self._last_card = text, card
        if len(sentences) > 1:
            self._utterance = Utterance(t_ms + duration, [self.p.workers.submit("speech", t_ms, self.p.voice.render, s)
                                                          for s in sentences[1:]])
            self._land(self.p.workers.due(t_ms), out)

    def _speak_part(self, done: WorkDone, out: list) -> None:
        """A later sentence rendered: it plays after the audio before it (or now, if that ended)."""
        u = self._utterance
        if u is None or self.speaking is None:
            return  # cut off by a barge-in
        pcm = done.value if done.error is None and isinstance(done.value, bytes) else b""
        if done.error is not None:
            self.guard.call("speech rendering", "speech_failed", done.t_ms, out, _reraise, done.error)
        for part in u.land(done.ticket, pcm):
            start = max(done.t_ms, u.end_ms)
            out.append(SpeechAudio(start, part, 16000))
            self.p.speaker.queue(part)
            u.end_ms = start + pcm_ms(part)
        self.speaking = replace(self.speaking, duration_ms=u.end_ms - self.speaking.t_ms)

    def _interrupt(self, t_ms: int, reason: str, out: list) -> None:
        if self.speaking is None:
            return
        played = t_ms - self.speaking.t_ms
        if played < self.speaking.duration_ms or self._rendering():
            self.p.speaker.stop()
            out.append(Interrupted(t_ms, played, reason))
        self.speaking = None
        self._utterance = None
        self._cut_at = None

    def _rendering(self) -> bool:
        """Sentences of the answer being spoken are still rendering."""
        return self._utterance is not None and bool(self._utterance.waiting)

    def _end_speech_if_done(self, t_ms: int, out: list) -> None:
        while (self.speaking is not None and t_ms >= self.speaking.t_ms + self.speaking.duration_ms
               and not self._rendering()):
            end = self.speaking.t_ms + self.speaking.duration_ms
            self.speaking = None
            self._utterance = None
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


def _reraise(error: BaseException) -> None:  # lets the guard report a worker's error
    raise error

"""The assistant: input events in, output events out, on the session clock.

    idle ──wake word / button / text──> listening ──endpoint──> thinking ──> speaking ─> idle
                                                     └─ look intents ─> looking (camera on, ≤1.5 s)

``Assistant.process(event)`` is the whole loop for one event; replay, the live loop
and the emulator all drive it the same way. Devices are not touched here: output
events (Say with its SpeechAudio, Camera on/off) are acted on by whoever drives it,
apart from the speaker, which is passed in so that barge-in can cut it off.

While the assistant speaks, the microphone feeds only the wake-word detector (barge-in)
and never the recognizer, so it cannot answer its own voice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

import numpy as np

from glasses.events import (
    AudioChunk, Button, Camera, Error, Frame, Intent, Interrupted, Location, Say, SpeechAudio, State,
    TextInput, Transcript, Wake,
)
from glasses.intents import IntentParser
from glasses.skills.base import Context, Listener, Located, Look, Proactive, Reply, Stoppable
from glasses.skills.router import Router
from glasses.understand.confirm import Confirmation
from glasses.vad import EndpointEvent, Endpointer

log = logging.getLogger(__name__)

NOT_UNDERSTOOD = "Sorry, I didn't understand that. Say help to hear what I can do."
NOT_HEARD = "Sorry, I didn't catch that."
SKILL_FAILED = "Sorry, something went wrong with that."
NOTHING_TO_REPEAT = "I haven't said anything yet."
PREROLL_MS = 240   # audio kept from before speech was detected, so the first word is whole
LOOK_MS = 1500     # how long a look request may watch the camera
VAD_FRAME_MS = 30


@dataclass(frozen=True, slots=True)
class Parts:
    """Everything the assistant is built from (chosen by the composition root)."""

    wake: Any                      # WakeWordDetector or NoWakeWord: feed(int16 samples) -> score|None
    vad: Any                       # SileroVad: probabilities(int16 samples) -> [p per 30 ms]
    transcriber: Any               # stt.base.Recognizer: start(), accept(pcm), finish()
    parser: IntentParser
    router: Router
    voice: Any                     # tts: render(text) -> s16le 16 kHz pcm
    speaker: Any                   # devices.speaker: play(pcm), stop()
    origin: datetime               # the wall time (aware) of session t_ms = 0
    vad_threshold: float = 0.5
    timeout_ms: int = 8000
    endpoint_silence_ms: int = 300
    min_speech_ms: int = 150
    max_command_ms: int = 12000
    barge_in: bool = True
    on_first_wake: Callable[[Context], Reply | None] | None = None


class Assistant:
    def __init__(self, parts: Parts) -> None:
        self.p = parts
        self.mode = "idle"            # idle | listening | looking
        self.endpointer = Endpointer(parts.timeout_ms, parts.endpoint_silence_ms,
                                     parts.min_speech_ms, parts.max_command_ms)
        self.last_reply: str | None = None
        self._last_card = None
        self.speaking: Say | None = None
        self._frames: list[bytes] = []   # 30 ms frames since the wake (pre-roll)
        self._feeding = False
        self._voiced = False             # the VAD's last word on the voice while feeding
        self._vad_rest = np.zeros(0, dtype=np.int16)
        self._look: tuple[Intent, Look, int, int] | None = None  # intent, skill, started, frames
        self._first_wake_day: Any = None
        self._queued: list[Reply] = []   # said once the current answer ends (the briefing)
        self._confirm = Confirmation()   # a near miss of an action waits for yes/no
        self._listeners = [s for s in parts.router.skills if isinstance(s, Listener)]  # captions

    # --- entry point ----------------------------------------------------------------------
    def process(self, event) -> list:
        out: list = []
        self._end_speech_if_done(event.t_ms, out)
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
        if self.mode == "idle" and self.speaking is None:
            self._proactive(event.t_ms, out)
        return out

    def finish(self, t_ms: int) -> list:
        """End of input: close a command in progress, let speech run out."""
        out: list = []
        if self.mode == "listening" and self._feeding:
            self._end_command(t_ms, out)
        elif self.mode == "listening":
            self._to_idle(t_ms, out)
        if self.mode == "looking":
            self._finish_look(t_ms, None, out)
        while self.speaking is not None:
            self._end_speech_if_done(self.speaking.t_ms + self.speaking.duration_ms, out)
        return out

    # --- inputs ---------------------------------------------------------------------------
    def _audio(self, chunk: AudioChunk, out: list) -> None:
        samples = chunk.samples()
        if self.mode == "idle":
            score = self.p.wake.feed(samples)
            if score is not None:
                if self.speaking is not None and not self.p.barge_in:
                    return
                self._interrupt(chunk.t_ms, "wake word", out)
                self._start_listening(chunk.t_ms + chunk.duration_ms, "wakeword", score, out)
        elif self.mode == "listening":
            self._listen(chunk, samples, out)
        elif self.mode == "looking":
            self._check_look_timeout(chunk.t_ms, out)
        if self._listeners:
            self._hear(chunk, out)

    def _hear(self, chunk: AudioChunk, out: list) -> None:
        """Skills that hear between commands (captions); muted while the wearer talks to us
        or we speak, so neither the command nor our own voice is ever captioned."""
        muted = self.mode != "idle" or self.speaking is not None
        ctx = self._context(chunk.t_ms)
        for skill in self._listeners:
            for item in skill.hear(chunk, ctx, muted):
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
            self._stop_skills(event.t_ms)
            self._to_idle(event.t_ms, out)
        elif event.action == "long_press":
            self._interrupt(event.t_ms, "button", out)
            self._abandon(event.t_ms, out)
            out.append(Wake(event.t_ms, "button"))
            self._understand_intent(Intent(event.t_ms, "identify_product", {}), event.t_ms, out)
        elif event.action == "press":
            self._interrupt(event.t_ms, "button", out)
            if self.mode == "looking":
                self._abandon(event.t_ms, out)
            if self.mode == "listening":  # a second press ends the command now
                if self._feeding:
                    self._end_command(event.t_ms, out)
                else:
                    self._to_idle(event.t_ms, out)
                return
            self._start_listening(event.t_ms, "button", 1.0, out)

    def _frame(self, frame: Frame, out: list) -> None:
        if self.mode != "looking" or self._look is None:
            return
        intent, skill, started, seen = self._look
        self._look = (intent, skill, started, seen + 1)
        try:
            sighting = skill.see(frame.bgr)
        except Exception as exc:  # a vision failure must not end the loop
            log.exception("vision failed")
            out.append(Error(frame.t_ms, "vision_failed", str(exc)))
            sighting = None
        if sighting is not None:
            self._finish_look(frame.t_ms, sighting, out)
        else:
            self._check_look_timeout(frame.t_ms, out)

    # --- listening ------------------------------------------------------------------------
    def _start_listening(self, t_ms: int, source: str, score: float, out: list) -> None:
        out.append(Wake(t_ms, source, round(float(score), 3)))
        self._first_wake(t_ms, out)
        self.mode = "listening"
        self.endpointer.reset()
        self.p.vad.reset()
        self._frames = []
        self._feeding = False
        self._vad_rest = np.zeros(0, dtype=np.int16)
        out.append(State(t_ms, "listening"))

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
        text = self.p.transcriber.finish()
        self._feeding = False
        self.mode = "idle"
        out.append(State(t_ms, "thinking"))
        out.append(Transcript(t_ms, text, True, self.p.transcriber.name))
        if not text:
            self._say(NOT_HEARD, t_ms, out)
            return
        self._understand(text, t_ms, out)

    def _abandon(self, t_ms: int, out: list) -> None:
        """A new request replaces the one in progress: stop listening, or stop looking (the
        camera goes off at once: the privacy indicator must never stay on for nothing)."""
        if self.mode == "listening" and self._feeding:
            self.p.transcriber.finish()
        self._feeding = False
        if self.mode == "looking":
            self._look = None
            out.append(Camera(t_ms, False, "look"))
        self.mode = "idle"

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
            self._stop_skills(t_ms)
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
            self.mode = "looking"
            self._look = (intent, skill, t_ms, 0)
            out.append(Camera(t_ms, True, "look"))
            out.append(State(t_ms, "looking"))
            return
        try:
            reply = skill.handle(intent, self._context(t_ms))
        except Exception as exc:
            log.exception("skill %s failed", type(skill).__name__)
            out.append(Error(t_ms, "skill_failed", f"{type(skill).__name__}: {exc}"))
            reply = Reply(SKILL_FAILED)
        self._say(reply.text, t_ms, out, card=reply.card)
        out.extend(reply.events)

    def _check_look_timeout(self, t_ms: int, out: list) -> None:
        if self._look is not None and t_ms - self._look[2] >= LOOK_MS:
            self._finish_look(t_ms, None, out)

    def _finish_look(self, t_ms: int, sighting: Any, out: list) -> None:
        assert self._look is not None
        intent, skill, _, seen = self._look
        self._look = None
        self.mode = "idle"
        out.append(Camera(t_ms, False, "look"))
        try:
            reply = skill.answer(intent, sighting, seen, self._context(t_ms))
        except Exception as exc:
            log.exception("look skill failed")
            out.append(Error(t_ms, "skill_failed", f"{type(skill).__name__}: {exc}"))
            reply = Reply(SKILL_FAILED)
        self._say(reply.text, t_ms, out, card=reply.card)

    def _proactive(self, t_ms: int, out: list) -> None:
        ctx = None
        for skill in self.p.router.skills:
            if isinstance(skill, Proactive):
                ctx = ctx or self._context(t_ms)
                for reply in skill.due(ctx):
                    self._say(reply.text, t_ms, out, card=reply.card)
                    return

    def _located(self, fix: Location, out: list) -> None:
        """A position fix: navigation speaks now if nothing else is going on, else after it."""
        ctx = self._context(fix.t_ms)
        for skill in self.p.router.skills:
            if not isinstance(skill, Located):
                continue
            try:
                items = list(skill.locate(fix, ctx))
            except Exception as exc:  # a navigation failure must not end the loop
                log.exception("locate failed")
                out.append(Error(fix.t_ms, "skill_failed", f"{type(skill).__name__}: {exc}"))
                continue
            for item in items:
                if not isinstance(item, Reply):
                    out.append(item)
                elif self.mode == "idle" and self.speaking is None:
                    self._say(item.text, fix.t_ms, out, card=item.card)
                else:
                    self._queued.append(item)

    def _stop_skills(self, t_ms: int) -> None:
        ctx = self._context(t_ms)
        for skill in self.p.router.skills:
            if isinstance(skill, Stoppable):
                skill.stop(ctx)

    def _first_wake(self, t_ms: int, out: list) -> None:
        if self.p.on_first_wake is None:
            return
        ctx = self._context(t_ms)
        day = ctx.now.date()
        if self._first_wake_day == day:
            return
        self._first_wake_day = day
        reply = self.p.on_first_wake(ctx)
        if reply is not None:  # after the answer to whatever the wearer woke us for
            self._queued.append(reply)

    # --- speaking -------------------------------------------------------------------------
    def _say(self, text: str, t_ms: int, out: list, card=None, remember: bool = True) -> None:
        pcm = self.p.voice.render(text)
        duration = len(pcm) * 1000 // (2 * 16000)
        self._interrupt(t_ms, "new answer", out)
        say = Say(t_ms, text, duration, card)
        out.append(State(t_ms, "speaking"))
        out.append(say)
        out.append(SpeechAudio(t_ms, pcm, 16000))
        self.p.speaker.play(pcm)
        self.speaking = say
        if remember:
            self.last_reply, self._last_card = text, card

    def _interrupt(self, t_ms: int, reason: str, out: list) -> None:
        if self.speaking is None:
            return
        played = t_ms - self.speaking.t_ms
        if played < self.speaking.duration_ms:
            self.p.speaker.stop()
            out.append(Interrupted(t_ms, played, reason))
        self.speaking = None

    def _end_speech_if_done(self, t_ms: int, out: list) -> None:
        while self.speaking is not None and t_ms >= self.speaking.t_ms + self.speaking.duration_ms:
            end = self.speaking.t_ms + self.speaking.duration_ms
            self.speaking = None
            if self.mode != "idle":
                return
            if self._confirm.pending is not None:  # listen for the yes or no, no wake word needed
                self._start_listening(end, "follow_up", 1.0, out)
            elif self._queued:
                reply = self._queued.pop(0)
                self._say(reply.text, end, out, card=reply.card)
            else:
                out.append(State(end, "idle"))

    def _to_idle(self, t_ms: int, out: list) -> None:
        self.mode = "idle"
        if self.speaking is None and self._queued:
            reply = self._queued.pop(0)
            self._say(reply.text, t_ms, out, card=reply.card)
        elif self.speaking is None:
            out.append(State(t_ms, "idle"))

    def _context(self, t_ms: int) -> Context:
        return Context(now=self.p.origin + timedelta(milliseconds=t_ms), t_ms=t_ms,
                       last_reply=self.last_reply)

"""Captions and translation as a mode of the assistant.

The assistant hands every microphone chunk to ``hear`` (muted while it listens to the
wearer, so neither the wake word nor the wearer's command is ever captioned). While the mode
is on, the chunk's 30 ms frames are scored by a voice-activity detector, cut into segments,
and each segment is decoded on a worker; finished lines come back as ``Caption`` events for
the HUD. While the glasses speak, other people's speech is still segmented: a line that
overlaps the glasses' voice is held until they stop, then shown marked as overlapped; one
that is only their own voice picked up by the microphone (its words) is dropped.

With ``captions.translate_with: engine`` the wearer's engine translates (glasses/captions/
engine_step.py): its connection's events (the HUD's egress badge, as for the ask skill's own
requests) come out of ``hear`` while the request is in flight and before the line it translated,
and a fall-back to the device is an ``error`` event and one spoken line, once.
"""

from __future__ import annotations

from dataclasses import is_dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from glasses.captions.cards import CaptionsCard
from glasses.captions.engine_step import EngineStep, Fallback
from glasses.captions.events import Caption, CaptionsMode, CaptionsModel
from glasses.captions.languages import code_for, name, title
from glasses.captions.overlap import OwnSpeech
from glasses.captions.segmenter import FRAME_MS, Segmenter
from glasses.captions.transcript import ConversationLog, TranscriptLine
from glasses.captions.worker import CaptionWorker, Job, Line
from glasses.events import AudioChunk, Error, Intent
from glasses.skills.base import Context, Reply

SHOWN_LINES = 3
OVERLAP_MARK = "(overlap) "   # before a card line that was said while the glasses spoke
FRAME_SAMPLES = 16 * FRAME_MS


class CaptionsSkill:
    intents = ("captions_start", "translate_start", "captions_stop", "save_conversation")
    examples = ("start captions", "translate from French", "save this conversation")

    def __init__(self, *, vad: Any, worker: CaptionWorker, segmenter: Segmenter, save_dir: Path,
                 languages: tuple[str, ...] = (), vad_threshold: float = 0.5,
                 engine: EngineStep | None = None) -> None:
        """``engine``: the wearer's engine as translation's second step (None: on the device)."""
        self.engine = engine
        self.vad = vad
        self.worker = worker
        self.segmenter = segmenter
        self.save_dir = Path(save_dir)
        self.languages = tuple(languages)
        self.vad_threshold = vad_threshold
        self.job: Job | None = None       # None: the mode is off
        self.speak = False
        self.log = ConversationLog()
        self._shown: list[str] = []
        self._rest = np.zeros(0, dtype=np.int16)
        self._muted = True
        self._model_shown = False
        self._mode_shown: tuple | None = (None, False)
        self._last_language = ""
        self.own = OwnSpeech()
        self._held: list[Line] = []   # lines said over the glasses' voice, shown once it stops

    @property
    def active(self) -> bool:
        return self.job is not None

    # --- intents --------------------------------------------------------------------------
    def handle(self, intent: Intent, ctx: Context) -> Reply:
        if intent.name == "captions_stop":
            return Reply("Captions off." if self._off() else "Captions are not on.")
        if intent.name == "save_conversation":
            return self._save()
        if intent.name == "captions_start":
            return self._on(Job("transcribe", "", self.languages), False, ctx.t_ms,
                            "Captions on.", "Captions")
        language = ""
        said = intent.slots.get("language", "")
        if said:
            language = code_for(said) or ""
            if not language:
                return self._on(Job("translate", "", self.languages), intent.slots.get("speak") == "yes",
                                ctx.t_ms, f"I don't know {said}; I'll detect the language.", "→ English")
        speak = intent.slots.get("speak") == "yes"
        text = f"Translating from {name(language)}." if language else "Translating into English."
        via = ""
        if self.engine is not None:
            more, via = self.engine.opening()
            text += more
        return self._on(Job("translate", language, self.languages), speak, ctx.t_ms, text,
                        title("translate", language, via))

    def stop(self, ctx: Context) -> list:
        """A double press (or "stop") ends captions (the mode's change is announced by ``hear``)."""
        self._off()
        return []

    def _on(self, job: Job, speak: bool, t_ms: int, text: str, heading: str) -> Reply:
        if self.job is None:
            self.log.clear()   # a new conversation
            self._shown, self._last_language = [], ""

        self.job, self.speak = job, speak
        self.segmenter.reset()
        self.worker.preload(t_ms)
        return Reply(text, CaptionsCard(title=heading, lines=("Listening…",)))

    def _off(self) -> bool:
        was = self.job is not None
        self.job, self.speak = None, False
        self._held = []
        self.segmenter.reset()
        return was

    def _save(self) -> Reply:
        if not self.log.lines:
            return Reply("There is no conversation to save yet. Say start captions first.")
        path = self.log.save(self.save_dir)
        n = len(self.log.lines)
        return Reply(f"Saved the conversation, {n} line{'s' if n != 1 else ''}.",
                     CaptionsCard(title="Conversation saved", lines=(path.name,)))

    # --- audio ------------------------------------------------------------------------------
    def hear(self, chunk: AudioChunk, ctx: Context, muted: bool, speaking: str = "") -> list:
        """Events (and Replies to speak) for one microphone chunk. ``speaking``: what the
        glasses are saying, when that alone is why ``muted`` is set."""
        out: list = []
        on = self.job is not None
        t_end = chunk.t_ms + chunk.duration_ms
        over = muted and bool(speaking)
        if (muted and not over) or not on:
            if not self._muted:
                self.segmenter.reset()
                self.vad.reset()
                self._rest = np.zeros(0, dtype=np.int16)
            self._muted = True
        else:
            self._muted = False
            if over:
                self.own.heard(chunk.t_ms, t_end, speaking)
            for line in self._segment(chunk):
                out.extend(self._engine_events(line.segment.closed_ms))
                out.extend(self._show(line, line.segment.closed_ms, ctx, muted))
        out.extend(self._engine_events(chunk.t_ms))   # live: the badge while a request is in flight
        for line in self.worker.ready():
            out.extend(self._engine_events(ctx.t_ms + chunk.duration_ms))
            out.extend(self._show(line, ctx.t_ms + chunk.duration_ms, ctx, muted))
        if self._held and not muted:
            held, self._held = self._held, []
            for line in held:
                out.extend(self._show(line, chunk.t_ms, ctx, muted))
        if not on and not self.worker.busy():
            self.worker.slot.unload_if_quiet(t_end)
        elif on:
            self.worker.slot.touch(t_end)
        if (self.job, self.speak) != self._mode_shown:
            self._mode_shown = (self.job, self.speak)
            out.insert(0, self.mode_event(chunk.t_ms))
        if self.worker.slot.loaded != self._model_shown:
            self._model_shown = self.worker.slot.loaded
            out.insert(0, CaptionsModel(chunk.t_ms, self._model_shown))
        return out

    def _engine_events(self, t_ms: int) -> list:
        """The engine's connection events, stamped ``t_ms``; a Fallback as an error and its line."""
        if self.engine is None:
            return []
        out: list = []
        for item in self.engine.take():
            if isinstance(item, Fallback):
                out += [Error(t_ms, item.code, item.detail), Reply(item.spoken)]
            elif is_dataclass(item) and hasattr(item, "t_ms"):
                out.append(replace(item, t_ms=t_ms))
        return out

    def mode_event(self, t_ms: int) -> CaptionsMode:
        job = self.job
        return CaptionsMode(t_ms, job is not None, job.task if job else "", job.language if job else "", self.speak)

    def _segment(self, chunk: AudioChunk) -> list[Line]:
        data = np.concatenate([self._rest, chunk.samples()])
        whole = data.size // FRAME_SAMPLES * FRAME_SAMPLES
        self._rest = data[whole:]
        lines: list[Line] = []
        if not whole:
            return lines
        for i, prob in enumerate(self.vad.probabilities(data[:whole])):
            frame = data[i * FRAME_SAMPLES:(i + 1) * FRAME_SAMPLES].tobytes()
            segment = self.segmenter.feed(chunk.t_ms + (i + 1) * FRAME_MS, frame, prob >= self.vad_threshold)
            if segment is not None and self.job is not None:
                lines.extend(self.worker.submit(segment, replace(self.job, prefer=self._last_language)))
        return lines

    def _show(self, line: Line, t_ms: int, ctx: Context, muted: bool) -> list:
        if line.error:
            return [Error(t_ms, "caption_failed", line.error)]
        text = line.text.strip()
        if not text:
            return []
        seg = line.segment
        overlapped = bool(self.own.overlapping(seg.start_ms, seg.end_ms))
        if overlapped and self.own.is_echo(text, seg.start_ms, seg.end_ms):
            return []          # the glasses' own voice, picked up by the microphone
        if overlapped and muted:
            self._held.append(line)   # shown once the glasses stop speaking
            return []
        self._shown = (self._shown + [OVERLAP_MARK + text if overlapped else text])[-SHOWN_LINES:]
        self._last_language = line.language
        card = CaptionsCard(title=title(line.task, line.language, line.via), lines=tuple(self._shown))
        at = ctx.now + timedelta(milliseconds=line.segment.start_ms - ctx.t_ms)
        self.log.add(TranscriptLine(at, text, line.language, line.task))
        out: list = [Caption(t_ms, text, line.language, line.task, seg.start_ms, seg.end_ms, card, overlapped,
                                   line.source, line.via)]
        if self.speak and line.task == "translate":
            out.append(Reply(text, card))
        return out

    def close(self) -> None:
        self.worker.close()

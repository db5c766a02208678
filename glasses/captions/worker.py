"""Decoding caption segments off the audio loop.

Live, segments go to one worker thread and finished lines are collected on a later audio
chunk, stamped with that chunk's time (so a line's ``t_ms - end_ms`` is its real delay).
In replay (``wait=True``) each segment is decoded at once and stamped when it closed, so the
same session always gives the same event stream.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from typing import Any

import numpy as np

from glasses.captions.model import ModelSlot
from glasses.captions.segmenter import Segment

log = logging.getLogger(__name__)
SHORT_S = 2.0            # language detection on less speech than this is unreliable
ENGLISH_AT_LEAST = 0.5   # translating: speech is taken for English only when the detector is this sure


@dataclass(frozen=True, slots=True)
class Job:
    task: str          # transcribe | translate
    language: str      # "" to detect
    languages: tuple[str, ...] = ()
    prefer: str = ""   # the language of the last line: a short segment keeps it unless clearly not


@dataclass(frozen=True, slots=True)
class Line:
    segment: Segment
    text: str
    language: str
    task: str
    decode_ms: float
    error: str = ""   # the decode failed: no text, and why
    source: str = ""  # translating in two steps: what was said, in its language
    via: str = ""     # translated by the wearer's engine: its host ("" on the device)


def decode(slot: ModelSlot, segment: Segment, job: Job, translator: Any = None) -> Line:
    samples = np.frombuffer(segment.pcm, dtype=np.int16)
    started = time.perf_counter()
    source = via = ""
    try:
        if translator is not None and job.task == "translate":
            t = slot.use(segment.closed_ms, lambda model: translator.translate(
                model, samples, language=job.language or None, languages=job.languages,
                english_at_least=ENGLISH_AT_LEAST, prefer=job.prefer if samples.size < SHORT_S * 16_000 else ""))
            text, language, source, via = t.text, t.language, t.source, t.via
        else:
            text, language = _run(slot, segment, job, samples)
    except Exception as exc:  # a failed decode must not end captions
        log.exception("caption decode failed")
        return Line(segment, "", job.language, job.task, (time.perf_counter() - started) * 1000, str(exc))
    task = job.task
    if task == "translate" and language == "en":
        task = "transcribe"  # English already: shown as it was said
    return Line(segment, text, language, task, (time.perf_counter() - started) * 1000, source=source, via=via)


def _run(slot: ModelSlot, segment: Segment, job: Job, samples: np.ndarray) -> tuple[str, str]:
    return slot.use(segment.closed_ms, lambda model: model.decode(
        samples, task="transcribe" if job.task == "transcribe" else "translate",
        language=job.language or None, languages=job.languages,
        english_at_least=ENGLISH_AT_LEAST if job.task == "translate" else 0.0,
        prefer=job.prefer if samples.size < SHORT_S * 16_000 else ""))


class CaptionWorker:
    def __init__(self, slot: ModelSlot, *, wait: bool, translator: Any = None) -> None:
        """``translator``: glasses.captions.two_step (None: Whisper's translate task alone)."""
        self.slot = slot
        self.translator = translator
        self.wait = wait
        self._pool = None if wait else ThreadPoolExecutor(max_workers=1, thread_name_prefix="captions")
        self._pending: list[Future] = []

    def submit(self, segment: Segment, job: Job) -> list[Line]:
        """Queue a segment; in wait mode its line comes back at once."""
        if self._pool is None:
            return [decode(self.slot, segment, job, self.translator)]
        self._pending.append(self._pool.submit(decode, self.slot, segment, job, self.translator))
        return []

    def preload(self, t_ms: int) -> None:
        """Load the model now (on the worker when live, so the audio loop never waits)."""
        if self._pool is None:
            self.slot.get(t_ms)
        else:
            self._pending.append(self._pool.submit(lambda: (self.slot.get(t_ms), None)[1]))

    def ready(self) -> list[Line]:
        """Lines whose decode finished, in order (a model load is not a line)."""
        out: list[Line] = []
        while self._pending and self._pending[0].done():
            line = self._pending.pop(0).result()
            if line is not None:
                out.append(line)
        return out

    def busy(self) -> bool:
        return bool(self._pending)

    def drain(self) -> list[Line]:
        """Wait for everything queued (end of input)."""
        for future in self._pending:
            future.result()
        return self.ready()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)

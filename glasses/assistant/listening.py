"""Listening for one command: the microphone's chunks cut into 30 ms frames for the voice
activity detector, the endpointer deciding where the command starts and ends, the pre-roll
(audio from just before speech was detected, so the first word is whole) and feeding the
recognizer. The assistant owns what happens at the end (runtime/workers: recognition
finishes on a worker).

Semantic end of turn: when the parts carry a turn judge (glasses.understand.turn) and the voice
has paused for ``early_end_ms``, the recognizer's decode-ahead of the words so far (``peek()``,
Whisper) is judged once per pause; a complete, confident command without side effects ends the
command there instead of after the full endpoint silence. The decision waits for that decode, so
it depends on the audio alone and a replay stays deterministic."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from glasses.events import AudioChunk, Transcript
from glasses.vad import EndpointEvent, Endpointer

PREROLL_MS = 240   # audio kept from before speech was detected, so the first word is whole
VAD_FRAME_MS = 30
ENDS = (EndpointEvent.END, EndpointEvent.MAX_LENGTH, EndpointEvent.TIMEOUT)


class CommandEar:
    """Built from the assistant's Parts (vad, transcriber, the listen settings)."""

    def __init__(self, parts: Any) -> None:
        self.p = parts
        self.endpointer = Endpointer(parts.timeout_ms, parts.endpoint_silence_ms,
                                     parts.min_speech_ms, parts.max_command_ms)
        self.feeding = False             # the recognizer is being fed (speech started)
        self._voiced = False             # the VAD's last word on the voice while feeding
        self._frames: list[bytes] = []   # 30 ms frames since the wake (pre-roll)
        self._rest = np.zeros(0, dtype=np.int16)
        self._judged = False             # this pause was judged already
        self.early: Any = None           # the TurnCall that ended the last command early, else None
        judge = getattr(parts, "turn", None)
        if judge is not None and getattr(parts, "early_end_ms", 0) and hasattr(parts.transcriber, "stands"):
            # the recognizer's decode at a pause stops at its cheaper first pass, without the prompt,
            # when that text stands for what was said (glasses.stt.whisper.WhisperRecognizer)
            parts.transcriber.stands = judge.stands

    def reset(self) -> None:
        """A new command: forget the last one."""
        self._judged = False
        self.early = None
        self.endpointer.reset()
        self.p.vad.reset()
        self._frames = []
        self.feeding = False
        self._rest = np.zeros(0, dtype=np.int16)

    def hear(self, chunk: AudioChunk, samples: np.ndarray, out: list,
             before_start: Callable[[int], None]) -> tuple[EndpointEvent, int] | None:
        """Feed one chunk; partial transcripts go to ``out``. Returns (END, MAX_LENGTH or
        TIMEOUT, session ms) when the command is over. ``before_start(t_ms)`` runs when speech
        starts, before the recognizer is started (to let an abandoned finish land)."""
        data = np.concatenate([self._rest, samples])
        n = 16 * VAD_FRAME_MS
        whole = data.size // n * n
        self._rest = data[whole:]
        probs = self.p.vad.probabilities(data[:whole]) if whole else []
        for i, prob in enumerate(probs):
            frame = data[i * n:(i + 1) * n].tobytes()
            t_end = chunk.t_ms + (i + 1) * VAD_FRAME_MS
            speech = prob >= self.p.vad_threshold
            if self.feeding:
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
                self.feeding = True
                before_start(t_end)
                self._voiced = True
                self.p.transcriber.start()
                for f in self._frames:
                    self.p.transcriber.accept(f)
                self._frames = []
            elif step in ENDS:
                return step, t_end
            elif self.feeding and self._ends_early(speech):
                return EndpointEvent.END, t_end
        return None

    def _ends_early(self, speech: bool) -> bool:
        """At ``early_end_ms`` into a pause: is the decode-ahead a complete command?"""
        judge, early_ms = getattr(self.p, "turn", None), getattr(self.p, "early_end_ms", 0)
        if speech:
            self._judged = False
            return False
        if judge is None or not early_ms or self._judged or self.endpointer.silence_ms_run < early_ms:
            return False
        self._judged = True
        peek = getattr(self.p.transcriber, "peek", None)
        text = peek() if callable(peek) else None
        confidence = getattr(self.p.transcriber, "confidence", None)
        call = judge.judge(text, confidence() if callable(confidence) else None)
        if call.done:
            self.early = call
        return call.done

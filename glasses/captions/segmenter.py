"""Cutting a stream of voice-activity decisions into spoken segments. Pure: it is handed
30 ms frames with a speech/no-speech decision and never reads a clock.

A segment starts after ``start_ms`` of speech (with ``preroll_ms`` of audio from before, so
the first word is whole), ends after ``silence_ms`` of silence (a pause between sentences
or speakers), and is cut at ``max_ms`` so a long monologue still shows within seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

FRAME_MS = 30


@dataclass(frozen=True, slots=True)
class Segment:
    start_ms: int   # session time of the first sample in pcm
    end_ms: int     # session time the speech ended (before the trailing silence)
    closed_ms: int  # session time the segmenter closed it (end + silence, or the cut)
    pcm: bytes      # s16le 16 kHz mono


class Segmenter:
    def __init__(self, *, start_ms: int = 120, silence_ms: int = 350, max_ms: int = 7000,
                 preroll_ms: int = 300) -> None:
        self.start_ms, self.silence_ms, self.max_ms, self.preroll_ms = start_ms, silence_ms, max_ms, preroll_ms
        self.reset()

    def reset(self) -> None:
        """Forget any segment in progress (the wearer's wake word, the assistant speaking)."""
        self._frames: list[bytes] = []
        self._t0 = 0
        self._active = False
        self._speech_run = 0
        self._silence_run = 0
        self._last_speech_end = 0

    def feed(self, t_end_ms: int, frame: bytes, speech: bool) -> Segment | None:
        """One 30 ms frame ending at ``t_end_ms``; a finished segment, or None."""
        self._frames.append(frame)
        if not self._active:
            self._speech_run = self._speech_run + FRAME_MS if speech else 0
            keep = (self.preroll_ms + self.start_ms) // FRAME_MS + 1
            self._frames = self._frames[-keep:]
            if self._speech_run >= self.start_ms:
                self._active = True
                self._silence_run = 0
                self._t0 = t_end_ms - len(self._frames) * FRAME_MS
                self._last_speech_end = t_end_ms
            return None
        if speech:
            self._silence_run = 0
            self._last_speech_end = t_end_ms
        else:
            self._silence_run += FRAME_MS
        length = len(self._frames) * FRAME_MS
        if self._silence_run >= self.silence_ms or length >= self.max_ms:
            return self._close(t_end_ms)
        return None

    def flush(self, t_ms: int) -> Segment | None:
        """End of input: the segment in progress, if any."""
        return self._close(t_ms) if self._active else None

    def _close(self, t_ms: int) -> Segment:
        keep = len(self._frames) - max(0, self._silence_run - 150) // FRAME_MS  # 150 ms of tail stays
        segment = Segment(self._t0, self._last_speech_end, t_ms, b"".join(self._frames[:keep]))
        self.reset()
        return segment

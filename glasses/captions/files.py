"""Captions and translation of recorded files (``glasses transcribe --translate/--captions``):
the same segmenter and model as the live mode, over a WAV file."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from glasses.audio import RATE
from glasses.captions.segmenter import FRAME_MS, Segment, Segmenter
from glasses.captions.worker import ENGLISH_AT_LEAST
WHOLE_S = 28.0            # a file up to this long is decoded in one window


@dataclass(frozen=True, slots=True)
class FileResult:
    file: str
    text: str
    language: str
    engine: str
    ms: float
    source: str = ""      # what was said, in its language (two-step translation)
    how: str = ""         # "command" (said in English from its meaning), "engine" (the wearer's engine),
    #                       "whisper" (translate task), "english"
    via: str = ""         # how == "engine": the engine's host


def segments(samples: np.ndarray, vad: Any, segmenter: Segmenter,
             progress: Callable[[int], None] = lambda ms: None) -> Iterator[Segment]:
    """Spoken segments of a whole recording (VAD over 30 ms frames)."""
    n = RATE * FRAME_MS // 1000
    vad.reset()
    segmenter.reset()
    step = n * 100   # score 3 s at a time
    for start in range(0, samples.size - samples.size % n, step):
        block = samples[start:min(start + step, samples.size - samples.size % n)]
        for i, prob in enumerate(vad.probabilities(block)):
            t_end = (start + (i + 1) * n) * 1000 // RATE
            segment = segmenter.feed(t_end, block[i * n:(i + 1) * n].tobytes(), prob >= 0.5)
            if segment is not None:
                yield segment
        progress((start + block.size) * 1000 // RATE)
    last = segmenter.flush(samples.size * 1000 // RATE)
    if last is not None:
        yield last


def translate_file(path: Path, samples: np.ndarray, runner: Any, vad: Any, languages: tuple[str, ...],
                   language: str | None = None, translator: Any = None) -> FileResult:
    """English for one file's samples (its language detected unless given); with a
    ``translator`` (glasses.captions.two_step), in two steps."""
    started = time.perf_counter()
    if translator is not None and samples.size <= WHOLE_S * RATE:
        t = translator.translate(runner, samples, language=language, languages=languages,
                                 english_at_least=ENGLISH_AT_LEAST)
        return FileResult(str(path), t.text, t.language, "whisper-base", round((time.perf_counter() - started) * 1000, 1),
                          t.source, t.how, t.via)
    if samples.size <= WHOLE_S * RATE:
        text, lang = runner.decode(samples, task="translate", language=language, languages=languages,
                                english_at_least=ENGLISH_AT_LEAST)
    else:
        parts, langs = [], []
        for seg in segments(samples, vad, Segmenter()):
            part, lang = runner.decode(np.frombuffer(seg.pcm, np.int16), task="translate",
                                       language=language, languages=languages, english_at_least=ENGLISH_AT_LEAST)
            parts.append(part)
            langs.append(lang)
        text = " ".join(p for p in parts if p)
        lang = max(set(langs), key=langs.count) if langs else (language or "")
    return FileResult(str(path), text, lang, "whisper-base", round((time.perf_counter() - started) * 1000, 1))


def caption_lines(samples: np.ndarray, runner: Any, vad: Any, languages: tuple[str, ...], *, translate: bool = False,
                  language: str | None = None, progress: Callable[[int], None] = lambda ms: None
                  ) -> Iterator[tuple[int, str, str]]:
    """(start ms, text, language) for each spoken segment of a long recording."""
    for seg in segments(samples, vad, Segmenter(), progress):
        text, lang = runner.decode(np.frombuffer(seg.pcm, np.int16), task="translate" if translate else "transcribe",
                                   language=language, languages=languages)
        if text:
            yield seg.start_ms, text, lang


def stamp(ms: int) -> str:
    """``[mm:ss.s]`` (hours added past an hour)."""
    minutes, seconds = divmod(max(0, ms) / 1000, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"[{hours}:{minutes:02d}:{seconds:04.1f}]" if hours else f"[{minutes:02d}:{seconds:04.1f}]"

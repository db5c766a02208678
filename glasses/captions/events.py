"""The captions mode's events, in the ``--json`` stream as "caption", "captions" and "captions_model"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Caption:
    """A caption line on the HUD at ``t_ms``: what was said between ``start_ms`` and
    ``end_ms`` (session clock). task: transcribe (the speaker's own language) or translate
    (English); language: the spoken language's code (detected or given). card: what the HUD
    shows (the last few lines under a title such as "French → English"). overlapped: the line
    was said while the glasses spoke; it is shown once they stopped. source: translating, what
    was said in its own language (glasses/captions/two_step.py), "" otherwise. via: the host of
    the wearer's engine when it translated the line (captions.translate_with: engine), "" when the
    glasses did (the card's title then says "French → English · via HOST")."""

    json_type: ClassVar[str] = "caption"

    t_ms: int
    text: str
    language: str
    task: str
    start_ms: int
    end_ms: int
    card: Any = None  # a CaptionsCard (glasses/captions/cards.py)
    overlapped: bool = False
    source: str = ""
    via: str = ""


@dataclass(frozen=True, slots=True)
class CaptionsMode:
    """Captions (task transcribe) or translation (task translate) switched on or off.
    language: the source language when the wearer named one ("translate from French"), else ""."""

    json_type: ClassVar[str] = "captions"

    t_ms: int
    on: bool
    task: str = "transcribe"
    language: str = ""
    speak: bool = False


@dataclass(frozen=True, slots=True)
class CaptionsModel:
    """The multilingual model was loaded into memory, or unloaded after a quiet minute."""

    json_type: ClassVar[str] = "captions_model"

    t_ms: int
    loaded: bool
    name: str = "whisper-base"

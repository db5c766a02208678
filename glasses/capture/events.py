"""The capture event: a photo or a video is in the gallery (``{"type": "capture", "t_ms", "kind", "file"}``
in the ``--json`` stream), emitted once the file is stored with its faces blurred."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class CaptureSaved:
    """kind: photo | video; file: the stored media file's full path."""

    json_type: ClassVar[str] = "capture"
    t_ms: int
    kind: str
    file: str

"""The ask skill's typed events: what the HUD badge and the event stream show while a question
is with the wearer's engine. Each names itself with ``json_type`` (glasses.events.type_name)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Asking:
    """A request to the engine at ``host`` is starting (the HUD shows the host until it is over)."""

    json_type: ClassVar[str] = "asking"
    t_ms: int
    host: str
    image: bool = False

    def badge(self) -> str:
        return self.host


@dataclass(frozen=True, slots=True)
class Egress:
    """What left the device for one request: the host, the bytes sent, whether a picture went."""

    json_type: ClassVar[str] = "egress"
    t_ms: int
    host: str
    bytes_sent: int
    image: bool

    def badge(self) -> str:
        return self.host

    def note(self) -> str:
        """The conversation view's line for it."""
        return f"sent {self.bytes_sent} bytes to {self.host}" + (", with the picture" if self.image else "")


@dataclass(frozen=True, slots=True)
class Asked:
    """The request is over: ``outcome`` is ok, cancelled or an error code; the badge clears."""

    json_type: ClassVar[str] = "asked"
    t_ms: int
    host: str
    outcome: str
    chars: int = 0

    def badge(self) -> str:
        return ""

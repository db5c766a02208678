"""HUD settings: a config section (``hud:`` in config.yaml), frozen and validated."""

from __future__ import annotations

from dataclasses import dataclass, field

from glasses.configfile import FieldError, doc


@dataclass(frozen=True, slots=True)
class HudConfig:
    width: int = field(default=640, metadata=doc("HUD image width in pixels", min=96, max=3840))
    height: int = field(default=400, metadata=doc("HUD image height in pixels", min=64, max=2160))
    font_scale: float = field(default=1.0, metadata=doc(
        "text size multiplier (1.0 fits about 30 characters per line at any resolution)",
        min=0.5, max=3.0))
    page_ms: int = field(default=4000, metadata=doc(
        "a card too long for the display shows one page for this long, then the next",
        min=500, max=60000))
    show_heard: bool = field(default=True, metadata=doc("show the last thing heard at the bottom"))
    mirror: bool = field(default=False, metadata=doc(
        "flip left-right (for a display seen through a mirror or beam splitter)"))
    opacity: float = field(default=0.85, metadata=doc(
        "how strongly the HUD covers the camera view when composited (0..1)", min=0.1, max=1.0))

    def __post_init__(self) -> None:
        if self.width < self.height * 0.75:
            raise FieldError("width", f"{self.width}x{self.height} is too narrow for the HUD layout; "
                                      "use a width of at least 3/4 of the height")

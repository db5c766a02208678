"""When the camera captures (one owner of camera state for glasses run and the emulator): a pure
reducer over the assistant's output events.

Privacy rule (as on the rig): the camera is open only while a look, a photo or a video runs (the
assistant's Camera(on) ... Camera(off), per reason: glasses.hud.state.camera_holds), or all the time when ``continuous``
(``--camera-always`` or look.continuous) — and never after the wearer said "camera off"
(a CameraSwitched event, announced by the skill that owns the switch) until "camera on".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from glasses.events import Camera, CameraSwitched
from glasses.hud.state import camera_holds


@dataclass(frozen=True, slots=True)
class CameraPolicy:
    continuous: bool = False
    enabled: bool = True    # the wearer's camera switch ("camera off" / "camera on")
    holds: frozenset[str] = frozenset()  # who asked for it: between Camera(on) and Camera(off) per reason

    @property
    def looking(self) -> bool:
        """Someone holds the camera (a look, a photo, a video)."""
        return bool(self.holds)

    @property
    def capturing(self) -> bool:
        return self.enabled and (self.looking or self.continuous)

    def apply(self, event: object) -> CameraPolicy:
        if isinstance(event, Camera):
            return replace(self, holds=camera_holds(self.holds, event))
        if isinstance(event, CameraSwitched):
            return replace(self, enabled=event.enabled)
        return self

    def toggle_command(self) -> str:
        """What the C key types: the command that flips the switch."""
        return "camera off" if self.enabled else "camera on"

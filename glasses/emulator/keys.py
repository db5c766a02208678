"""Window keys -> emulator actions, as a pure state machine over key-down times.

OpenCV's highgui only reports key-downs. Holding a key makes X repeat it (after about
0.5-0.7 s, then every 30-40 ms), so a stream of repeats means "held":

- SPACE tapped: ``talk`` (a Button press: starts listening; the endpointer ends the
  command, or a second tap does).
- SPACE held past the repeat delay: ``talk`` on the first key-down, and
  ``talk_release`` once the repeats stop (the key was let go), which ends the command
  if the assistant is still listening: hold to talk.
- L ``look``, C ``camera``, R ``record``, Q/Esc ``quit``; their repeats are ignored.

Times are milliseconds on any monotonic clock; nothing here reads a clock.
"""

from __future__ import annotations

from dataclasses import dataclass

KEY_ACTIONS = {
    ord(" "): "talk",
    ord("l"): "look", ord("L"): "look",
    ord("c"): "camera", ord("C"): "camera",
    ord("r"): "record", ord("R"): "record",
    ord("q"): "quit", ord("Q"): "quit", 27: "quit",
}
HELP = "SPACE talk (hold or tap)  L look  C camera on/off  R record  Q quit"

REPEAT_WINDOW_MS = 750  # a key-down this soon after the previous one of the same key is a repeat
RELEASE_GAP_MS = 250    # a held key whose repeats stopped this long ago was let go


def action_for(code: int) -> str | None:
    """The action of a ``cv2.waitKeyEx``/``waitKey`` code (None for other keys)."""
    if code is None or code < 0:
        return None
    return KEY_ACTIONS.get(code & 0xFFFF) or KEY_ACTIONS.get(code & 0xFF)


@dataclass
class _Held:
    action: str
    last_ms: int
    repeats: int = 0


class KeyReader:
    """Turns key-downs (``down``) and the passing of time (``tick``) into actions."""

    def __init__(self, repeat_window_ms: int = REPEAT_WINDOW_MS, release_gap_ms: int = RELEASE_GAP_MS) -> None:
        self.repeat_window_ms = repeat_window_ms
        self.release_gap_ms = release_gap_ms
        self._held: dict[str, _Held] = {}

    def down(self, code: int, t_ms: int) -> list[str]:
        action = action_for(code)
        if action is None:
            return []
        held = self._held.get(action)
        if held is not None and t_ms - held.last_ms <= self.repeat_window_ms:
            held.last_ms = t_ms
            held.repeats += 1
            return []
        self._held[action] = _Held(action, t_ms)
        return [action]

    def tick(self, t_ms: int) -> list[str]:
        out = []
        for action, held in list(self._held.items()):
            gap = t_ms - held.last_ms
            if held.repeats and gap > self.release_gap_ms:
                del self._held[action]
                if action == "talk":
                    out.append("talk_release")
            elif gap > self.repeat_window_ms:
                del self._held[action]
        return out

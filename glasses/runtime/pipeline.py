"""The assistant plus the observers of its output: the HUD (whose updates join the event stream)
and, on the rig, the LEDs. Replay, the live loop and the emulator all drive this."""

from __future__ import annotations

from typing import Any

from glasses.assistant.machine import Assistant


class Pipeline:
    """The assistant and its observers (each gets every input and output event)."""

    def __init__(self, assistant: Assistant, observers: list[Any] = ()) -> None:
        self.assistant = assistant
        self.observers = list(observers)

    def _observe(self, events: list) -> list:
        out = []
        for event in events:
            out.append(event)
            for observer in self.observers:
                extra = observer.process(event)
                if extra:
                    out.extend(extra)
        return out

    def process(self, event) -> list:
        for observer in self.observers:  # inputs too: a Frame lights the privacy LED
            observer.process(event)
        return self._observe(self.assistant.process(event))

    def finish(self, t_ms: int) -> list:
        return self._observe(self.assistant.finish(t_ms))



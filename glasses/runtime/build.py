"""The live runtime: the whole assistant built from a Config and the devices a driver opened
(``glasses run`` and ``glasses emulate`` use it alike). It owns start-up (warm, inbox,
background refresh), the one camera policy, and shutdown; the driver only feeds inputs
(audio chunks, frames, button, text) and acts on outputs (play, show, camera on/off).

The parts themselves are built by glasses.app (build_features, build_assistant, Pipeline);
replay, demo, bench and ``ask`` build through the same functions with recorded or null devices.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from glasses.app import Pipeline, build_assistant, build_features, wearer_tz
from glasses.config import Config
from glasses.hud.state import HudTracker
from glasses.runtime.background import Background
from glasses.runtime.camera import CameraPolicy
from glasses.runtime.workers import ThreadWorkers


class LiveRuntime:
    def __init__(self, config: Config, *, speaker: Any, observers: list[Any] = (),
                 now: Callable[..., datetime] = datetime.now) -> None:
        self.config = config
        self.tz = wearer_tz(config)
        self.origin = now(self.tz)
        self.features = build_features(config, tz=self.tz)
        self.workers = ThreadWorkers(1)  # one thread: recognizer calls stay in order
        try:
            self.assistant = build_assistant(config, origin=self.origin, speaker=speaker, features=self.features,
                                             workers=self.workers)
        except BaseException:
            self.workers.close()
            self.features.close()
            raise
        self.hud = HudTracker()
        self.pipeline = Pipeline(self.assistant, [self.hud, *observers])
        self.camera = CameraPolicy(continuous=config.look.continuous)
        self.background = Background(self.features.skills, self.tz, config.day.calendar_refresh_min * 60, now)

    def start(self) -> list[str]:
        """Warm the skills, start the inbox and the refresh thread; notes for the wearer."""
        return self.background.start(self.origin)

    def close(self) -> None:
        self.background.stop()
        self.workers.close()
        self.features.close()

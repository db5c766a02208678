"""The multilingual model, in memory only while captions or translation need it.

``ModelSlot.get()`` loads it on first use (joining it from its wheels the very first time);
``unload_if_quiet(t_ms)`` frees it once nothing was decoded for ``idle_ms`` of session time
(a quiet minute by default), so the voice loop's own recognizer is all that stays loaded.
"""

from __future__ import annotations

import gc
import threading
from typing import Any, Callable

IDLE_MS = 60_000


class ModelSlot:
    def __init__(self, load: Callable[[], Any], idle_ms: int = IDLE_MS) -> None:
        self._load = load
        self.idle_ms = idle_ms
        self._model: Any = None
        self._lock = threading.Lock()
        self._busy = 0
        self.last_used_ms = 0
        self.loads = 0
        self.shared = False   # the voice loop's own model: always loaded, never freed here

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def get(self, t_ms: int) -> Any:
        """The loaded model (loading it now if needed); marks it used at ``t_ms``."""
        with self._lock:
            self.last_used_ms = max(self.last_used_ms, t_ms)
            if self._model is None:
                self._model = self._load()
                self.loads += 1
            return self._model

    def share(self, model: Any) -> None:
        """Use a model that is loaded anyway (the voice loop's multilingual recognizer): a
        second copy would only cost memory."""
        with self._lock:
            self._model, self.shared = model, True

    def touch(self, t_ms: int) -> None:
        self.last_used_ms = max(self.last_used_ms, t_ms)

    def use(self, t_ms: int, fn: Callable[[Any], Any]) -> Any:
        """``fn(model)`` with the model kept loaded while it runs."""
        model = self.get(t_ms)
        with self._lock:
            self._busy += 1
        try:
            return fn(model)
        finally:
            with self._lock:
                self._busy -= 1

    def unload_if_quiet(self, t_ms: int) -> bool:
        """Free the model when unused for ``idle_ms``; True when it was freed now."""
        with self._lock:
            if self._model is None or self.shared or self._busy or t_ms - self.last_used_ms < self.idle_ms:
                return False
            self._model = None
        gc.collect()
        return True

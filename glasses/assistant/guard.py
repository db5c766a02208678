"""Guarded calls: a skill, a proactive check or a renderer that raises never ends the loop.

A failure becomes one ``Error`` event with a code and one log line (the traceback only when
logging is at DEBUG, i.e. ``--debug``); the caller decides what to say (one spoken apology).
A check that keeps failing under the same key (a proactive check runs on every chunk) is
reported once, and again only after it has worked in between.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

from glasses.events import Error

log = logging.getLogger("glasses.guard")


@dataclass(frozen=True, slots=True)
class Failure:
    """What a guarded call returns instead of a result. reported: False when this key had
    already failed (nothing was emitted or logged this time: say nothing either)."""

    reported: bool


class Guard:
    def __init__(self) -> None:
        self._failing: set[str] = set()

    def call(self, key: str, code: str, t_ms: int, out: list, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)``, or a Failure after an Error(code) in ``out`` and one log line."""
        try:
            result = fn(*args)
        except Exception as exc:  # noqa: BLE001 - the point of a guard
            if key in self._failing:
                return Failure(False)
            self._failing.add(key)
            log.error("%s failed: %s: %s", key, type(exc).__name__, exc, exc_info=log.isEnabledFor(logging.DEBUG))
            out.append(Error(t_ms, code, f"{key}: {type(exc).__name__}: {exc}"))
            return Failure(True)
        self._failing.discard(key)
        return result


def reraise(error: BaseException) -> None:
    """Raise ``error`` again: lets ``Guard.call`` report an error a worker handed back."""
    raise error

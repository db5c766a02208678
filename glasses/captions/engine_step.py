"""The second step of translation by the wearer's own engine, when they opted in
(``captions.translate_with: engine``; docs/captions.md, "Translating with your engine").

What Whisper heard in the speaker's language (text, never audio) goes to the ``Translates`` peer
(the ask skill: its client, its ``ask:`` settings) with a bound of ``engine_timeout_s``. When the
engine is not set up, refuses, is unreachable or slower than that, the line is translated on the
device at once and the wearer is told once (a ``Fallback``), not on every line; the engine is then
left alone for ``engine_retry_s`` so the following lines do not each wait for it. An answer that
is mostly the words as said (a model that echoed instead of translating) is not shown as English:
that line is translated on the device. The connection's
typed events (asking, egress, asked: the HUD badge) and the fallback notices queue here, in
order, for the captions skill (or ``glasses transcribe``) to take.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from glasses.errors import GlassesError

ECHO_AT_LEAST = 0.6   # an answer holding this share of the words as said is not a translation
ECHO_RUN = 5          # ... nor one that repeats this many of them in a row, half the line or more
DOWN = "Your home server isn't answering, so I'm translating on the glasses."
OFF = "Your home server isn't set up, so I'm translating on the glasses."


def _longest_run(said: list[str], answer: list[str]) -> int:
    """The most words as said that the answer repeats in a row (word-level longest common run)."""
    best, row = 0, [0] * (len(answer) + 1)
    for word in said:
        prev, row = row, [0] * (len(answer) + 1)
        for j, other in enumerate(answer, 1):
            if word == other:
                row[j] = prev[j - 1] + 1
                best = max(best, row[j])
    return best


def echoes(said: str, answer: str) -> bool:
    """The engine gave back (mostly) the words as said, not English: a small model that did not
    follow the instruction ("Excerpt from the French translation: Sous le consulat, ..."). Whisper's
    line and the engine's echo of the speaker may differ in a word or two ("d'inzo" for "des
    eaux"), so a long run of the words in order counts as well as their share. Short answers are
    trusted ("Paris" is a fine translation of "Paris"), and so is a name kept in a longer line."""
    source = re.findall(r"\w+", said.lower())[:200]
    words = re.findall(r"\w+", answer.lower())[:400]
    kept = set(source)
    if len(kept) < 4:
        return False
    if len(kept & set(words)) / len(kept) >= ECHO_AT_LEAST:
        return True
    run = _longest_run(source, words)
    return run >= ECHO_RUN and 2 * run >= len(kept)


@dataclass(frozen=True, slots=True)
class Fallback:
    """Translation went back to the device: ``code`` (engine_off, engine_unreachable, engine_timeout,
    ...), ``detail`` (one line for the log and the HUD) and ``spoken`` (what the wearer hears, once)."""

    code: str
    detail: str
    spoken: str


@dataclass(frozen=True, slots=True)
class EngineEnglish:
    text: str
    host: str


class EngineStep:
    def __init__(self, peer: Callable[[], Any | None], timeout_s: float, retry_s: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``peer()``: the Translates peer at call time (None: no such skill installed)."""
        self._peer = peer
        self.timeout_s = timeout_s
        self.retry_s = retry_s
        self.clock = clock
        self._down_until: float | None = None
        self._told_down = False
        self._told_off = False
        self._queue: list[Any] = []
        self._lock = threading.Lock()

    def host(self) -> str:
        """Where lines would go ("" when no engine is set up)."""
        peer = self._peer()
        return peer.translation_host() if peer is not None else ""

    def opening(self) -> tuple[str, str]:
        """As translation starts: (what to add to the spoken line, the host for the card's title).
        With no engine set up that is said here, and not again on the first line."""
        host = self.host()
        if host:
            return " Your home server translates.", host
        self._told_off = True
        return " " + OFF, ""

    def _push(self, item: Any) -> None:
        with self._lock:
            self._queue.append(item)

    def take(self) -> list[Any]:
        """The connection's events and any Fallback since the last take, in order."""
        with self._lock:
            items, self._queue = self._queue, []
        return items

    def english(self, said: str, language: str) -> EngineEnglish | None:
        """The engine's English for ``said`` (in ``language``, a name such as "French"), or None:
        translate this line on the device."""
        peer = self._peer()
        host = peer.translation_host() if peer is not None else ""
        if not host:
            if not self._told_off:
                self._told_off = True
                self._push(Fallback("engine_off", "captions.translate_with is engine but ask.url is not set", OFF))
            return None
        if self._down_until is not None and self.clock() < self._down_until:
            return None
        try:
            text = peer.translate_text(said, language, self.timeout_s, self._push)
        except (GlassesError, OSError) as exc:
            self._down_until = self.clock() + self.retry_s
            if not self._told_down:
                self._told_down = True
                code = str(getattr(exc, "code", "") or "engine_error")
                detail = str(getattr(exc, "detail", "") or exc)
                self._push(Fallback(code, f"translating on the glasses: {detail}", DOWN))
            return None
        self._down_until = None
        self._told_down = False   # working again: a later failure is told again
        if echoes(said, text):
            return None           # not translated: this line on the device (the engine stays on)
        return EngineEnglish(text, host)

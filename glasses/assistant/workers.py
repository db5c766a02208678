"""Workers: blocking work (recognition finish; later OCR, network, rendering) off the audio
thread, with results handed back to the state machine as events on the session clock.

The rule for the clock, so replay stays deterministic:

- ``InlineWorkers`` (replay, tests, bench): a job runs when submitted, and its result lands
  at ``requested t_ms + modelled cost`` (``cost_ms[kind]``, 0 unless given): the first
  ``due(now_ms)`` with ``now_ms`` at or after that moment returns it, stamped with that
  moment. The same session therefore gives the same stream on any machine.
- ``ThreadWorkers`` (live): a job runs on a worker thread; its result lands at the first
  ``due(now_ms)`` after it finished, stamped ``now_ms`` (the real session time it arrived).

A caller that no longer wants a result (barge-in) just ignores its ticket.
"""

from __future__ import annotations

import itertools
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Mapping


@dataclass(frozen=True, slots=True)
class WorkDone:
    """A job's result landed at ``t_ms``: ``value``, or ``error`` when the job raised."""

    t_ms: int
    ticket: int
    kind: str
    value: Any = None
    error: BaseException | None = None


def _run(fn: Callable[..., Any], args: tuple) -> tuple[Any, BaseException | None]:
    try:
        return fn(*args), None
    except Exception as exc:  # noqa: BLE001 - handed back to the state machine as an error
        return None, exc


class InlineWorkers:
    def __init__(self, cost_ms: Mapping[str, int] | None = None) -> None:
        self.cost_ms = dict(cost_ms or {})
        self._tickets = itertools.count(1)
        self._pending: list[WorkDone] = []

    def submit(self, kind: str, t_ms: int, fn: Callable[..., Any], *args: Any, now: bool = False) -> int:
        """``now``: the caller knows ``fn`` does not block (all jobs run here anyway)."""
        ticket = next(self._tickets)
        value, error = _run(fn, args)
        self._pending.append(WorkDone(t_ms + self.cost_ms.get(kind, 0), ticket, kind, value, error))
        return ticket

    def due(self, now_ms: int, wait: bool = False) -> list[WorkDone]:
        """Results whose landing time has come (``wait``: every result, at its own time)."""
        ready = [d for d in self._pending if wait or d.t_ms <= now_ms]
        self._pending = [d for d in self._pending if d not in ready]
        return sorted(ready, key=lambda d: (d.t_ms, d.ticket))

    def close(self) -> None:
        self._pending.clear()


class ThreadWorkers:
    """``threads`` workers for every kind of job, and a thread of its own for pulling a streamed
    answer (kind ``"stream"``: it may wait seconds on an engine), so the rendering of the sentences
    already there never waits behind it."""

    def __init__(self, threads: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="worker")
        self._stream_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stream")
        self._tickets = itertools.count(1)
        self._running: list[tuple[int, str, Future]] = []

    def submit(self, kind: str, t_ms: int, fn: Callable[..., Any], *args: Any, now: bool = False) -> int:
        """``now``: ``fn`` does not block (the caller knows its result is ready), so it runs here
        and lands at the next ``due()``: on a worker it would wait for the loop's next chunk."""
        ticket = next(self._tickets)
        if now:
            future: Future = Future()
            future.set_result(_run(fn, args))
        else:
            pool = self._stream_pool if kind == "stream" else self._pool
            future = pool.submit(_run, fn, args)
        self._running.append((ticket, kind, future))
        return ticket

    def due(self, now_ms: int, wait: bool = False) -> list[WorkDone]:
        """Finished results, stamped ``now_ms`` (``wait``: block until every job is done)."""
        out, left = [], []
        for ticket, kind, future in self._running:
            if wait or future.done():
                value, error = future.result()
                out.append(WorkDone(now_ms, ticket, kind, value, error))
            else:
                left.append((ticket, kind, future))
        self._running = left
        return out

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._stream_pool.shutdown(wait=False, cancel_futures=True)
        self._running.clear()

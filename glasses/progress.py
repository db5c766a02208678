"""Progress bars for long work (replays, imports, model fetches): tqdm on a terminal, silent otherwise."""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator

from tqdm import tqdm


class _Quiet:
    def update_to(self, value: float) -> None:
        pass

    def update(self, n: float = 1) -> None:
        pass

    def write(self, line: str) -> None:
        print(line, flush=True)


class _Bar:
    def __init__(self, bar) -> None:
        self.bar = bar

    def update_to(self, value: float) -> None:
        self.bar.update(max(0, value - self.bar.n))

    def update(self, n: float = 1) -> None:
        self.bar.update(n)

    def write(self, line: str) -> None:
        self.bar.write(line)


@contextlib.contextmanager
def progress_bar(total: float | None, desc: str, unit: str = "it", enabled: bool = True) -> Iterator:
    """A bar on stderr when it is a terminal; lines still print cleanly either way."""
    if not enabled or not sys.stderr.isatty():
        yield _Quiet()
        return

    with tqdm(total=total, desc=desc, unit=unit, leave=False, file=sys.stderr, dynamic_ncols=True) as bar:
        yield _Bar(bar)

"""One row of ``glasses doctor``: a check's name, whether it passed, what was found, how to fix it."""

from __future__ import annotations

from typing import NamedTuple


class Row(NamedTuple):
    name: str
    ok: bool
    detail: str
    fix: str = ""

"""Typed cards for tests: ``typed_card("timer", title="Tea", ends_at_ms=5000)`` is a card of that
kind with those fields (glasses.cards), as any skill's own card class would be."""

from __future__ import annotations

import dataclasses
from typing import Any

from glasses.cards import Card

_CLASSES: dict[tuple, type] = {}


def typed_card(kind: str, **fields: Any) -> Card:
    extra = tuple(sorted(k for k in fields if k not in ("title", "lines")))
    key = (kind, extra)
    if key not in _CLASSES:
        cls = dataclasses.make_dataclass(f"{kind.capitalize()}TestCard", [(k, Any, None) for k in extra],
                                         bases=(Card,), frozen=True)
        cls.kind = kind  # type: ignore[attr-defined]
        _CLASSES[key] = cls
    return _CLASSES[key](**fields)




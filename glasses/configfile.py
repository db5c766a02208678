"""Reading YAML into frozen, validated dataclasses, with errors that name file, line and key.

Any frozen dataclass can be a config section: each field has a default and may carry
``metadata={"doc": "...", "choices": (...), "min": x, "max": y}``. Nested dataclasses are
sub-sections. ``load_section(cls, text, filename)`` returns an instance or raises
ConfigError like ``config.yaml:7: stt.engine: 'vosq' is not one of auto, vosk,
pocketsphinx`` or ``config.yaml:3: unknown key 'wake.treshold' (did you mean 'threshold'?)``.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import types
import typing
from pathlib import Path
from typing import Any

import yaml

from glasses.errors import ConfigError


class FieldError(ValueError):
    """Raised from a section's __post_init__: names the field that is wrong."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


def doc(text: str, **extra: Any) -> dict[str, Any]:
    """Field metadata: documentation plus optional choices/min/max."""
    return {"doc": text, **extra}


def load_section(cls: type, text: str, filename: str) -> Any:
    """Parse YAML ``text`` into an instance of dataclass ``cls``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise ConfigError("invalid YAML: nested too deeply", where=filename) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"invalid YAML: {problem}", where=f"{filename}{line}") from None
    if node is None:
        return cls()
    return _build(cls, node, filename, prefix="")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _build(cls: type, node: yaml.Node, filename: str, prefix: str) -> Any:
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{prefix.rstrip('.') or 'top level'}: expected a mapping of keys",
                          where=f"{filename}:{_line(node)}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        where = f"{filename}:{_line(key_node)}"
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (valid keys: {', '.join(known)})"
            shown = key if key.isprintable() else key.encode("unicode_escape").decode("ascii")  # one line
            raise ConfigError(f"unknown key '{prefix}{shown}'{hint}", where=where)
        lines[key] = _line(key_node)
        values[key] = _convert(hints[key], known[key], value_node, filename, prefix + key)
    try:
        return cls(**values)
    except FieldError as exc:
        line = lines.get(exc.key, _line(node))
        raise ConfigError(f"{prefix}{exc.key}: {exc}", where=f"{filename}:{line}") from None


def _convert(hint: Any, f: dataclasses.Field, node: yaml.Node, filename: str, key: str) -> Any:
    where = f"{filename}:{_line(node)}"
    if dataclasses.is_dataclass(hint):
        return _build(hint, node, filename, key + ".")
    try:
        value = yaml.SafeLoader("").construct_object(node, deep=True)
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0][:100] or type(exc).__name__
        raise ConfigError(f"{key}: unreadable value ({problem})", where=where) from None
    try:
        value = _coerce(hint, value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{key}: {exc}", where=where) from None
    meta = f.metadata
    if "choices" in meta and value not in meta["choices"]:
        raise ConfigError(f"{key}: {value!r} is not one of {', '.join(map(str, meta['choices']))}",
                          where=where)
    if "min" in meta and value is not None and value < meta["min"]:
        raise ConfigError(f"{key}: {value} is below the minimum {meta['min']}", where=where)
    if "max" in meta and value is not None and value > meta["max"]:
        raise ConfigError(f"{key}: {value} is above the maximum {meta['max']}", where=where)
    return value


def _coerce(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(arg, value)
            except (TypeError, ValueError) as exc:
                errors.append(str(exc))
        raise ValueError(errors[0] if errors else f"invalid value {value!r}")
    if origin is tuple:
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {_kind(value)}")
        inner = args[0] if args else Any
        return tuple(_coerce(inner, v) for v in value)
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            raise TypeError(f"expected a mapping, got {_kind(value)}")
        return value
    if hint is Any:
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError(f"expected true or false, got {_kind(value)}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected a whole number, got {_kind(value)}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"expected a number, got {_kind(value)}")
        try:
            number = float(value)
        except OverflowError:
            raise ValueError("the number is too large") from None
        if not math.isfinite(number):
            raise ValueError(f"expected a finite number, got {value}")
        return number
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {_kind(value)}")
        return value
    if hint is Path:
        if not isinstance(value, str):
            raise TypeError(f"expected a path, got {_kind(value)}")
        return Path(value).expanduser()
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "true/false", int: "a number", float: "a number", str: f"text {value!r}",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def describe(cls: type, indent: int = 0) -> str:
    """A commented YAML listing of every field and its default: the reference config."""
    lines: list[str] = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        pad = "  " * indent
        note = f.metadata.get("doc", "")
        if dataclasses.is_dataclass(hints[f.name]):
            lines.append(f"{pad}{f.name}:" + (f"  # {note}" if note else ""))
            lines.append(describe(hints[f.name], indent + 1))
            continue
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        if isinstance(default, Path):
            default = str(default)
        if isinstance(default, tuple):
            default = list(default)
        shown = yaml.safe_dump(default, default_flow_style=True).strip().removesuffix("...").strip()
        choices = f.metadata.get("choices")
        extra = f" [{' | '.join(map(str, choices))}]" if choices else ""
        lines.append(f"{pad}{f.name}: {shown}" + (f"  # {note}{extra}" if note or extra else ""))
    return "\n".join(lines)

"""Shared helpers: percentiles, machine info, the bundled commands, audio, child processes."""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import yaml

COMMANDS_FILE = Path(__file__).resolve().parent.parent / "data" / "bench" / "commands.yaml"
RATE = 16_000
NOISE_DBFS = -55.0       # background noise under every spoken line (pure digital silence confuses pocketsphinx)
SPEECH_FLOOR_DBFS = -50  # a 10 ms window of the clean synthesized clip louder than this is speech
RESULT_MARK = "GLASSES-BENCH-RESULT "


def pct(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100, linear interpolation), rounded; None for no values."""
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values, dtype=float), q)), 2)


def summary(values: list[float]) -> dict[str, Any]:
    return {"p50": pct(values, 50), "p95": pct(values, 95), "max": round(max(values), 2) if values else None,
            "n": len(values)}


def peak_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss), in MB."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


def machine_info() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        fields = {}
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip().lower(), value.strip())
        model = fields.get("model name") or fields.get("hardware") or fields.get("model") or model
    except OSError:
        pass
    try:
        mem_mb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20)
    except (ValueError, OSError, AttributeError):
        mem_mb = None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": model,
        "machine": platform.machine(),
        "memory_mb": mem_mb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
    }


def target(measured: float | None, limit: float, kind: str = "max", unit: str = "") -> dict[str, Any]:
    """A target entry: {"target": "<= 400 ms", "measured": ..., "met": bool or None when not measured}."""
    met = None if measured is None else (measured <= limit if kind == "max" else measured >= limit)
    sign = "<=" if kind == "max" else ">="
    return {"target": f"{sign} {limit:g}{(' ' + unit) if unit else ''}", "measured": measured, "met": met}


# --- the bundled commands -----------------------------------------------------------------

@dataclass(frozen=True)
class Command:
    say: str
    intent: str
    scene: str | None = None
    quick: bool = False

    @property
    def category(self) -> str:
        """core, day or look: the intent file the expected intent comes from."""
        return _categories().get(self.intent, "unknown")


@dataclass(frozen=True)
class Voice:
    voice: str
    speed: int
    quick: bool = False

    @property
    def label(self) -> str:
        return f"{self.voice}@{self.speed}"


_CATEGORY: dict[str, str] = {}


def _categories() -> dict[str, str]:
    """Intent name -> the skill that owns it (basics, day, look, ...)."""
    if not _CATEGORY:
        from glasses.skills.registry import installed

        registry = installed()
        for spec in registry.specs:
            for name in registry.owned_intents(spec):
                _CATEGORY.setdefault(name, spec.name)
    return _CATEGORY


def load_commands(path: Path = COMMANDS_FILE, quick: bool = False) -> tuple[list[Voice], list[Command], dict]:
    """(voices, commands, korean) from the bundled YAML; the quick subset when ``quick``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    _categories()
    voices = [Voice(str(v["voice"]), int(v["speed"]), bool(v.get("quick", False))) for v in data["voices"]]
    commands = [Command(str(c["say"]), str(c["intent"]), c.get("scene"), bool(c.get("quick", False)))
                for c in data["commands"]]
    if quick:
        voices = [v for v in voices if v.quick] or voices[:1]
        commands = [c for c in commands if c.quick] or commands[:4]
    return voices, commands, dict(data.get("korean") or {})


# --- audio ----------------------------------------------------------------------------------

def noise(n: int, rng: np.random.Generator, dbfs: float = NOISE_DBFS) -> np.ndarray:
    return rng.normal(0.0, 32768 * 10 ** (dbfs / 20), n)


def speech_bounds(clean: np.ndarray, floor_dbfs: float = SPEECH_FLOOR_DBFS) -> tuple[int, int]:
    """(first, last) sample of real speech in a clean synthesized clip: the 10 ms windows
    louder than ``floor_dbfs``. espeak-ng pads its output with silence; this finds the words."""
    win = RATE // 100
    n = len(clean) // win
    if n == 0:
        return 0, len(clean)
    frames = clean[: n * win].astype(np.float64).reshape(n, win) / 32768
    db = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
    loud = np.flatnonzero(db > floor_dbfs)
    if loud.size == 0:
        return 0, len(clean)
    return int(loud[0] * win), int((loud[-1] + 1) * win)


def to_pcm(samples: np.ndarray) -> bytes:
    return np.clip(np.round(samples), -32768, 32767).astype(np.int16).tobytes()


_clip_cache: dict[tuple[str, str, int], np.ndarray] = {}


def spoken(text: str, voice: str, speed: int) -> np.ndarray:
    """``text`` in an espeak-ng voice, trimmed to the words, float samples (cached)."""
    key = (text, voice, speed)
    if key not in _clip_cache:
        from glasses.scriptgen import synthesize

        clip = synthesize(text, voice, speed).astype(np.float64)
        first, last = speech_bounds(clip)
        _clip_cache[key] = clip[first:last]
    return _clip_cache[key]


def remember_clip(text: str, voice: str, speed: int, samples: np.ndarray) -> None:
    """Put a clip made elsewhere (another process: memory.voice_loop_inputs) where ``spoken`` finds it."""
    _clip_cache[(text, voice, speed)] = np.asarray(samples, dtype=np.float64)


# --- child processes --------------------------------------------------------------------------

def run_child(name: str, kwargs: dict[str, Any] | None = None, timeout: float = 600) -> dict[str, Any]:
    """Run ``glasses.benchmarks.child`` measure ``name`` in a fresh Python process.

    The result is the child's JSON dict, plus its wall time; a failure, crash or timeout
    becomes {"error": ...} so that one broken measure never stops the rest."""
    cmd = [sys.executable, "-m", "glasses.benchmarks.child", name, json.dumps(kwargs or {})]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    wall = round(time.perf_counter() - t0, 1)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            result = json.loads(line[len(RESULT_MARK):])
            result["wall_s_with_startup"] = wall
            return result
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-6:]
    return {"error": f"child exited with status {proc.returncode}", "stderr_tail": tail}


def config_to_plain(config) -> dict[str, Any]:
    """A Config as plain YAML-able data (so a child process can rebuild the same config)."""

    def plain(v):
        if dataclasses.is_dataclass(v):
            return {f.name: plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
        if isinstance(v, Path):
            return str(v)
        if isinstance(v, (tuple, list)):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v

    return plain(config)


def config_from_plain(data: dict[str, Any] | None):
    from glasses.config import Config
    from glasses.configfile import load_section

    if not data:
        return Config()
    return load_section(Config, yaml.safe_dump(data), "bench config")

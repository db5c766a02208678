"""Soak: what grows with session length, and whether due checks fire on time.

An 8-hour session on the virtual clock: 40 ms microphone chunks of silence (the wake word
and recognizer stay out: they do not keep state across turns), typed requests every few
minutes (timers, the time, help, the shopping list) through the real assistant, day skill
(real SQLite), HUD and espeak-ng voice. Reports resident memory each virtual hour, its
growth per hour after the first (warm-up) hour, and how late each timer rang relative to
its end (when the alarm is said), including timers that end while the assistant speaks.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from glasses.benchmarks.common import summary

CHUNK_MS = 40
REQUESTS = ("what time is it", "help", "add milk to my shopping list", "what's on my shopping list",
            "what are my timers")


def current_rss_mb() -> float:
    """Resident set size now (not the peak), from /proc."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])

    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2 ** 20, 1)


def run_soak(hours: float = 8.0) -> dict[str, Any]:
    from glasses.config import Config
    from glasses.day.config import DayConfig
    from glasses.day.skill import DaySkill
    from glasses.day.store import DayStore
    from glasses.events import AudioChunk, Say, TextInput, TimerChange
    from glasses.hud.state import HudTracker
    from glasses.runtime.build import build_text_assistant, build_voice
    from glasses.runtime.pipeline import Pipeline

    tz = timezone.utc
    with tempfile.TemporaryDirectory(prefix="glasses-soak-") as tmp:
        day_config = DayConfig(data_dir=Path(tmp), calendars=(), briefing_on_first_wake=False, alarm_repeat_s=5.0)
        day = DaySkill(day_config, tz=tz, store=DayStore(day_config.db_path))
        assistant = build_text_assistant(Config(), origin=datetime(2026, 3, 3, 6, 0, tzinfo=tz),
                                         skills=[day])
        assistant.p = replace(assistant.p, voice=build_voice(Config()))  # real speech durations
        pipeline = Pipeline(assistant, [HudTracker()])
        silence = bytes(2 * 16 * CHUNK_MS)
        end_ms = int(hours * 3_600_000)
        ends: dict[str, int] = {}
        late_ms: list[int] = []
        rss: list[float] = [current_rss_mb()]
        said = 0
        last_say_ms = 0
        n = 0
        for t in range(0, end_ms, CHUNK_MS):
            inputs: list = []
            if t % 150_000 == 20_000:  # a timer every 2.5 minutes, ending while something is said
                inputs.append(TextInput(t, f"set a timer for {1 + (t // 150_000) % 3} minutes"))
            elif t % 60_000 == 18_000:  # 2 s before a timer ends: it ends while this is said
                inputs.append(TextInput(t, REQUESTS[(t // 60_000) % len(REQUESTS)]))
            elif t % 150_000 == 120_000:
                inputs.append(TextInput(t, "stop"))
            inputs.append(AudioChunk(t, silence))
            for event in inputs:
                for out in pipeline.process(event):
                    if isinstance(out, TimerChange) and out.phase == "started":
                        ends[out.timer_id] = out.ends_at_ms
                    elif isinstance(out, TimerChange) and out.phase == "ringing":  # right after its Say
                        late_ms.append(last_say_ms - ends.pop(out.timer_id, out.ends_at_ms))
                    elif isinstance(out, Say):
                        said += 1
                        last_say_ms = out.t_ms
            n += 1
            if (t + CHUNK_MS) % 3_600_000 == 0:
                rss.append(current_rss_mb())
        day.close()
    growth = [b - a for a, b in zip(rss[1:], rss[2:])]
    return {
        "virtual_hours": hours, "chunks": n, "answers_said": said, "timers_rung": len(late_ms),
        "rss_mb_by_hour": rss,
        "rss_growth_mb_per_hour": round(sum(growth) / len(growth), 2) if growth else None,
        "timer_lateness_ms": summary([float(x) for x in late_ms]),
    }

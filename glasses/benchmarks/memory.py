"""Peak RSS (resource.getrusage ru_maxrss) per configuration, each in its own process.

Each function here is meant to run in a fresh child process (glasses.benchmarks.child), so the
figure belongs to that configuration alone rather than to everything the benchmark loaded before.
"""

from __future__ import annotations

import sys
from typing import Any

from glasses.benchmarks.common import Command, load_commands, peak_rss_mb

VOICE_LOOP_COMMANDS = (
    Command("what time is it", "get_time"),
    Command("what's the weather like tomorrow", "get_weather"),
    Command("add milk to my shopping list", "add_to_list"),
    Command("what's on my calendar today", "get_schedule"),
    # not a command: in auto mode the free-text fallback model loads, as it would on a miss
    Command("the quick brown fox jumps over the lazy dog", "none"),
    Command("what is this", "identify_product", scene="product"),
)


def current_rss_mb() -> float | None:
    """Resident set size now (VmRSS), in MB: the peak above includes the transient of loading
    models (CTranslate2 reads Whisper's float16 weights, then keeps them as int8)."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def baseline() -> dict[str, Any]:
    """The interpreter with numpy and the event types: the floor under every figure."""
    import glasses.events  # noqa: F401
    import numpy  # noqa: F401

    return {"peak_rss_mb": peak_rss_mb()}


def voice_loop(config, with_ocr: bool = False, quick: bool = False) -> dict[str, Any]:
    """The whole assistant (wake, VAD, recognizer, intents, day and look skills, TTS, HUD
    state) taking spoken commands; with ``with_ocr`` also a "read this" that loads OCR."""
    from glasses.benchmarks.speech import Driver, bench_config, fresh_pipeline, scene_images

    voices, _, _ = load_commands()
    voice = next(v for v in voices if v.voice != "piper")  # the neural test voice would weigh on the figure
    cfg = bench_config(config)
    commands = [c for c in VOICE_LOOP_COMMANDS if not quick or c.intent in ("get_time", "none", "identify_product")]
    if with_ocr:
        commands.append(Command("read this to me", "read_text", scene="label"))
    scenes = scene_images()
    out: dict[str, Any] = {}
    with fresh_pipeline(cfg) as pipeline:
        out["after_build_mb"] = peak_rss_mb()
        out["after_build_current_mb"] = current_rss_mb()
        driver = Driver(pipeline, scenes)
        rows = [driver.utterance(c, voice) for c in commands]
        out["end_current_mb"] = current_rss_mb()
    out.update({
        "peak_rss_mb": peak_rss_mb(),
        "commands": [c.say for c in commands],
        "answered": sum(r.get("answer") is not None for r in rows),
        "ocr_loaded": any(m.startswith("rapidocr") for m in sys.modules),
        "free_text_model_used": any((r.get("engine") or "").endswith("-free") for r in rows),
    })
    return out

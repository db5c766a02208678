"""Peak RSS (resource.getrusage ru_maxrss) per configuration, each in its own process.

Each function here is meant to run in a fresh child process (glasses.benchmarks.child), so the
figure belongs to that configuration alone rather than to everything the benchmark loaded before.
The voice loop's inputs (the spoken clips, resampled from espeak-ng's 22,050 Hz, and the camera
scenes, drawn with OpenCV) are made in a process of their own and handed over in a file: making
them in the measured process loaded about 170 MB (SciPy's signal module, OpenCV, the images) that
the assistant does not need for them (``voice_loop_inputs``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from glasses.benchmarks.common import Command, load_commands, peak_rss_mb, remember_clip, run_child, spoken

WAKE_PHRASE = "hey jarvis"

VOICE_LOOP_COMMANDS = (
    Command("what time is it", "get_time"),
    Command("what's the weather like tomorrow", "get_weather"),
    Command("add milk to my shopping list", "add_to_list"),
    Command("what's on my calendar today", "get_schedule"),
    # not a command: in auto mode the free-text fallback model loads, as it would on a miss
    Command("the quick brown fox jumps over the lazy dog", "none"),
    Command("what is this", "identify_product", scene="product"),
)


HEAVY = ("scipy.signal", "cv2", "rapidocr_onnxruntime", "av", "faster_whisper")


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


def voice_and_commands(with_ocr: bool, quick: bool):
    voices, _, _ = load_commands()
    voice = next(v for v in voices if v.voice != "piper")  # the neural test voice would weigh on the figure
    commands = [c for c in VOICE_LOOP_COMMANDS if not quick or c.intent in ("get_time", "none", "identify_product")]
    if with_ocr:
        commands.append(Command("read this to me", "read_text", scene="label"))
    return voice, commands


def voice_loop_inputs(out: str, with_ocr: bool = False, quick: bool = False) -> dict[str, Any]:
    """Writes the voice loop's inputs to ``out`` (.npz): the wake phrase and each command in the
    test voice, and the camera scenes. Run in its own child process, so that the measured one
    loads neither SciPy (the clips' resampling) nor OpenCV (the scenes' drawing) for them."""
    from glasses.benchmarks.speech import scene_images

    voice, commands = voice_and_commands(with_ocr, quick)
    texts = [WAKE_PHRASE] + [c.say for c in commands]
    arrays = {f"clip_{i}": spoken(t, voice.voice, voice.speed) for i, t in enumerate(texts)}
    arrays.update({f"scene_{name}": image for name, image in scene_images().items()})
    np.savez(out, **arrays)
    return {"clips": len(texts)}


def _made_inputs(with_ocr: bool, quick: bool) -> tuple[Any, list[Command], dict[str, np.ndarray]]:
    """(voice, commands, scenes), the clips remembered for ``spoken``, made by another process."""
    voice, commands = voice_and_commands(with_ocr, quick)
    texts = [WAKE_PHRASE] + [c.say for c in commands]
    with tempfile.TemporaryDirectory(prefix="glasses-bench-rss-") as tmp:
        path = Path(tmp) / "inputs.npz"
        made = run_child("rss_voice_loop_inputs", {"out": str(path), "with_ocr": with_ocr, "quick": quick})
        if "error" in made:
            raise RuntimeError(f"making the voice loop's inputs: {made['error']}")
        with np.load(path) as data:
            for i, text in enumerate(texts):
                remember_clip(text, voice.voice, voice.speed, data[f"clip_{i}"])
            scenes = {k[len("scene_"):]: data[k] for k in data.files if k.startswith("scene_")}
    return voice, commands, scenes


def voice_loop(config, with_ocr: bool = False, quick: bool = False, warm: bool = False) -> dict[str, Any]:
    """The whole assistant (wake, VAD, recognizer, intents, day and look skills, TTS, HUD
    state) taking spoken commands; with ``with_ocr`` also a "read this" that loads OCR; with
    ``warm`` every skill first does the start-up work ``glasses run`` and ``glasses emulate`` do
    before listening (Background.start: the calendar and city list, the face-blur model, the
    memory skill's embedding model), which a replay does not."""
    from glasses.benchmarks.speech import Driver, bench_config, fresh_pipeline
    from glasses.skills.base import Context, Warms

    cfg = bench_config(config)
    voice, commands, scenes = _made_inputs(with_ocr, quick)
    out: dict[str, Any] = {"before_build_mb": peak_rss_mb()}
    with fresh_pipeline(cfg) as pipeline:
        out["after_build_mb"] = peak_rss_mb()
        out["after_build_current_mb"] = current_rss_mb()
        if warm:
            for skill in pipeline.built.skills:
                if isinstance(skill, Warms):
                    skill.warm(Context(now=pipeline.assistant.p.origin, t_ms=0))
            out["after_warm_mb"] = peak_rss_mb()
            out["after_warm_current_mb"] = current_rss_mb()
        driver = Driver(pipeline, scenes)
        rows = [driver.utterance(c, voice) for c in commands]
        out["end_current_mb"] = current_rss_mb()
    out.update({
        "peak_rss_mb": peak_rss_mb(),
        "commands": [c.say for c in commands],
        "answered": sum(r.get("answer") is not None for r in rows),
        "ocr_loaded": any(m.startswith("rapidocr") for m in sys.modules),
        # what the loop loaded of the libraries that only some of its parts need
        "heavy_modules_loaded": [m for m in HEAVY if m in sys.modules],
        "free_text_model_used": any((r.get("engine") or "").endswith("-free") for r in rows),
    })
    return out

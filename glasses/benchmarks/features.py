"""Entry points of the feature benchmarks (day, look, hud, emulator in this package), and look
request -> first audio.

Each runs in its own child process (glasses.benchmarks.child) so that one failing, or one
loading large models, does not affect the others.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

from glasses.benchmarks.common import peak_rss_mb, summary


def barcode_dir() -> Path | None:
    """$GLASSES_BARCODES, else ../shared/data/barcodes beside the repository."""
    import glasses

    env = os.environ.get("GLASSES_BARCODES")
    path = Path(env) if env else Path(glasses.__file__).resolve().parents[2] / "shared" / "data" / "barcodes"
    return path if path.is_dir() else None


def day(quick: bool) -> dict[str, Any]:
    from glasses.benchmarks.day import run

    return run(rounds=3 if quick else 20)


def look(quick: bool) -> dict[str, Any]:
    from glasses.benchmarks.look import run_bench

    folder = barcode_dir()
    if folder is None:
        return {"skipped": "no barcode photos: set $GLASSES_BARCODES or put them in ../shared/data/barcodes"}
    out = run_bench(folder, look_runs=3 if quick else 15, ocr_runs=1 if quick else 5)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def hud(quick: bool) -> dict[str, Any]:
    from glasses.benchmarks.hud import bench_hud

    n = 60 if quick else 300
    return bench_hud(updates=n, frames=n)


def emulator(quick: bool) -> dict[str, Any]:
    from glasses.benchmarks.emulator import bench_emulator

    return bench_emulator(frames=60) if quick else bench_emulator()


def look_request(config, quick: bool) -> dict[str, Any]:
    """Look request -> first audio sample of the answer, through the whole assistant.

    A typed "what is this" (TextInput: no speech recognition in the figure) turns the camera on;
    the next event is a camera frame of a barcoded demo product photographed at a slight angle
    with blur; the figure is the wall time of both process() calls until the SpeechAudio event
    exists (see + barcode decode + catalog + answer + TTS render). Camera start-up and the first
    frame's exposure are not included (a rig keeps the camera warm or pays them on top)."""
    from glasses.benchmarks.speech import PRODUCT_CODE, Driver, TimedVoice, bench_config, fresh_pipeline
    from glasses.runtime.build import build_voice
    from glasses.events import Frame, Say, SpeechAudio, TextInput
    from glasses.look.synth import Variation, package, photograph

    runs = 4 if quick else 20
    frames = [photograph(package(PRODUCT_CODE, ["Northfield", "OAT DRINK"], None, seed=s),
                         Variation(blur=0.6 + 0.1 * (s % 4), tilt=0.06, rotate=3 + s % 5), seed=s)
              for s in range(runs + 1)]
    cfg = bench_config(config)
    tts = TimedVoice(build_voice(cfg))
    times, first_frame_hits, answers = [], 0, set()
    with fresh_pipeline(cfg, voice=tts) as pipeline:
        driver = Driver(pipeline, {})
        t_ms = 1000
        for i, bgr in enumerate(frames):
            t0 = time.perf_counter()
            outs = list(pipeline.process(TextInput(t_ms, "what is this")))
            got = [e for e in outs if isinstance(e, SpeechAudio)]
            n = 0
            while not got and n < 30:  # same frame again if the first one was not enough
                n += 1
                outs = list(pipeline.process(Frame(t_ms + 67 * n, bgr)))
                got = [e for e in outs if isinstance(e, SpeechAudio)]
            elapsed = (time.perf_counter() - t0) * 1000
            say = next((e for e in outs if isinstance(e, Say)), None)
            if i == 0:
                cold = elapsed  # first look: barcode reader and catalog warm up
            else:
                times.append(elapsed)
                first_frame_hits += n == 1
                answers.add(say.text if say else "")
            driver.t_ms = t_ms + 67 * n
            driver.settle()  # the answer (and the first wake's briefing) plays out, untimed
            t_ms = driver.t_ms + 1000
    return {
        "look_request_to_first_audio_ms": summary([round(t, 1) for t in times]),
        "cold_first_look_ms": round(cold, 1),
        "answered_on_first_frame": f"{first_frame_hits}/{len(times)}",
        "tts_render_ms_p50": round(statistics.median(tts.times), 1) if tts.times else None,
        "answers": sorted(answers),
        "note": "typed request + one 640x480 frame: see, decode, answer, TTS; excludes camera start-up",
    }

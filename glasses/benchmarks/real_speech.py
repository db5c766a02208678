"""Real people: slot-phrase recall on the coffee-order clips (``../shared/data/speech/coffee-orders``).

The set's README defines the measure: the share of labelled slot phrases found, as words, in
the recognizer's free-text transcript, with numbers written as words and case and punctuation
ignored. Noise: the set's ``kitchen-noise.wav`` mixed in at a chosen signal-to-noise ratio
(speech power over the whole clip against noise power), the noise taken from a fixed offset
per clip so every run hears the same mix.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from glasses.benchmarks.common import pct


def coffee_dir() -> Path | None:
    """$GLASSES_SPEECH_DATA, else ../shared/data/speech/coffee-orders beside the repository."""
    import glasses

    env = os.environ.get("GLASSES_SPEECH_DATA")
    path = (Path(env) if env else
            Path(glasses.__file__).resolve().parents[2] / "shared" / "data" / "speech" / "coffee-orders")
    return path if (path / "labels.json").is_file() else None


def words(text: str) -> list[str]:
    """Lowercase words with numbers spelled out ("12-ounce" -> twelve ounce)."""
    from glasses.understand.parser import number_words

    out: list[str] = []
    for token in re.findall(r"[a-z]+(?:'[a-z]+)?|\d+", text.lower()):
        if token.isdigit():
            out += number_words(int(token)).split() if int(token) < 1000 else [token]
        else:
            out.append(token)
    return out


def has_phrase(transcript: list[str], phrase: str) -> bool:
    want = words(phrase)
    n = len(want)
    return n > 0 and any(transcript[i:i + n] == want for i in range(len(transcript) - n + 1))


# --quick measures a fixed subset spread over the 124 clips (full runs measure them all)
QUICK_EVERY_RECALL = 8         # 16 clips, in each of quiet, 20 dB and 10 dB
QUICK_EVERY_FALSE_ACTION = 16  # 8 clips through the whole assistant


@dataclass(frozen=True)
class Clip:
    path: Path
    phrases: tuple[str, ...]


def load_clips(folder: Path, limit: int | None = None, every: int = 1) -> list[Clip]:
    """The labelled clips in name order; ``every``: only every n-th of them (the first, the
    n+1-th, ...: a fixed subset spread over the whole set), then at most ``limit``."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    clips = [Clip(folder / "clips" / name, tuple(p.strip() for p in row.get("slots", {}).values() if p.strip()))
             for name, row in sorted(labels.items())][::max(every, 1)]
    return clips[:limit] if limit else clips


def clip_count(folder: Path) -> int:
    return len(json.loads((folder / "labels.json").read_text(encoding="utf-8")))


def subset_note(used: int, folder: Path, every: int) -> str:
    """How much of the set a --quick run measured, for its JSON: "quick: 31 of 124 clips (every 4th)"."""
    return f"quick: {used} of {clip_count(folder)} clips (every {_ordinal(every)})"


def _ordinal(n: int) -> str:
    return {2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def mix(clean: np.ndarray, noise: np.ndarray, snr_db: float, offset: int) -> np.ndarray:
    """``clean`` with ``noise`` (looped from ``offset``) at ``snr_db`` (int16 in, int16 out)."""
    x = clean.astype(np.float64)
    reps = int(np.ceil((offset + x.size) / max(noise.size, 1))) + 1
    n = np.tile(noise.astype(np.float64), reps)[offset:offset + x.size]
    ps, pn = float(np.mean(x ** 2)) or 1.0, float(np.mean(n ** 2)) or 1.0
    y = x + n * np.sqrt(ps / (pn * 10 ** (snr_db / 10)))
    return np.clip(y, -32768, 32767).astype(np.int16)


def slot_recall(transcribe: Callable[[np.ndarray], str], folder: Path, snr_db: float | None = None,
                limit: int | None = None, progress: Callable[[int, int], None] | None = None,
                every: int = 1) -> dict[str, Any]:
    """Slot-phrase recall of ``transcribe`` (int16 16 kHz -> text) over the clips (``every``: every
    n-th clip only, stated in the result's ``subset``)."""
    from glasses.audio import read_wav

    clips = load_clips(folder, limit, every)
    noise = read_wav(folder / "kitchen-noise.wav") if snr_db is not None else None
    found = total = 0
    ms: list[float] = []
    missed: list[dict[str, str]] = []
    for i, clip in enumerate(clips):
        audio = read_wav(clip.path)
        if noise is not None:
            audio = mix(audio, noise, snr_db, offset=(i * 7919 * 16) % max(noise.size, 1))
        t0 = time.perf_counter()
        text = transcribe(audio)
        ms.append((time.perf_counter() - t0) * 1000)
        got = words(text)
        for phrase in clip.phrases:
            total += 1
            if has_phrase(got, phrase):
                found += 1
            elif len(missed) < 12:
                missed.append({"phrase": phrase, "heard": text})
        if progress:
            progress(i + 1, len(clips))
    out = {"clips": len(clips), "phrases": total, "found": found,
           "recall": round(found / total, 3) if total else None,
           "ms_p50": pct(ms, 50), "ms_p95": pct(ms, 95), "missed_examples": missed}
    if every > 1:
        out["subset"] = subset_note(len(clips), folder, every)
    return out


SIDE_EFFECT_INTENTS = ("start_timer", "cancel_timer", "pause_timer", "resume_timer", "add_to_list",
                       "remove_from_list", "set_reminder", "add_product_to_list", "remember_product")


def _push_to_talk(pipeline: Any, audio: np.ndarray, t_ms: int) -> tuple[list, int]:
    """A button press, then ``audio`` in 40 ms chunks, then time for any answer to end."""
    from glasses.events import AudioChunk, Button

    audio = np.concatenate([audio, np.zeros(16 * 1500, np.int16)])
    outputs = list(pipeline.process(Button(t_ms, "press")))
    for i in range(0, audio.size - 640 + 1, 640):
        outputs += pipeline.process(AudioChunk(t_ms + i // 16, audio[i:i + 640].tobytes()))
    t_ms += audio.size // 16
    outputs += pipeline.finish(t_ms)
    return outputs, t_ms + 20_000


def _side_effects(outputs: list) -> list[str]:
    from glasses.events import Camera, Intent

    did = [e.name for e in outputs if isinstance(e, Intent) and e.name in SIDE_EFFECT_INTENTS]
    return did + ["camera on"] * any(isinstance(e, Camera) and e.on for e in outputs)


def false_actions(config, folder: Path, limit: int | None = None, every: int = 1) -> dict[str, Any]:
    """Real speech that is not a command for us (the coffee orders), each after a button press,
    through the whole assistant: how many did something (a side-effect intent, the camera on)?"""
    from glasses.audio import read_wav
    from glasses.benchmarks.speech import fresh_pipeline
    from glasses.events import Intent

    clips = load_clips(folder, limit, every)
    acted: list[dict[str, str]] = []
    intents: dict[str, int] = {}
    with fresh_pipeline(config) as pipeline:
        t = 0
        for clip in clips:
            outputs, t = _push_to_talk(pipeline, read_wav(clip.path), t)
            for e in outputs:
                if isinstance(e, Intent):
                    intents[e.name] = intents.get(e.name, 0) + 1
            if did := _side_effects(outputs):
                acted.append({"clip": clip.path.name, "did": ", ".join(did)})
    out = {"clips": len(clips), "clips_with_side_effects": len(acted), "examples": acted[:10],
           "intents_parsed": intents}
    if every > 1:
        out["subset"] = subset_note(len(clips), folder, every)
    return out


def run_real_people(config, quick: bool) -> dict[str, Any]:
    """Slot-phrase recall (quiet, 20 dB and 10 dB kitchen noise) of the configured recognizer, and
    false actions on the same real speech (and on everyday sentences in the test voices) through
    the whole assistant."""
    from glasses.runtime.build import build_parser
    from glasses.stt.choose import build_transcriber, engine_name
    from glasses.benchmarks.common import peak_rss_mb
    from glasses.stt.base import transcribe

    folder = coffee_dir()
    if folder is None:
        return {"skipped": "no coffee-order clips: set $GLASSES_SPEECH_DATA or put them in ../shared/data/speech"}
    recognizer = build_transcriber(config, build_parser())
    run = lambda samples: transcribe(recognizer, samples.tobytes())  # noqa: E731
    out: dict[str, Any] = {"engine": engine_name(config), "clips": folder.name}
    for label, snr in (("quiet", None), ("snr_20db", 20.0), ("snr_10db", 10.0)):  # --quick: 16 of 124 clips
        out[label] = slot_recall(run, folder, snr, every=QUICK_EVERY_RECALL if quick else 1)
    out["false_actions"] = false_actions(config, folder, every=QUICK_EVERY_FALSE_ACTION if quick else 1)
    out["false_actions_synthetic"] = false_actions_synthetic(config, ("piper",) if quick else ("piper", "en-us"),
                                                             every=2 if quick else 1)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


# Everyday sentences a wearer might say near the glasses, or hear, that are not requests to them.
NOT_COMMANDS = (
    "I think we should leave a bit earlier tomorrow",
    "the train was late again this morning",
    "can you pass me the salt please",
    "she said the meeting went really well",
    "let's get lunch at that new place on the corner",
    "my brother is visiting next weekend",
    "I don't remember where I parked the car",
    "that film was much longer than I expected",
    "we ran out of coffee at the office",
    "the kids have a football match on Saturday",
)


def false_actions_synthetic(config, voices: tuple[str, ...] = ("piper", "en-us"), every: int = 1) -> dict[str, Any]:
    """NOT_COMMANDS (``every``: every n-th of them) spoken by the test voices, each after a
    button press, through the assistant."""
    from glasses.benchmarks.speech import fresh_pipeline
    from glasses.scriptgen import synthesize

    acted: list[dict[str, str]] = []
    sentences = NOT_COMMANDS[::max(every, 1)]
    with fresh_pipeline(config) as pipeline:
        t = 0
        for voice in voices:
            for sentence in sentences:
                audio = np.concatenate([np.zeros(16 * 300, np.int16), synthesize(sentence, voice, 160)])
                outputs, t = _push_to_talk(pipeline, audio, t)
                if did := _side_effects(outputs):
                    acted.append({"voice": voice, "said": sentence, "did": ", ".join(did)})
    out = {"utterances": len(voices) * len(sentences), "with_side_effects": len(acted), "examples": acted[:10]}
    if every > 1:
        out["subset"] = f"quick: {len(sentences)} of {len(NOT_COMMANDS)} sentences per voice"
    return out

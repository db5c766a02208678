"""Cut-offs: how often the end of a command is decided before the wearer has finished speaking.

The assistant's own ear (glasses.assistant.listening.CommandEar: Silero VAD, the endpointer, the
default recognizer with its decode at each pause, and the semantic end-of-turn judge) hears
each utterance from its first sample, in 40 ms chunks, as it does after a wake. A **cut-off** is
an end decided before the last speech of the utterance (for synthesized lines: where the words
really end, the last 10 ms louder than -50 dBFS; for real recordings: the end of the last 30 ms
frame the VAD, run over the whole clip, calls speech). Each utterance is heard twice in the same
run: with ``listen.early_end_ms`` 0 (always the full endpoint silence: the assistant before) and
with the configured value (semantic end of turn), so the two rates compare.

Sets, by voice family:

- ``commands``: the bench's spoken commands, said straight through (espeak-ng and the Piper voice);
- ``paused``: commands with a pause inside, where a person stops to think ("set a timer for
  five ... minutes"), the pause ``PAUSE_MS`` long: shorter than the full endpoint, so the assistant
  before never cut these;
- ``afterthoughts``: a complete question, a pause, then more ("will it rain today ... in London"):
  the case semantic end of turn gives up, reported apart;
- ``real people``: the coffee-order recordings (people pause mid-order; none is a command); with
  ``--quick`` every ``QUICK_EVERY_CLIP``-th of them (31 of 124), stated in ``coffee_clips``, with
  every 4th straight command and every 2nd paused one (stated in ``commands`` and ``paused``).
"""

from __future__ import annotations

import dataclasses
import time
from types import SimpleNamespace
from typing import Any

import numpy as np

from glasses.benchmarks.common import RATE, load_commands, noise, spoken, to_pcm

CHUNK = 640          # 40 ms, the live microphone's chunk
PAUSE_MS = 200       # a thinking pause inside a command
QUICK_EVERY_CLIP = 4  # --quick hears every 4th real recording (the full run hears them all)
QUICK_EVERY_COMMAND = 4  # and every 4th straight command (6 of 24),
QUICK_EVERY_PAUSED = 2   # every 2nd paused one (6 of 12); the afterthoughts whole
PAUSED = [("set a timer for five", "minutes"), ("set a timer for", "ten minutes"),
          ("what's the weather", "in London"), ("what's on my calendar", "for tomorrow"),
          ("remind me to", "call mum at five pm"), ("add oat milk", "to my shopping list"),
          ("what time", "is it"), ("am i free", "at three"), ("is it going to rain", "this afternoon"),
          ("what's the weather like", "tomorrow"), ("how much time is left", "on the pizza timer"),
          ("what's next", "on my calendar")]
AFTERTHOUGHTS = [("will it rain today", "in London"), ("what's the weather like tomorrow", "in Paris")]


def _ear(config, transcriber, judge):
    from glasses.assistant.listening import CommandEar
    from glasses.vad import SileroVad

    listen = config.listen
    parts = SimpleNamespace(
        vad=SileroVad(), transcriber=transcriber, vad_threshold=listen.vad_threshold,
        timeout_ms=int(listen.timeout_s * 1000), endpoint_silence_ms=listen.endpoint_silence_ms,
        min_speech_ms=listen.min_speech_ms, max_command_ms=int(listen.max_command_s * 1000),
        turn=judge, early_end_ms=listen.early_end_ms)
    return CommandEar(parts)


def hear(ear, audio: np.ndarray) -> tuple[int | None, bool, str]:
    """(session ms of the end, ended early, transcript) of one utterance heard from its start."""
    from glasses.events import AudioChunk

    ear.reset()
    pcm = np.clip(np.round(audio), -32768, 32767).astype(np.int16)
    for i in range(0, pcm.size, CHUNK):
        piece = pcm[i:i + CHUNK]
        if piece.size < CHUNK:
            piece = np.pad(piece, (0, CHUNK - piece.size))
        got = ear.hear(AudioChunk(i * 1000 // RATE, piece.tobytes()), piece, [], lambda t: None)
        if got is not None:
            text = ear.p.transcriber.finish() if ear.feeding else ""
            ear.feeding = False
            return got[1], ear.early is not None, text
    if ear.feeding:
        ear.p.transcriber.finish()
        ear.feeding = False
    return None, False, ""


def last_speech_ms(audio: np.ndarray, threshold: float) -> int:
    """End of the last 30 ms frame the VAD calls speech, over the whole recording."""
    from glasses.vad import SileroVad

    probs = SileroVad().probabilities(np.clip(audio, -32768, 32767).astype(np.int16))
    voiced = [i for i, p in enumerate(probs) if p >= threshold]
    return (voiced[-1] + 1) * 30 if voiced else 0


def _line(parts: list[str], voice: str, speed: int, rng, pause_ms: int = PAUSE_MS) -> tuple[np.ndarray, int]:
    """Lead noise, the words with PAUSE_MS between parts, tail noise; (audio, where words end ms)."""
    lead = noise(int(0.3 * RATE), rng)
    pieces = [lead]
    for i, text in enumerate(parts):
        if i:
            pieces.append(noise(int(pause_ms * RATE / 1000), rng))
        clip = spoken(text, voice, speed)
        pieces.append(clip + noise(len(clip), rng))
    end = sum(len(p) for p in pieces) * 1000 // RATE
    pieces.append(noise(int(1.5 * RATE), rng))
    return np.concatenate(pieces), end


def _family(voice: str) -> str:
    return "piper" if voice.startswith("piper") else "espeak"


def run_cut_offs(config, quick: bool, coffee_limit: int | None = None) -> dict[str, Any]:
    from glasses.audio import read_wav
    from glasses.benchmarks.real_speech import coffee_dir, load_clips, subset_note
    from glasses.runtime.build import build_parser
    from glasses.skills.registry import installed
    from glasses.stt.base import NullRecognizer
    from glasses.stt.choose import build_transcriber
    from glasses.understand.turn import TurnJudge

    t0 = time.perf_counter()
    parser = build_parser()
    judge = TurnJudge(parser, installed().side_effects())
    before_cfg = dataclasses.replace(config, listen=dataclasses.replace(config.listen, early_end_ms=0))
    before = _ear(before_cfg, NullRecognizer(), None)     # the full silence: no recognizer needed to decide
    after = _ear(config, build_transcriber(config, parser), judge)
    voices, commands, _ = load_commands(quick=False)
    every_command = QUICK_EVERY_COMMAND if quick else 1
    all_commands, commands = len(commands), commands[::every_command]
    every_paused = QUICK_EVERY_PAUSED if quick else 1
    if quick:
        voices = [v for v in voices if v.quick] or voices[:2]
    rng = np.random.default_rng(11)
    rows: list[dict[str, Any]] = []

    def measure(kind: str, family: str, label: str, audio: np.ndarray, end_ms: int, **extra: Any) -> None:
        row = {"set": kind, "family": family, "say": label, "speech_end_ms": end_ms, **extra}
        for name, ear in (("before", before), ("after", after)):
            t_end, early, text = hear(ear, audio)
            row[name] = {"end_ms": t_end, "cut": t_end is not None and t_end < end_ms, "early": early}
            if name == "after":
                row["heard"] = text
        rows.append(row)

    for v in voices:
        for c in commands:
            audio, end = _line([c.say], v.voice, v.speed, rng)
            measure("commands", _family(v.voice), c.say, audio, end)
        for kind, lines in (("paused", PAUSED[::every_paused]), ("afterthoughts", AFTERTHOUGHTS)):
            for parts in lines:
                audio, end = _line(list(parts), v.voice, v.speed, rng)
                measure(kind, _family(v.voice), " ... ".join(parts), audio, end)
    folder = coffee_dir()
    every = QUICK_EVERY_CLIP if quick else 1  # --quick: a fixed subset spread over the set
    clips = load_clips(folder, coffee_limit, every) if folder is not None else []
    if folder is not None:
        for clip in clips:
            audio = read_wav(clip.path).astype(np.float64)
            audio = np.concatenate([audio, noise(int(1.5 * RATE), rng, -70)])
            measure("real people", "real people", clip.path.name, audio,
                    last_speech_ms(audio, config.listen.vad_threshold))
    out: dict[str, Any] = {"pause_ms": PAUSE_MS, "early_end_ms": config.listen.early_end_ms,
                           "endpoint_silence_ms": config.listen.endpoint_silence_ms,
                           "coffee_clips": "found" if folder is not None else "not found"}
    if folder is not None and every > 1:
        out["coffee_clips"] = subset_note(len(clips), folder, every)
    if quick:
        out["commands"] = f"quick: {len(commands)} of {all_commands} commands per voice (every {every_command}th)"
        out["paused"] = f"quick: {len(PAUSED[::every_paused])} of {len(PAUSED)} paused commands per voice (every 2nd)"
    table: dict[str, Any] = {}
    for row in rows:
        key = f"{row['set']} / {row['family']}"
        cell = table.setdefault(key, {"utterances": 0, "cut_before": 0, "cut_after": 0, "ended_early": 0})
        cell["utterances"] += 1
        cell["cut_before"] += row["before"]["cut"]
        cell["cut_after"] += row["after"]["cut"]
        cell["ended_early"] += row["after"]["early"]
    for cell in table.values():
        n = cell["utterances"]
        cell["cut_off_rate_before"] = round(cell["cut_before"] / n, 3)
        cell["cut_off_rate_after"] = round(cell["cut_after"] / n, 3)
    out["by_set"] = table
    counted = [r for r in rows if r["set"] != "afterthoughts"]
    out["cut_offs_before"] = f"{sum(r['before']['cut'] for r in counted)}/{len(counted)}"
    out["cut_offs_after"] = f"{sum(r['after']['cut'] for r in counted)}/{len(counted)}"
    out["more_cut_offs_than_before"] = sum(r["after"]["cut"] and not r["before"]["cut"] for r in counted)
    out["cut_by_early_end"] = [{k: r[k] for k in ("set", "family", "say", "heard")} for r in counted
                               if r["after"]["cut"] and not r["before"]["cut"]][:20]
    out["afterthoughts_cut"] = [{k: r[k] for k in ("family", "say", "heard")} for r in rows
                                if r["set"] == "afterthoughts" and r["after"]["cut"]]
    out["wall_s"] = round(time.perf_counter() - t0, 1)
    return out

"""Spoken commands through the whole assistant: end of speech -> first audio, and accuracy.

For each bundled command in each espeak-ng voice, the microphone stream is

    1.0 s noise | "hey jarvis" | 0.7 s noise | command | 1.5 s noise (more if no answer yet)

with Gaussian noise at -55 dBFS under everything, fed in 40 ms AudioChunks (the live
microphone's chunk size) to a Pipeline that the composition root (glasses/runtime/build.py) builds
exactly as for a replay: a fresh data folder, every skill, the HUD tracker. While the
assistant looks (a Camera on event), each chunk is preceded by a camera Frame of the
command's scene, as the live loop does. If the wake word is missed, a button press starts
listening instead (counted), so the command is still measured.

Latency is computed on a *live clock model* of the single-threaded live loop
(glasses/live.py): chunk k arrives when its audio has been captured (a_k = t_k + chunk length) and is
processed once it has arrived and the previous chunk is done (f_k = max(f_{k-1}, a_k) + w_k,
w_k the measured wall time of pipeline.process). The first audio sample of the answer exists
when the chunk that produced the SpeechAudio event is done:

    latency = f_K - speech_end

speech_end is where the command's words really end (the last 10 ms window of the clean clip
louder than -50 dBFS). So the figure includes the endpoint silence the VAD waited, the chunk
granularity, any backlog, and recognizer finish + intent + skill + TTS render. It excludes the
sound card's output buffer. ``serial_upper_bound`` is the simpler sum from the brief:
(arrival of the chunk holding the endpoint - speech_end) + all processing wall time from the
chunk holding speech_end to the answer, as if no processing overlapped the silence.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

import numpy as np

from glasses.benchmarks.common import (
    RATE,
    Command,
    Voice,
    load_commands,
    noise,
    pct,
    spoken,
    summary,
    to_pcm,
)
from glasses.devices.mic import CHUNK_MS as MIC_CHUNK_MS

CHUNK = 16 * MIC_CHUNK_MS    # samples: the live microphone's chunk
CHUNK_MS = CHUNK * 1000 // RATE
LEAD_S, PAUSE_S, TAIL_S, EXTRA_S = 1.0, 0.7, 1.5, 4.0
TZ = ZoneInfo("Europe/London")
ORIGIN = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)     # the day of the bundled demo forecast
DEMO_HOME = {"home_name": "London", "home_lat": 51.5072, "home_lon": -0.1276}
PRODUCT_CODE = "2000001000014"                     # a demo-catalog product
BREAKDOWN = ("endpoint_wait_ms", "after_endpoint_ms", "backlog_ms", "answer_step_ms")
TAPS = ("decode_ms", "parse_ms", "render_ms")   # wall time inside the steps (Taps), from the command's start
LOOKING = ("identify_product", "product_price", "product_reviews", "product_details", "read_text",
           "add_product_to_list")


class _NullSpeaker:
    def play(self, pcm: bytes) -> None:
        pass

    def queue(self, pcm: bytes) -> None:
        pass

    def stop(self) -> None:
        pass


class Taps:
    """Wall time spent in the recognizer's decode (``peek`` waiting for the decode-ahead, and
    ``finish``), in the intent parser and in speech rendering, per utterance: the breakdown of
    the answer step. Installed on the built pipeline's own objects; they still do the work."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = defaultdict(float)

    def wrap(self, obj: Any, method: str, key: str) -> None:
        inner = getattr(obj, method, None)
        if not callable(inner):
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.ms[key] += (time.perf_counter() - t0) * 1000

        setattr(obj, method, timed)

    def install(self, pipeline: Any) -> "Taps":
        parts = pipeline.assistant.p
        for method in ("peek", "finish"):
            self.wrap(parts.transcriber, method, "decode_ms")
        self.wrap(parts.parser, "parse_scored", "parse_ms")
        return self

    def take(self) -> dict[str, float]:
        out = {k: round(v, 1) for k, v in self.ms.items()}
        self.ms.clear()
        return out


class TimedVoice:
    """Wraps a voice and records how long each render took (ms)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.rate_hz = getattr(inner, "rate_hz", RATE)
        self.times: list[float] = []
        self.taps: Taps | None = None

    def render(self, text: str) -> bytes:
        t0 = time.perf_counter()
        pcm = self.inner.render(text)
        self.times.append((time.perf_counter() - t0) * 1000)
        if self.taps is not None and "render_ms" not in self.taps.ms:  # the first sentence
            self.taps.ms["render_ms"] = self.times[-1]
        return pcm


def bench_config(config, engine: str | None = None, mode: str | None = None):
    """``config`` with the recognizer chosen, and the demo home when none is set (so weather
    questions are answered from the bundled forecast)."""
    stt = config.stt
    if engine:
        stt = dataclasses.replace(stt, engine=engine)
    if mode:
        stt = dataclasses.replace(stt, mode=mode)
    day = config.day
    if day.home is None:
        day = dataclasses.replace(day, **DEMO_HOME)
    return dataclasses.replace(config, stt=stt, day=day)


@contextmanager
def fresh_pipeline(config, voice: Any = None) -> Iterator[Any]:
    """The whole assistant as the composition root builds it for a replay: fresh state in a
    temporary folder, the bundled demo calendar and forecast (as a session's recorded files), the
    demo product catalog, the HUD tracker."""
    from glasses.day.config import DEMO_CALENDAR, DEMO_FORECAST
    from glasses.runtime.build import build

    with tempfile.TemporaryDirectory(prefix="glasses-bench-") as tmp:
        root = Path(tmp) / "session"
        (root / "weather").mkdir(parents=True)
        shutil.copyfile(DEMO_CALENDAR, root / "calendar.ics")
        shutil.copyfile(DEMO_FORECAST, root / "weather" / "forecast.json")
        built = build(config, origin=ORIGIN, tz=TZ, speaker=_NullSpeaker(), voice=voice, replay=True,
                      session_root=root, data_dir=Path(tmp))
        built.pipeline.built = built  # the skills, for a driver that warms them as glasses run does
        try:
            yield built.pipeline
        finally:
            built.close()


def scene_images() -> dict[str, np.ndarray]:
    """What is in front of the camera: a barcoded demo product, or a printed label."""
    from glasses.look.synth import Variation, package, photograph, render_label

    product = photograph(package(PRODUCT_CODE, ["Northfield", "OAT DRINK"], None, seed=3),
                         Variation(blur=0.7, tilt=0.06, rotate=4), seed=3)
    label = photograph(render_label(["ORGANIC OAT DRINK", "Northfield 1 L", "Keep refrigerated"]),
                       Variation(tilt=0.04, rotate=2, blur=0.6, glare=0.1), seed=1)
    return {"product": product, "label": label}


@dataclasses.dataclass
class _Step:
    t_ms: int
    wall_ms: float
    outputs: list


class Driver:
    """Feeds audio (and camera frames while the assistant looks) into a pipeline, timing each
    chunk step on the wall clock, on a virtual session clock."""

    def __init__(self, pipeline: Any, scenes: dict[str, np.ndarray], seed: int = 7, paced: bool = False,
                 taps: Taps | None = None) -> None:
        self.pipeline = pipeline
        self.taps = taps
        self.scenes = scenes
        self.rng = np.random.default_rng(seed)
        self.t_ms = 0
        self.camera_on = False
        self.paced = paced              # command audio arrives in real time (see pace_from)
        self._anchor: tuple[float, int] | None = None

    def pace_from(self) -> None:
        """From now on a chunk is processed no earlier than the wall time its audio would have
        been captured, as live. Work that a recognizer starts on a worker while the wearer is
        still speaking (Whisper's decode at a pause) then gets the head start it gets live."""
        self._anchor = (time.perf_counter(), self.t_ms) if self.paced else None

    def _wait_for_arrival(self) -> None:
        if self._anchor is None:
            return
        wall0, t0 = self._anchor
        delay = wall0 + (self.t_ms + CHUNK_MS - t0) / 1000 - time.perf_counter()
        if delay > 0:
            time.sleep(delay)

    def step(self, samples: np.ndarray, scene: str | None) -> _Step:
        from glasses.events import AudioChunk, Camera, Frame

        inputs: list = []
        if self.camera_on and scene in self.scenes:
            inputs.append(Frame(self.t_ms, self.scenes[scene]))
        inputs.append(AudioChunk(self.t_ms, to_pcm(samples)))
        self._wait_for_arrival()
        t0 = time.perf_counter()
        outputs: list = []
        for event in inputs:
            outputs.extend(self.pipeline.process(event))
        wall = (time.perf_counter() - t0) * 1000
        for e in outputs:
            if isinstance(e, Camera):
                self.camera_on = e.on
        step = _Step(self.t_ms, wall, outputs)
        self.t_ms += len(samples) * 1000 // RATE
        return step

    def feed(self, samples: np.ndarray, scene: str | None = None, until=None) -> list[_Step]:
        """Feed ``samples`` (padded with noise to whole chunks); stop early once ``until(step)``."""
        pad = (-len(samples)) % CHUNK
        if pad:
            samples = np.concatenate([samples, noise(pad, self.rng)])
        steps = []
        for i in range(0, len(samples), CHUNK):
            steps.append(self.step(samples[i:i + CHUNK], scene))
            if until is not None and until(steps[-1]):
                break
        return steps

    def settle(self) -> None:
        """Let the assistant finish speaking (and say anything queued, like the briefing),
        jumping the virtual clock over its speech: the microphone hears only noise meanwhile."""
        assistant = self.pipeline.assistant
        for _ in range(20):
            if assistant.speaking is None:
                break
            self.t_ms = max(self.t_ms, assistant.speaking.t_ms + assistant.speaking.duration_ms)
            self.step(noise(CHUNK, self.rng), None)

    def utterance(self, cmd: Command, voice: Voice) -> dict[str, Any]:
        from glasses.events import Button, Intent, Say, Transcript, Wake

        wake_clip = spoken("hey jarvis", voice.voice, voice.speed)
        cmd_clip = spoken(cmd.say, voice.voice, voice.speed)
        cpu0 = time.process_time()
        lead = noise(int(LEAD_S * RATE), self.rng)
        part_a = np.concatenate([lead, wake_clip + noise(len(wake_clip), self.rng),
                                 noise(int(PAUSE_S * RATE), self.rng)])
        steps = self.feed(part_a)
        woke = any(isinstance(e, Wake) for s in steps for e in s.outputs)
        if not woke:  # the wearer would try again; here a button press keeps the command measurable
            t0 = time.perf_counter()
            outs = self.pipeline.process(Button(self.t_ms, "press"))
            steps.append(_Step(self.t_ms, (time.perf_counter() - t0) * 1000, outs))
        cmd_start = self.t_ms
        if self.taps is not None:
            self.taps.take()
        self.pace_from()
        speech_end = cmd_start + len(cmd_clip) * 1000 / RATE
        has_say = lambda st: any(isinstance(e, Say) for e in st.outputs)  # noqa: E731
        part_b = np.concatenate([cmd_clip + noise(len(cmd_clip), self.rng), noise(int(TAIL_S * RATE), self.rng)])
        steps += self.feed(part_b, cmd.scene, until=has_say)
        if not has_say(steps[-1]):
            steps += self.feed(noise(int(EXTRA_S * RATE), self.rng), cmd.scene, until=has_say)

        self._anchor = None
        cpu_s = time.process_time() - cpu0
        outputs = [e for s in steps for e in s.outputs]
        final = next((e for e in outputs if isinstance(e, Transcript) and e.final and e.t_ms >= cmd_start), None)
        intent = next((e for e in outputs if isinstance(e, Intent) and e.t_ms >= cmd_start), None)
        say = next((e for e in outputs if isinstance(e, Say) and e.t_ms >= cmd_start), None)
        row: dict[str, Any] = {
            "voice": voice.label, "say": cmd.say, "expected": cmd.intent, "category": cmd.category,
            "scene": cmd.scene,
            "woke": woke, "heard": final.text if final else None, "engine": final.engine if final else None,
            "got": intent.name if intent else None, "answer": say.text if say else None,
        }
        row["correct"] = row["got"] == cmd.intent
        row["word_errors"], row["words"] = word_errors(cmd.say, row["heard"] or "")
        row["cpu_s"] = round(cpu_s, 3)   # CPU of every thread, from the wake word to the answer
        early = getattr(self.pipeline.assistant.ear, "early", None)
        row["ended_early"] = early is not None
        if self.taps is not None:
            row.update({k: 0.0 for k in TAPS} | self.taps.take())
        if say is None:
            self.settle()
            return row
        # live clock model over every step of this utterance (backlog from the wake included)
        done = float("-inf")
        first_audio = None
        serial_ms = 0.0
        for s in steps:
            arrival = s.t_ms + CHUNK_MS
            done = max(done, arrival) + s.wall_ms
            if arrival > speech_end:
                serial_ms += s.wall_ms
            if has_say(s):
                first_audio = done
                answer_step = s
                break
        endpoint = final.t_ms if final else say.t_ms
        row.update({
            "latency_ms": round(first_audio - speech_end, 1),
            "serial_upper_bound_ms": round(answer_step.t_ms + CHUNK_MS - speech_end + serial_ms, 1),
            "endpoint_wait_ms": round(endpoint - speech_end, 1),
            "after_endpoint_ms": round(answer_step.t_ms + CHUNK_MS - endpoint, 1),
            "answer_step_ms": round(answer_step.wall_ms, 1),
        })
        row["backlog_ms"] = round(row["latency_ms"] - row["endpoint_wait_ms"] - row["after_endpoint_ms"]
                                  - row["answer_step_ms"], 1)
        self.settle()
        return row


def word_errors(reference: str, heard: str) -> tuple[int, int]:
    """(word edits, reference words) with numbers as words and punctuation ignored."""
    from glasses.benchmarks.real_speech import words

    ref, hyp = words(reference), words(heard)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row = row, [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (r != h))
    return row[-1], len(ref)


def run_spoken(config, engine: str | None, mode: str | None, quick: bool,
               voices_limit: int | None = None, commands_limit: int | None = None,
               paced: bool = True) -> dict[str, Any]:
    """The spoken commands through one recognizer configuration; per-utterance rows summarized."""
    from glasses.runtime.build import build_voice
    from glasses.stt.choose import engine_name

    voices, commands, _ = load_commands(quick=quick)
    voices = voices[:voices_limit] if voices_limit else voices
    commands = commands[:commands_limit] if commands_limit else commands
    cfg = bench_config(config, engine, mode)
    scenes = scene_images()
    tts = TimedVoice(build_voice(cfg))
    t_build = time.perf_counter()
    with fresh_pipeline(cfg, voice=tts) as pipeline:
        build_s = time.perf_counter() - t_build
        taps = tts.taps = Taps().install(pipeline)
        driver = Driver(pipeline, scenes, paced=paced, taps=taps)
        cold = driver.utterance(Command("what time is it", "get_time"), voices[0])  # warm-up, reported apart
        tts.times.clear()
        rows = [driver.utterance(cmd, voice) for voice in voices for cmd in commands]
    out = summarize(rows)
    out.update({
        "engine": engine_name(cfg), "mode": cfg.stt.mode,
        "endpoint_silence_ms": cfg.listen.endpoint_silence_ms,
        "voices": [v.label for v in voices], "commands": len(commands),
        "pipeline_build_s": round(build_s, 2),
        "cold_first_utterance_ms": cold.get("latency_ms"),
        "tts_render_ms": summary([round(t, 2) for t in tts.times]),
    })
    return out


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def frac(sel: list[dict]) -> str:
        return f"{sum(r['correct'] for r in sel)}/{len(sel)}"

    by: dict[str, dict[str, list]] = {"category": defaultdict(list), "voice": defaultdict(list),
                                      "say": defaultdict(list)}
    for r in rows:
        by["category"][r["category"]].append(r)
        by["voice"][r["voice"]].append(r)
        by["say"][r["say"]].append(r)
    voice_rows = [r for r in rows if "latency_ms" in r and r["category"] != "look"]
    look_rows = [r for r in rows if "latency_ms" in r and r["category"] == "look"]
    product_rows = [r for r in look_rows if r["scene"] == "product"]
    text_rows = [r for r in look_rows if r["scene"] != "product"]
    correct = sum(r["correct"] for r in rows)
    return {
        "utterances": len(rows),
        "wake_detected": f"{sum(r['woke'] for r in rows)}/{len(rows)}",
        "intent_accuracy": round(correct / len(rows), 3) if rows else None,
        "intent_correct": f"{correct}/{len(rows)}",
        "accuracy_by_category": {k: frac(v) for k, v in sorted(by["category"].items())},
        "accuracy_by_voice": {k: frac(v) for k, v in by["voice"].items()},
        "wer_by_voice": {k: round(sum(r["word_errors"] for r in v) / max(1, sum(r["words"] for r in v)), 3)
                         for k, v in by["voice"].items()},
        "cpu_s_per_command_by_voice": {k: pct([r["cpu_s"] for r in v], 50) for k, v in by["voice"].items()},
        "latency_by_voice_ms": {k: summary([r["latency_ms"] for r in v if "latency_ms" in r and r["correct"]
                                            and r["category"] != "look"]) for k, v in by["voice"].items()},
        "wake_detected_by_voice": {k: f"{sum(r['woke'] for r in v)}/{len(v)}" for k, v in by["voice"].items()},
        "accuracy_by_command": {k: frac(v) for k, v in by["say"].items()},
        "answered": f"{sum('latency_ms' in r for r in rows)}/{len(rows)}",
        "end_of_speech_to_first_audio_ms": summary([r["latency_ms"] for r in voice_rows]),
        "end_of_speech_to_first_audio_correct_only_ms": summary(
            [r["latency_ms"] for r in voice_rows if r["correct"]]),
        "serial_upper_bound_ms": summary([r["serial_upper_bound_ms"] for r in voice_rows]),
        "breakdown_p50_ms": {k: pct([r[k] for r in voice_rows if k in r], 50) for k in BREAKDOWN + TAPS},
        "breakdown_p95_ms": {k: pct([r[k] for r in voice_rows if k in r], 95) for k in BREAKDOWN + TAPS},
        "ended_early": f"{sum(r.get('ended_early', False) for r in voice_rows)}/{len(voice_rows)}",
        "rows": [{k: r.get(k) for k in ("voice", "say", "correct", "ended_early", "latency_ms", "endpoint_wait_ms",
                                        "after_endpoint_ms", "backlog_ms", *TAPS)} for r in voice_rows],
        "misheard_as_look_intent": sum(1 for r in voice_rows if r["got"] in LOOKING),
        "look_product_spoken_to_first_audio_ms": summary([r["latency_ms"] for r in product_rows]),
        "look_product_correct_only_ms": summary([r["latency_ms"] for r in product_rows if r["correct"]]),
        "read_text_spoken_to_first_audio_ms": summary([r["latency_ms"] for r in text_rows]),
        "recognizers_used": dict(Counter(r["engine"] for r in rows if r["engine"])),
        "misses": [{k: r[k] for k in ("voice", "say", "heard", "got")} for r in rows if not r["correct"]][:30],
    }

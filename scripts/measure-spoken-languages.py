#!/usr/bin/env python3
"""Commands in French, Spanish and German, spoken: intent accuracy through the recognizer.

Home Assistant's own test sentences (tests/data/ha-test-sentences, the intents we share: every
``--every``-th one) are said by espeak-ng's voice for the language (SYNTHETIC speech: no real
recordings of these commands are here; espeak-ng's French and German are hard for Whisper base,
so this is a floor, not what a person gets), with -55 dBFS noise, then recognized exactly as
``assistant.language`` does it (glasses.stt.choose.build_transcriber: Whisper base decoding in that
language) and parsed by that language's parser. Prints JSON: per language, sentences, right,
accuracy, decode p50, and the misses (said, heard, parsed as).

    .venv/bin/python scripts/measure-spoken-languages.py [--every 3] [--languages fr,es,de]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glasses.benchmarks.common import noise, to_pcm  # noqa: E402
from glasses.config import Config  # noqa: E402
from glasses.replies import VOICES  # noqa: E402
from glasses.runtime.build import build_parser  # noqa: E402
from glasses.scriptgen import synthesize  # noqa: E402
from glasses.skills.registry import installed  # noqa: E402
from glasses.stt.choose import build_transcriber  # noqa: E402

def _translation_script():
    """scripts/measure-translation.py (its name has a hyphen): one HA -> our intent table for both."""
    spec = importlib.util.spec_from_file_location("measure_translation", ROOT / "scripts" / "measure-translation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HA_TO_OURS = _translation_script().HA_TO_OURS


def measure(language: str, every: int, rng) -> dict:
    config = Config()
    config = dataclasses.replace(config, assistant=dataclasses.replace(config.assistant, language=language))
    parser = build_parser(installed(), language)
    recognizer = build_transcriber(config, parser)
    rows = yaml.safe_load((ROOT / "tests" / "data" / "ha-test-sentences" / f"{language}.yaml")
                          .read_text(encoding="utf-8"))["sentences"]
    rows = [r for r in rows if r["intent"] in HA_TO_OURS][::every]
    right, ms, misses = 0, [], []
    for row in rows:
        clip = synthesize(row["text"], VOICES[language], 160).astype(np.float64)
        audio = np.concatenate([noise(4000, rng), clip + noise(clip.size, rng), noise(8000, rng)])
        recognizer.start()
        pcm = to_pcm(audio)
        for i in range(0, len(pcm), 1280):
            recognizer.accept(pcm[i:i + 1280])
        started = time.perf_counter()
        heard = recognizer.finish()
        ms.append((time.perf_counter() - started) * 1000)
        got = parser.parse(heard)
        ok = got is not None and got.name == HA_TO_OURS[row["intent"]]
        right += ok
        if not ok:
            misses.append({"said": row["text"], "heard": heard, "parsed": got.name if got else None})
    return {"voice": f"espeak-ng {VOICES[language]} (synthetic)", "sentences": len(rows), "right": right,
            "accuracy": round(right / len(rows), 3) if rows else None,
            "decode_p50_ms": round(statistics.median(ms)) if ms else None, "misses": misses}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=int, default=3, help="every n-th test sentence (default 3)")
    ap.add_argument("--languages", default="fr,es,de", help="comma-separated (default fr,es,de)")
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    out = {lang: measure(lang, max(1, args.every), rng) for lang in args.languages.split(",")}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

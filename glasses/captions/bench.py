"""The captions skill's benchmark (``glasses bench``, section ``skills``/``captions``): the
translation paths on the real French, Spanish and German clips and the typed commands in those
languages on Home Assistant's test sentences, as scripts/measure-translation.py measures them
(without its espeak-ng set, and with only the before/after paths when ``quick``). Needs the
repository checkout (tests/data); elsewhere it says so."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "measure-translation.py"


def bench(config: Any, quick: bool) -> dict:
    if not SCRIPT.exists() or not (ROOT / "tests" / "data" / "speech-multilingual").exists():
        return {"skipped": "needs the repository checkout (scripts/, tests/data/)"}
    spec = importlib.util.spec_from_file_location("measure_translation", SCRIPT)
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)  # type: ignore[union-attr]
    return {"typed_commands_ha_test_sentences": measure.typed_commands(),
            "home_commands_ha_test_sentences": measure.typed_home_commands(),
            "translation_real_speech": measure.measure_real(quick=quick)}

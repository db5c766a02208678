"""One measure in a fresh process: ``python -m glasses.benchmarks.child NAME 'JSON-ARGS'``.

Prints one line ``GLASSES-BENCH-RESULT {json}`` (other output may come before it). The
result always carries the child's peak RSS and wall time; an exception becomes {"error"}.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from typing import Any, Callable

from glasses.skills.registry import installed
from glasses.benchmarks.common import RESULT_MARK, config_from_plain, peak_rss_mb


def _measures() -> dict[str, Callable[..., dict[str, Any]]]:
    from glasses.benchmarks import briefing, captions, features, listening, memory, real_speech, soak, speech, stt
    from glasses.benchmarks import wake as wake_bench

    return {
        "spoken": lambda a: speech.run_spoken(config_from_plain(a.get("config")), a.get("engine"), a.get("mode"),
                                              a.get("quick", False), a.get("voices_limit")),
        "real_people": lambda a: real_speech.run_real_people(config_from_plain(a.get("config")), a.get("quick", False)),
        "stt": lambda a: stt.run_stt(config_from_plain(a.get("config")), a.get("quick", False)),
        "cut_offs": lambda a: _cut_offs(config_from_plain(a.get("config")), a.get("quick", False)),
        "listening": lambda a: listening.run_listening(config_from_plain(a.get("config")), a.get("quick", False)),
        "wake": lambda a: wake_bench.run_wake(config_from_plain(a.get("config")), a.get("quick", False)),
        "rss_baseline": lambda a: memory.baseline(),
        "rss_voice_loop_inputs": lambda a: memory.voice_loop_inputs(a["out"], a.get("with_ocr", False),
                                                                    a.get("quick", False)),
        "rss_voice_loop": lambda a: memory.voice_loop(config_from_plain(a.get("config")), a.get("with_ocr", False),
                                                    a.get("quick", False), a.get("warm", False)),
        "day": lambda a: features.day(a.get("quick", False)),
        "look": lambda a: features.look(a.get("quick", False)),
        "hud": lambda a: features.hud(a.get("quick", False)),
        "emulator": lambda a: features.emulator(a.get("quick", False)),
        "look_request": lambda a: features.look_request(config_from_plain(a.get("config")), a.get("quick", False)),
        "captions": lambda a: captions.run_captions(config_from_plain(a.get("config")), a.get("quick", False)),
        "nav": lambda a: _nav(a.get("quick", False)),
        "soak": lambda a: soak.run_soak(0.25 if a.get("quick") else 8.0),
        "briefing": lambda a: briefing.run_briefing(config_from_plain(a.get("config")), a.get("quick", False)),
        "skill": lambda a: _skill(a["skill"], config_from_plain(a.get("config")), a.get("quick", False)),
    }


def _skill(name: str, config: Any, quick: bool) -> dict[str, Any]:
    """A skill's own benchmark (SkillSpec.bench), for any installed skill."""
    spec = installed().get(name)
    if spec is None or spec.bench is None:
        raise KeyError(f"no installed skill {name!r} with a benchmark")
    return spec.bench(config, quick)


def _cut_offs(config: Any, quick: bool) -> dict[str, Any]:
    from glasses.benchmarks.turns import run_cut_offs

    return run_cut_offs(config, quick)


def _nav(quick: bool) -> dict[str, Any]:
    from glasses.benchmarks.nav import run_nav

    return run_nav(quick)


NAMES = ("spoken", "cut_offs", "real_people", "stt", "listening", "wake", "rss_baseline", "rss_voice_loop",
         "rss_voice_loop_inputs", "day", "look", "hud",
         "emulator", "look_request", "nav", "captions", "soak", "briefing", "skill")


def run(name: str, args: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        measures = _measures()
        if name not in measures:
            raise KeyError(f"unknown measure {name!r} (one of {', '.join(NAMES)})")
        result = measures[name](args)
    except Exception as exc:
        result = {"error": f"{type(exc).__name__}: {exc}",
                  "traceback_tail": traceback.format_exc().strip().splitlines()[-4:]}
    result = dict(result)
    result["process_peak_rss_mb"] = peak_rss_mb()
    result["process_wall_s"] = round(time.perf_counter() - t0, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    name = argv[0] if argv else ""
    args = json.loads(argv[1]) if len(argv) > 1 else {}
    result = run(name, args)
    sys.stdout.flush()
    print(RESULT_MARK + json.dumps(result, default=str), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``glasses bench``: the benchmark. Measured on this machine, printed as JSON; nothing asserted.

    glasses bench [--quick] [--out FILE]        python scripts/bench.py [--quick]

Every measure runs in its own child process (glasses.benchmarks.child), one after the other,
so that peak RSS belongs to one configuration, timings do not compete for the CPU, and one
measure failing becomes {"error": ...} in its section instead of ending the run. The
method behind each figure is in the modules of glasses/benchmarks/ and in docs/bench.md.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from typing import Any, Callable

from glasses.benchmarks.common import config_to_plain, machine_info, run_child, target
from glasses.errors import GlassesError

TARGETS_NOTE = "targets are for the 2-core x86_64 development machine (issue 2 section 8, issues 3-5)"


def _get(d: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _ratio(a: Any, b: Any, digits: int = 2) -> float | None:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
        return round(a / b, digits)
    return None


def _spoken_plans(config, quick: bool) -> list[tuple[str, dict[str, Any]]]:
    """(label, child args) for each recognizer configuration driven with spoken commands."""
    from glasses.models import find_vosk_english
    from glasses.stt.choose import engine_name

    engine, mode = engine_name(config), config.stt.mode
    plans = [(f"{engine}/{mode} (default)", {"engine": None, "mode": None})]
    if quick:  # the command-mode RTF is in the stt section; one pipeline is enough here
        return plans
    wanted = [("pocketsphinx", "command", None), ("pocketsphinx", "free", 1)]  # free is slow: one voice
    if config.stt.vosk_model or find_vosk_english():
        wanted += [("vosk", "command", None), ("vosk", "free", None)]
    for e, m, voices in wanted:
        if (e, m) != (engine, mode):
            plans.append((f"{e}/{m}", {"engine": e, "mode": m, "voices_limit": voices}))
    return plans


SECTIONS = ("speech", "real_people", "stt", "wake_vad", "wake", "memory", "look_request", "day", "look", "hud",
            "emulator", "captions", "nav", "soak", "briefing_first_audio", "skills")


def run_bench(config=None, quick: bool = False, log: Callable[[str], None] | None = None,
              only: tuple[str, ...] = (), on_section: Callable[[str, Any], None] | None = None) -> dict[str, Any]:
    """Run every measure (or ``only`` those sections, names as in the JSON); returns the JSON-ready
    result (see docs/bench.md for the keys). ``on_section(name, result)`` is called as each
    section finishes, so a stopped run has still printed what it measured."""
    from glasses.config import Config
    from glasses.skills.registry import installed

    config = config or Config()
    log = log or (lambda msg: print(f"bench: {msg}", file=sys.stderr, flush=True))
    unknown = [name for name in only if name not in SECTIONS]
    if unknown:
        raise GlassesError(f"--only: unknown section {unknown[0]!r} (one of {', '.join(SECTIONS)})")
    plain = config_to_plain(config)
    t_start = time.perf_counter()

    def child(name: str, **kwargs: Any) -> dict[str, Any]:
        log(f"{name} {kwargs.get('engine') or kwargs.get('skill') or ''}"
            f"{('/' + kwargs['mode']) if kwargs.get('mode') else ''}".rstrip())
        return run_child(name, {"config": plain, "quick": quick, **kwargs}, timeout=300 if quick else 900)

    def memory() -> dict[str, Any]:
        out = {"baseline": child("rss_baseline"), "voice_loop": child("rss_voice_loop"),
               "voice_loop_with_ocr": child("rss_voice_loop", with_ocr=True),
               # the same after glasses run's start-up work (skills' warm): replays skip it
               "voice_loop_warmed": child("rss_voice_loop", warm=True)}
        if not quick:  # the same loop without the free-text fallback model
            log("rss_voice_loop (command mode)")
            out["voice_loop_command_mode"] = run_child("rss_voice_loop", {
                "config": config_to_plain(_with_stt_mode(config, "command")), "quick": quick}, timeout=900)
        return out

    measures: dict[str, Callable[[], Any]] = {
        "speech": lambda: {"configs": {label: child("spoken", **args) for label, args in _spoken_plans(config, quick)},
                           # the same default pipeline always waiting the full silence (the assistant before
                           # semantic end of turn), and the cut-offs of both: ratios within one run
                           "full_silence_always": child("spoken", config=config_to_plain(_with_early_end(config, 0)),
                                                        engine=None, mode=None),
                           "cut_offs": child("cut_offs")},
        "real_people": lambda: child("real_people"),
        "stt": lambda: child("stt"),
        "wake_vad": lambda: child("listening"),
        "wake": lambda: child("wake"),  # detection per voice, false accepts per hour (glasses/benchmarks/wake.py)
        "memory": memory,
        "look_request": lambda: child("look_request"),
        "day": lambda: child("day"),
        "look": lambda: child("look"),
        "hud": lambda: child("hud"),
        "emulator": lambda: child("emulator"),
        "captions": lambda: child("captions"),
        "nav": lambda: child("nav"),
        "soak": lambda: child("soak"),
        "briefing_first_audio": lambda: child("briefing"),  # sentence-by-sentence speech, before and after
        # every installed skill's own benchmark (SkillSpec.bench), a separately installed one too
        "skills": lambda: {spec.name: child("skill", skill=spec.name) for spec in installed().specs
                           if spec.bench is not None},
    }
    out: dict[str, Any] = {"benchmark": "glasses bench", "quick": quick, "machine": machine_info()}
    for name in SECTIONS:
        if only and name not in only:
            continue
        out[name] = measures[name]()
        if on_section is not None:
            on_section(name, out[name])
    out["targets"] = targets(out)
    out["ratios"] = ratios(out)
    out["targets_note"] = TARGETS_NOTE
    out["total_wall_s"] = round(time.perf_counter() - t_start, 1)
    return out


def _with_early_end(config, ms: int):
    return dataclasses.replace(config, listen=dataclasses.replace(config.listen, early_end_ms=ms))


def _with_stt_mode(config, mode: str):
    return dataclasses.replace(config, stt=dataclasses.replace(config.stt, mode=mode))


def _default_spoken(out: dict[str, Any]) -> dict[str, Any]:
    configs = _get(out, "speech", "configs") or {}
    return next((v for k, v in configs.items() if k.endswith("(default)")), {})


def _emulator_fps(emulator: dict[str, Any]) -> tuple[float | None, str | None]:
    """The emulator's frame rate with the camera view: in a real window when there was a
    display, else composition alone (camera + HUD + strip, no window)."""
    for key in ("window_fps", "compose_fps", "fps"):
        value = (emulator or {}).get(key)
        if isinstance(value, (int, float)):
            return value, key
    return None, None


def _fraction(text: Any) -> float | None:
    """'19/24' -> 0.792."""
    try:
        a, b = str(text).split("/")
        return round(int(a) / int(b), 3) if int(b) else None
    except ValueError:
        return None


def targets(out: dict[str, Any]) -> dict[str, Any]:
    spoken = _default_spoken(out)
    engines = _get(out, "stt", "engines") or {}
    t: dict[str, Any] = {
        # issue 19: answer at the pause; the targets are for commands heard right
        "end_of_speech_to_first_audio_p50_ms": target(
            _get(spoken, "end_of_speech_to_first_audio_correct_only_ms", "p50"), 200, unit="ms"),
        "end_of_speech_to_first_audio_p95_ms": target(
            _get(spoken, "end_of_speech_to_first_audio_correct_only_ms", "p95"), 400, unit="ms"),
        "more_cut_offs_than_full_silence": target(_get(out, "speech", "cut_offs", "more_cut_offs_than_before"), 0),
        "stt_command_rtf_pocketsphinx": target(_get(engines, "pocketsphinx/command", "rtf"), 0.05),
    }
    by_voice = _get(spoken, "accuracy_by_voice") or {}
    fractions = {v: _fraction(s) for v, s in by_voice.items()}
    neural = [f for v, f in fractions.items() if v.startswith("piper") and f is not None]
    espeak = [f for v, f in fractions.items() if not v.startswith("piper") and f is not None]
    t["intent_accuracy_neural_voice"] = target(neural[0] if neural else None, 0.90, kind="min")
    t["intent_accuracy_espeak_voices"] = target(sum(espeak) / len(espeak) if espeak else None, 0.85, kind="min")
    t["slot_phrase_recall_real_people_quiet"] = target(_get(out, "real_people", "quiet", "recall"), 0.90, kind="min")
    t["slot_phrase_recall_real_people_10db"] = target(_get(out, "real_people", "snr_10db", "recall"), 0.80, kind="min")
    acted = [_get(out, "real_people", "false_actions", "clips_with_side_effects"),
             _get(out, "real_people", "false_actions_synthetic", "with_side_effects")]
    t["side_effects_on_non_command_speech"] = target(
        sum(acted) if all(isinstance(a, int) for a in acted) else None, 0)
    if "vosk/command" in engines:
        t["stt_command_rtf_vosk"] = target(_get(engines, "vosk/command", "rtf"), 0.05)
    t["wake_plus_vad_cpu_fraction_of_one_core"] = target(
        _get(out, "wake_vad", "wake_plus_vad_cpu_s_per_audio_s"), 0.05)
    t["wake_detection_every_voice"] = target(_get(out, "wake", "min_detection_rate"), 0.95, kind="min")
    t["wake_false_accepts_per_hour"] = target(_get(out, "wake", "false_accepts_per_hour_all"), 1)
    t["voice_loop_peak_rss_mb"] = target(_get(out, "memory", "voice_loop", "peak_rss_mb"), 450, unit="MB")
    # the same loop after glasses run's start-up work (the skills' warm), which a replay skips
    t["voice_loop_warmed_peak_rss_mb"] = target(_get(out, "memory", "voice_loop_warmed", "peak_rss_mb"), 450,
                                                unit="MB")
    t["schedule_intent_plus_skill_p95_ms"] = target(
        _get(out, "day", "schedule_intent_plus_skill_p95_ms"), 50, unit="ms")
    spoken_look = _get(spoken, "look_product_spoken_to_first_audio_ms", "p50")
    t["look_request_to_first_audio_p50_ms"] = target(
        spoken_look if spoken_look is not None else _get(out, "look_request", "look_request_to_first_audio_ms", "p50"),
        1000, unit="ms")
    t["look_request_to_first_audio_p50_ms"]["measured_on"] = (
        "spoken request, end of speech -> first audio" if spoken_look is not None else "typed request")
    from glasses.benchmarks.nav_targets import nav_targets

    t.update(nav_targets(out.get("nav") or {}))
    t["soak_rss_growth_mb_per_hour"] = target(_get(out, "soak", "rss_growth_mb_per_hour"), 10, unit="MB")
    t["soak_timer_lateness_p95_ms"] = target(_get(out, "soak", "timer_lateness_ms", "p95"), 300, unit="ms")
    fps, key = _emulator_fps(out.get("emulator") or {})
    t["emulator_fps_with_camera_view"] = target(fps, 20, kind="min", unit="fps")
    t["emulator_fps_with_camera_view"]["measured_on"] = f"emulator.{key}" if key else None
    if fps is None:
        t["emulator_fps_with_camera_view"]["note"] = (
            "emulator benchmark not available; HUD composited over camera (hud.composited_fps) is "
            f"{_get(out, 'hud', 'composited_fps')} fps")
    from glasses.benchmarks.captions import captions_targets

    t.update(captions_targets(out.get("captions") or {}))
    return t


def ratios(out: dict[str, Any]) -> dict[str, Any]:
    spoken = _default_spoken(out)
    engines = _get(out, "stt", "engines") or {}
    look_readers = _get(out, "look", "barcode") or []
    auto_reader = look_readers[-1] if look_readers and isinstance(look_readers[-1], dict) else {}
    latency = _get(spoken, "end_of_speech_to_first_audio_ms", "p50")
    return {
        "endpoint_wait_share_of_latency_p50": _ratio(_get(spoken, "breakdown_p50_ms", "endpoint_wait_ms"), latency),
        "semantic_end_over_full_silence_p50": _ratio(
            _get(spoken, "end_of_speech_to_first_audio_correct_only_ms", "p50"),
            _get(out, "speech", "full_silence_always", "end_of_speech_to_first_audio_correct_only_ms", "p50")),
        "pocketsphinx_free_over_command_rtf": _ratio(_get(engines, "pocketsphinx/free", "rtf"),
                                                     _get(engines, "pocketsphinx/command", "rtf")),
        "pocketsphinx_auto_over_command_rtf": _ratio(_get(engines, "pocketsphinx/auto", "rtf"),
                                                     _get(engines, "pocketsphinx/command", "rtf")),
        "rss_with_ocr_over_voice_loop": _ratio(_get(out, "memory", "voice_loop_with_ocr", "peak_rss_mb"),
                                               _get(out, "memory", "voice_loop", "peak_rss_mb")),
        "ocr_ms_over_barcode_ms_per_frame": _ratio(_get(out, "look", "ocr_ms_per_frame", "p50"),
                                                   auto_reader.get("ms_p50")),
        "wake_over_vad_cpu": _ratio(_get(out, "wake_vad", "wake_cpu_s_per_audio_s"),
                                    _get(out, "wake_vad", "vad_cpu_s_per_audio_s")),
    }

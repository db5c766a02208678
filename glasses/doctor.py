"""``glasses doctor``: what works on this machine and, for each problem, how to fix it."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path
from typing import Callable

from glasses.captions.doctor_rows import NAMES as BASE_NAMES, model_row as base_model_row
from glasses.models import locate, manifest, sha256_of, size_of, VOSK_EN
from glasses.rig.doctor import Row, check_camera, rig_checks, video_devices

PACKAGES = (
    ("numpy", "numpy", "pip install -e ."),
    ("vosk", "vosk", "pip install -e ."),
    ("pocketsphinx", "pocketsphinx", "pip install -e ."),
    ("openwakeword", "openwakeword", "pip install -e . (openwakeword==0.5.1 ships the ONNX models)"),
    ("onnxruntime", "onnxruntime", "pip install -e ."),
    ("opencv", "cv2", "pip install -e ."),
    ("pyttsx3", "pyttsx3", "pip install -e ."),
    ("sounddevice", "sounddevice", "sudo apt-get install libportaudio2"),
    ("rapidocr", "rapidocr_onnxruntime", "pip install -e ."),
    ("zxing-cpp", "zxingcpp", "pip install -e ."),
)


def check_packages() -> list[Row]:
    rows = []
    for label, module, fix in PACKAGES:
        try:
            importlib.import_module(module)
            rows.append(Row(f"python: {label}", True, "imports"))
        except Exception as exc:  # ImportError, or OSError for a missing system library
            rows.append(Row(f"python: {label}", False, f"{type(exc).__name__}: {exc}".splitlines()[0], fix))
    return rows


def check_sound_devices() -> list[Row]:
    """Input and output devices as PortAudio sees them (what `glasses run` will open)."""
    try:
        import sounddevice as sd
    except OSError as exc:
        fix = "sudo apt-get install libportaudio2"
        return [Row("audio input", False, str(exc), fix), Row("audio output", False, str(exc), fix)]
    try:
        devices = sd.query_devices()
    except Exception as exc:
        devices = []
        error = str(exc)
    else:
        error = ""
    rows = []
    for kind, channels, name in (("input", "max_input_channels", "audio input"),
                                 ("output", "max_output_channels", "audio output")):
        found = [d["name"] for d in devices if d.get(channels, 0) > 0]
        if not found:
            device = "microphone" if kind == "input" else "speaker"
            tool = "arecord" if kind == "input" else "aplay"
            rows.append(Row(name, False, f"no {device} {error}".strip(),
                            f"connect a {device} (USB, or I2S on the rig: hw/README.md) and check `{tool} -l`"))
            continue
        try:
            default = sd.query_devices(kind=kind)["name"]
        except Exception:
            default = "none"
        rows.append(Row(name, True, f"default: {default}; {len(found)} device(s): {', '.join(found[:3])}"))
    return rows


def check_tts(render: Callable[[str], bytes] | None = None) -> list[Row]:
    rows = []
    if shutil.which("espeak-ng") is None:
        rows.append(Row("espeak-ng", False, "not installed", "sudo apt-get install espeak-ng"))
        return rows
    rows.append(Row("espeak-ng", True, shutil.which("espeak-ng") or ""))
    try:
        if render is None:
            from glasses.tts import EspeakVoice

            render = EspeakVoice().render
        pcm = render("Testing.")
        ms = len(pcm) * 1000 // 32000
        rows.append(Row("text to speech", ms > 100, f"espeak-ng (pyttsx3 binding) rendered {ms} ms of speech",
                        "" if ms > 100 else "reinstall espeak-ng and pyttsx3"))
    except Exception as exc:
        rows.append(Row("text to speech", False, str(exc).splitlines()[0], "sudo apt-get install espeak-ng"))
    if shutil.which("aplay") is None:
        rows.append(Row("alsa-utils", False, "aplay/arecord not installed", "sudo apt-get install alsa-utils"))
    return rows


def check_models(verify: bool = True) -> list[Row]:
    rows = []
    for entry in manifest():
        path = locate(entry)
        label = f"model: {entry.name}"
        if entry.name in BASE_NAMES:  # captions' multilingual model: two wheel halves, joined once
            rows.append(base_model_row(entry, path, verify, Row))
            continue
        if entry.name == VOSK_EN:
            if path is None:
                rows.append(Row(label, True, "not installed (optional: better English recognition; "
                                "fetch with `python scripts/fetch_models.py`)"))
            else:
                ok = (path / "am" / "final.mdl").exists()
                rows.append(Row(label, ok, f"{path}" if ok else f"{path} is incomplete (no am/final.mdl)",
                                "" if ok else "python scripts/fetch_models.py --force"))
            continue
        if path is None:
            rows.append(Row(label, False, f"missing from package {entry.package}",
                            f"pip install --force-reinstall {entry.package}"))
            continue
        if not verify:
            rows.append(Row(label, True, str(path)))
            continue
        size = size_of(path)
        digest = sha256_of(path)
        ok = size == entry.size and digest == entry.sha256
        detail = f"{size / 1e6:.1f} MB, sha256 {'ok' if ok else 'MISMATCH ' + digest[:12]}"
        rows.append(Row(label, ok, detail, "" if ok else f"pip install --force-reinstall {entry.package}"))
    return rows


def check_wake(config) -> list[Row]:
    try:
        from glasses.wake import detector_from_config

        detector = detector_from_config(config.wake)
        return [Row("wake word", True, f"{config.wake.model} (threshold {detector.threshold}); "
                                       "pre-trained openWakeWord models are CC BY-NC-SA 4.0")]
    except Exception as exc:
        return [Row("wake word", False, str(exc).splitlines()[0], "check wake.model in the config")]


def check_recognizer(config) -> list[Row]:
    """Which recognizer ``stt.engine`` resolves to on this machine, and with which model."""
    from glasses.app import engine_name

    engine = engine_name(config)
    if engine == "whisper":
        detail = f"whisper {config.stt.whisper_model or config.stt.whisper} (beam {config.stt.beam_size})"
    else:
        detail = f"{engine} (the fallback: install the Whisper wheels with `pip install -e .` for real voices)"
    return [Row("speech recognition", True, detail)]


def check_data(config) -> list[Row]:
    rows = []
    try:
        from glasses.day.store import DayStore

        store = DayStore(config.day.db_path)
        store.close()
        rows.append(Row("day data", True, str(config.day.db_path)))
    except Exception as exc:
        rows.append(Row("day data", False, str(exc).splitlines()[0],
                        "move the damaged file aside (it is never replaced automatically)"))
    try:
        from glasses.products.catalog import default_catalog_path, open_catalog

        path = config.look.catalog or default_catalog_path()
        if Path(path).exists():
            cat = open_catalog(path, seed_demo=False)
            rows.append(Row("product catalog", True, f"{path}: {cat.count()} products"))
            cat.close()
        else:
            rows.append(Row("product catalog", True, f"{path} not created yet (the demo catalog is used "
                                                     "until you run `glasses products import`)"))
    except Exception as exc:
        rows.append(Row("product catalog", False, str(exc).splitlines()[0], "glasses products import FILE"))
    from glasses.day.inbox_token import describe

    rows.append(Row("notification inbox", True, describe(config.day)))
    return rows


def run_checks(config, config_problem: str | None = None) -> list[Row]:
    rows = [Row("config", config_problem is None, config_problem or "ok",
                "fix the file named above (`glasses config` lists every key)" if config_problem else "")]
    rows += check_packages()
    rows += check_sound_devices()
    rows.append(check_camera(video_devices()))
    rows += check_tts()
    rows += check_models()
    if config is not None:
        rows += check_wake(config)
        rows += check_recognizer(config)
        rows += check_data(config)
        from glasses.location.doctor import check_location

        rows.append(check_location(config.nav))
        from glasses.rig.profile import choose_profile

        if choose_profile("auto") == "pi":  # I2S sound cards, GPIO, boot overlays, the service
            rows = [r for r in rows if r.name != "camera"] + list(rig_checks(config.rig))
    return rows


def print_report(rows: list[Row]) -> int:
    width = max(len(r.name) for r in rows)
    for r in rows:
        print(f"{r.name:<{width}}  {'ok     ' if r.ok else 'PROBLEM'}  {r.detail}")
    problems = [r for r in rows if not r.ok]
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for r in problems:
            print(f"- {r.name}: {r.detail}" + (f" -> fix: {r.fix}" if r.fix else ""))
        return 2  # as every other command that finds a problem (README: exit code 2)
    print("\nall checks passed")
    return 0

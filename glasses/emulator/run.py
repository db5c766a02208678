"""``glasses emulate``: the assistant on a laptop, in a window that shows what the wearer sees.

Composition: this module picks the parts (microphone or silence, speaker or none,
camera source, session), starts the assistant thread (assistant_loop) and the camera
thread (camera_feed), and runs the window loop on the main thread (highgui wants it):
compose a frame (view), show it, read keys (keys), about 30 times a second.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Callable

from glasses.camera.choice import CameraChoice, camera_from_arg
from glasses.config import Config, with_overrides
from glasses.devices.speaker import RecordingSpeaker, SoundDeviceSpeaker
from glasses.emulator.assistant_loop import AssistantLoop, run_in_thread
from glasses.emulator.board import Board, Snapshot
from glasses.emulator.camera_feed import CameraFeed
from glasses.emulator.keys import KeyReader
from glasses.emulator.recorder import RecordSwitch, default_folders
from glasses.emulator.sources import SilentMicrophone
from glasses.emulator.view import EmulatorView, Entry, held_frame
from glasses.emulator.window import Window
from glasses.errors import DeviceError
from glasses.hud.render import HudRenderer
from glasses.hud.state import HudState
from glasses.live import keyboard_events, open_microphone
from glasses.location.emulated import emulated_location
from glasses.look.build import build_blurrer, build_camera
from glasses.runtime.build import LiveRuntime, replay_pipeline
from glasses.session import load_session

KEY_COMMANDS = {"talk": ("button", "press"), "look": ("button", "long_press"),
                "talk_release": ("talk_release", None), "camera": ("camera", None), "record": ("record", None)}
SESSION_FRAME_HOLD_MS = 1500


def _warn(text: str) -> None:
    print(f"glasses: {text}", file=sys.stderr, flush=True)


def camera_choice(config: Config, src: str | None) -> CameraChoice:
    """``--camera SRC``, else the camera named in the config (look.camera_source)."""
    look = config.look
    if src is not None:
        return camera_from_arg(src, look.camera_size)
    if look.camera_source in ("video", "folder"):
        return camera_from_arg(look.camera_device, look.camera_size)

    return CameraChoice(build_camera(look), 0.0, f"{look.camera_source} {look.camera_device}")


def open_speaker(config: Config):

    try:
        return SoundDeviceSpeaker(config.audio.output_device)
    except DeviceError as exc:
        _warn(f"{exc}; answers are shown and printed only")
        return RecordingSpeaker()


def open_mic_or_silence(config: Config):
    """The laptop microphone, or silence (typed commands only) when there is none."""
    try:
        return open_microphone(config), "laptop"
    except DeviceError as exc:
        _warn(f"{exc} — typed commands only: type one in this terminal and press Enter")
        return SilentMicrophone(), "none (typed only)"


@dataclass
class Stats:
    frames: int = 0
    seconds: float = 0.0

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0


def window_loop(window, view: EmulatorView, board: Board, commands: queue.Queue, *,
                live_frame: Callable[[], object] | None, mic_label: str, fps: float = 30.0,
                seconds: float | None = None, exit_when_done: bool = False, clock=time.monotonic) -> Stats:
    """Show frames until Q/Esc, the window is closed, ``seconds`` pass, or the assistant
    thread ends (with ``exit_when_done``, or on an error)."""
    keys = KeyReader()
    start = clock()
    interval = 1.0 / fps
    next_at = start
    stats = Stats()
    shown_fps = 0.0
    window_start, window_frames = start, 0
    while True:
        now = clock()
        now_ms = int((now - start) * 1000)
        for action in keys.tick(now_ms):
            commands.put(KEY_COMMANDS[action])
        snap = board.snapshot()
        camera = held_frame(snap.frame, snap.t_ms, SESSION_FRAME_HOLD_MS) if live_frame is None else live_frame()
        status = _status(snap, mic_label, shown_fps)
        window.show(view.frame(snap.hud, snap.t_ms, camera, snap.entries, status, snap.recording))
        stats.frames += 1
        window_frames += 1
        if now - window_start >= 1.0:
            shown_fps = window_frames / (now - window_start)
            window_start, window_frames = now, 0
        next_at = max(next_at + interval, clock())
        code = window.wait_key(int((next_at - clock()) * 1000))
        for action in keys.down(code, int((clock() - start) * 1000)):
            if action == "quit":
                stats.seconds = clock() - start
                return stats
            commands.put(KEY_COMMANDS[action])
        if window.closed or (seconds is not None and clock() - start >= seconds) \
                or (snap.done and (exit_when_done or snap.error is not None)):
            stats.seconds = clock() - start
            return stats


def _status(snap: Snapshot, mic_label: str, fps: float) -> str:
    t = max(0, snap.t_ms) // 1000
    parts = [f"{t // 60:02d}:{t % 60:02d}", f"mic: {mic_label}", f"camera: {snap.camera}"]
    if fps:
        parts.append(f"{fps:.0f} fps")
    return "  |  ".join(parts)


def run_emulator(config: Config, *, camera: str | None = None, session: Path | None = None,
                 record_to: Path | None = None, camera_always: bool = False, push_to_talk: bool = False,
                 seconds: float | None = None, exit_at_end: bool = False, fps: float = 30.0,
                 mic=None, speaker=None, window_factory: Callable[[], object] | None = None,
                 commands: queue.Queue | None = None, gps: str | None = None, walk_speed_kmh: float = 5.0) -> int:
    """Run the emulator window; returns the exit code. Devices default to the real ones."""
    recorded = None
    if session is not None:
        recorded = load_session(session)
        if recorded.config_overrides:
            config = with_overrides(config, recorded.config_overrides, f"{session}/session.yaml: config")
    choice = None if recorded is not None else camera_choice(config, camera)
    if push_to_talk:
        config = replace(config, wake=replace(config.wake, enabled=False))
    window = (window_factory or Window)()
    view = EmulatorView(HudRenderer(config.hud))
    board = Board()
    window.show(view.frame(HudState(), 0, None, (Entry("note", "loading the speech and vision models ..."),),
                           "starting"))
    window.wait_key(1)
    if commands is None:
        commands = queue.Queue()
        keyboard_events(commands)
    speaker = speaker or open_speaker(config)
    stop = threading.Event()
    feed = None
    closers: list[Callable[[], object]] = [speaker.close]
    try:
        if recorded is not None:
            mic_label = "session audio"
            loop, run = _session_parts(config, recorded, board, commands, speaker, record_to, build_blurrer,
                                       stop, exit_at_end, closers)
        else:
            feed = CameraFeed(choice.camera, choice.interval_s).start()
            closers.append(feed.close)
            continuous = camera_always or config.look.continuous
            loop = _live_loop(config, board, commands, speaker, feed, continuous, record_to, build_blurrer, closers)
            if gps:  # navigation's location: a GPX track or a simulated walk along the planned route
                loop.location = emulated_location(gps, loop.pipeline.assistant.p.router.skills, walk_speed_kmh)
            # the microphone opens once the models are loaded: no backlog of audio to catch up on
            if mic is None:
                mic, mic_label = open_mic_or_silence(config)
            else:
                mic_label = getattr(mic, "label", "given")
            closers.append(mic.close)
            run = partial(loop.run_live, mic, stop)
        closers.append(loop.close)  # saves a recording in progress
        wake = "push-to-talk (SPACE)" if not config.wake.enabled else \
            f"say \"{config.wake.model.replace('_', ' ')}\" or press SPACE"
        _warn(f"emulator: {wake}; L looks, C camera, R records, Q quits; typed commands work here too")
        thread = run_in_thread(run, board)
        live_frame = None
        if feed is not None:
            live_frame = lambda: feed.latest()[1] if feed.wanted else None  # noqa: E731
        stats = window_loop(window, view, board, commands, live_frame=live_frame, mic_label=mic_label,
                            fps=fps, seconds=seconds, exit_when_done=exit_at_end)
        stop.set()
        thread.join(timeout=10)
        error = board.snapshot().error
        if error is not None:
            raise error
        _warn(f"emulator: {stats.frames} frames in {stats.seconds:.1f} s ({stats.fps:.1f} fps)")
        return 0
    finally:
        stop.set()
        window.close()
        for close in reversed(closers):
            try:
                close()
            except Exception:  # noqa: BLE001 - closing a device must not hide the real error
                pass


def _live_loop(config, board, commands, speaker, feed, continuous, record_to, build_blurrer, closers):

    runtime = LiveRuntime(config, speaker=speaker)
    closers.append(runtime.close)
    for note in runtime.start():  # warm, inbox, background refresh: the same work as glasses run
        _warn(note)
    recorder = RecordSwitch(default_folders(record_to, _default_folder), runtime.origin,
                            build_blurrer(config.look).blur)
    policy = replace(runtime.camera, continuous=continuous)
    loop = AssistantLoop(runtime.pipeline, board, commands, recorder=recorder, feed=feed, policy=policy,
                         say=_print_line)
    if record_to is not None:
        loop.note(recorder.toggle(0))
    return loop


def _session_parts(config, recorded, board, commands, speaker, record_to, build_blurrer, stop, exit_at_end, closers):


    stack = ExitStack()
    closers.append(stack.close)
    pipeline = stack.enter_context(replay_pipeline(recorded, config, speaker=speaker))
    recorder = RecordSwitch(default_folders(record_to, _default_folder), recorded.started_at,
                            build_blurrer(config.look).blur)
    loop = AssistantLoop(pipeline, board, commands, recorder=recorder, feed=None, say=_print_line)
    if record_to is not None:
        loop.note(recorder.toggle(0))
    return loop, lambda: loop.play_session(recorded, stop, exit_at_end=exit_at_end)


def _print_line(line: str) -> None:
    print(line, flush=True)


def _default_folder() -> Path:
    return Path.cwd() / f"glasses-recording-{datetime.now():%Y%m%d-%H%M%S}"

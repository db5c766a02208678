"""The emulator's assistant thread: the live loop of glasses.live, driven by the window.

Like ``run_live``: the session clock is the microphone's sample count; each audio chunk
is preceded by the commands that arrived since the last one (window keys, lines typed
in the terminal) and, while the camera captures, its newest frame. Outputs update the
HUD (through the pipeline's HudTracker), the conversation strip and the terminal.
``play_session`` does the same with a recorded session's inputs at real speed.

Commands (queue items, kind and value): ("button", action), ("text", line),
("talk_release", None), ("camera", None), ("record", None).
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Callable

from glasses.emulator.board import Board
from glasses.emulator.camera_feed import CameraFeed
from glasses.runtime.camera import CameraPolicy
from glasses.emulator.recorder import RecordSwitch
from glasses.emulator.view import Entry, entry_for
from glasses.events import Button, Camera, Frame, SayDuration, TextInput
from glasses.hud.state import HudTracker
from glasses.replay import conversation_line


def hud_tracker(pipeline) -> HudTracker:
    for observer in pipeline.observers:
        if isinstance(observer, HudTracker):
            return observer
    tracker = HudTracker()
    pipeline.observers.append(tracker)
    return tracker


class AssistantLoop:
    def __init__(self, pipeline, board: Board, commands: queue.Queue, *, recorder: RecordSwitch,
                 feed: CameraFeed | None = None, policy: CameraPolicy | None = None,
                 say: Callable[[str], None] = lambda line: print(line, flush=True), location=None) -> None:
        self.pipeline = pipeline
        self.tracker = hud_tracker(pipeline)
        self.board = board
        self.commands = commands
        self.recorder = recorder
        self.feed = feed
        self.policy = policy or CameraPolicy()
        self.say = say
        self.location = location  # glasses.location: poll(t_ms) -> [Location] (--gps), or None
        self.t_ms = 0
        self._frame_seq = 0

    # --- one step ---------------------------------------------------------------------------
    def _command_events(self, t_ms: int) -> list:
        events: list = []
        while True:
            try:
                kind, value = self.commands.get_nowait()
            except queue.Empty:
                return events
            if kind == "button":
                events.append(Button(t_ms, value))
            elif kind == "text":
                events.append(TextInput(t_ms, value))
            elif kind == "talk_release":
                if getattr(self.pipeline.assistant, "mode", "") == "listening":
                    events.append(Button(t_ms, "press"))  # a second press ends the command
            elif kind == "camera":
                events.append(TextInput(t_ms, self.policy.toggle_command()))
            elif kind == "record":
                self.note(self.recorder.toggle(t_ms))

    def note(self, text: str) -> None:
        self.board.add(Entry("note", text))
        self.say(f"glasses: {text}")

    def step(self, t_ms: int, inputs: list) -> None:
        """Feed ``inputs`` (already stamped ``t_ms``), after the pending commands."""
        self.t_ms = t_ms
        for event in self._command_events(t_ms) + inputs:
            self.recorder.add(event)
            if isinstance(event, Frame) and self.feed is None:
                self.board.show_frame(event.t_ms, event.bgr)
            self._outputs(self.pipeline.process(event))
            self._publish(t_ms)  # the HUD with its answer as soon as the strip has it
        self._sync_camera(t_ms)
        self._publish(t_ms)

    def _outputs(self, outs: list) -> None:
        for out in outs:
            self.policy = self.policy.apply(out)
            entry = entry_for(out)
            if entry is not None:
                self.board.add(entry)
            line = conversation_line(out)
            if line:
                self.say(line)

    def _sync_camera(self, t_ms: int) -> None:
        """Open or close the camera as the policy says; tell the HUD when nobody else did."""
        if self.feed is None:
            return
        want = self.policy.capturing
        if want != self.feed.wanted:
            self.feed.want(want)
            if not want:
                self._frame_seq = self.feed.latest()[0]
        if self.tracker.state.camera_on != want and (not want or self.policy.continuous):
            reason = "continuous" if want else "user"
            self._outputs(self.pipeline.process(Camera(t_ms, want, reason)))

    def _camera_label(self) -> str:
        if self.feed is None:
            return "session frames"
        if self.feed.problem and self.policy.capturing:
            return f"unavailable ({self.feed.problem})"
        if not self.policy.enabled:
            return "off (C: on)"
        if self.policy.capturing:
            return "on, always" if self.policy.continuous and not self.policy.looking else "capturing"
        return "closed (L looks)"

    def _publish(self, t_ms: int) -> None:
        self.board.publish(t_ms, self.tracker.state, camera=self._camera_label(),
                           capturing=self.policy.capturing, recording=self.recorder.on)

    def _new_frame(self, t_ms: int) -> list:
        if self.feed is None or not self.policy.capturing:
            return []
        seq, bgr = self.feed.latest()
        if bgr is None or seq == self._frame_seq:
            return []
        self._frame_seq = seq
        return [Frame(t_ms, bgr)]

    # --- loops --------------------------------------------------------------------------------
    def run_live(self, mic, stop: threading.Event) -> None:
        """Until ``stop``: microphone chunks (or silence) with commands and frames."""
        self._sync_camera(0)
        self._publish(0)
        while not stop.is_set():
            chunk = mic.read(timeout=0.2)
            if chunk is None:
                if getattr(mic, "exhausted", True):
                    break
                continue
            fixes = self.location.poll(chunk.t_ms) if self.location is not None else []
            self.step(chunk.t_ms, self._new_frame(chunk.t_ms) + fixes + [chunk])
        self._outputs(self.pipeline.finish(self.t_ms))
        self._publish(self.t_ms)

    def play_session(self, session, stop: threading.Event, *, exit_at_end: bool = False,
                     linger_ms: int = 1500, clock=time.monotonic) -> None:
        """The session's inputs at real speed; afterwards the clock keeps running (timers
        count down) until ``stop``, or ``linger_ms`` after the end with ``exit_at_end``."""
        start = clock()
        self._publish(0)
        for event in session.inputs():
            delay = start + event.t_ms / 1000 - clock()
            if (delay > 0 and stop.wait(delay)) or stop.is_set():
                break
            self.step(event.t_ms, [event])
        end = session.duration_ms
        outs = self.pipeline.finish(end)
        self._outputs(outs)
        for out in outs:
            # a SayDuration's length counts from its Say, not from when it was told
            ends = out.ends_at_ms if isinstance(out, SayDuration) else out.t_ms + getattr(out, "duration_ms", 0)
            end = max(end, ends)
        self._publish(self.t_ms)
        if not stop.is_set():
            self.note("end of the session" + ("" if exit_at_end else "; Q quits"))
        while not stop.is_set():
            t = int((clock() - start) * 1000)
            self._command_events(t)  # the session is over: only R (recording) still acts
            self._publish(max(t, self.t_ms))
            if exit_at_end and t >= end + linger_ms:
                break
            stop.wait(0.05)

    def close(self) -> None:
        path = self.recorder.stop()
        if path is not None:
            self.note(f"session saved to {path}")


def run_in_thread(target: Callable[[], None], board: Board) -> threading.Thread:
    """Run ``target`` on the assistant thread; a failure ends the emulator (reported by the window)."""
    def body() -> None:
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            board.finish(exc)
            return
        board.finish()

    thread = threading.Thread(target=body, name="assistant", daemon=True)
    thread.start()
    return thread

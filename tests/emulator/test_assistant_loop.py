"""The emulator's assistant thread with the real assistant: typed commands, the wake word
from microphone audio, hold-to-talk, and the camera privacy rule."""

import numpy as np

from glasses.camera import FrameCamera
from glasses.devices.mic import WavMicrophone
from glasses.emulator.camera_feed import CameraFeed
from glasses.runtime.camera import CameraPolicy
from glasses.emulator.sources import SilentMicrophone
from glasses.audio import write_wav
from glasses.events import Button, Camera, Frame, Say, State, Wake
from glasses.scriptgen import synthesize
from glasses.session import load_session


def picture():
    img = np.zeros((480, 640, 3), np.uint8)
    img[:] = (40, 160, 40)
    return img


def test_typed_commands_go_through_the_pipeline_and_reach_the_strip(rig):
    r = rig().start(SilentMicrophone())
    r.commands.put(("text", "what time is it"))
    r.wait_for(lambda: r.said())
    entries = r.board.snapshot().entries
    assert [e.kind for e in entries][:2] == ["typed", "said"]
    assert r.said()[0].startswith("It's")
    assert r.board.snapshot().hud.card is not None  # the HUD shows the answer
    assert any("typed: what time is it" in line for line in r.lines)  # and the terminal


def test_the_wake_word_in_microphone_audio_starts_a_command(rig, tmp_path):
    speech = np.concatenate([np.zeros(8000, np.int16), synthesize("hey jarvis"), np.zeros(5000, np.int16),
                             synthesize("what time is it"), np.zeros(24000, np.int16)])
    write_wav(tmp_path / "mic.wav", speech)
    r = rig().start(WavMicrophone(tmp_path / "mic.wav", realtime=False))
    r.thread.join(timeout=60)
    wakes = r.collector.of(Wake)
    assert wakes and wakes[0].source == "wakeword"
    heard = [e.text for e in r.board.snapshot().entries if e.kind == "heard"]
    assert heard and "what" in heard[0].lower()  # the command after the wake word was recognized
    assert r.said(), r.lines  # and answered


def test_space_release_ends_listening_only_while_listening(rig):
    r = rig().start(SilentMicrophone())
    r.commands.put(("talk_release", None))  # idle: nothing happens
    r.wait_for(lambda: r.loop.t_ms > 300)
    assert not r.collector.of(Button)
    r.commands.put(("button", "press"))
    r.wait_for(lambda: r.collector.of(Wake))
    r.commands.put(("talk_release", None))
    r.wait_for(lambda: [s.state for s in r.collector.of(State)][-1:] == ["idle"])  # listening ended
    assert [s.state for s in r.collector.of(State)] == ["listening", "idle"]
    assert [b.action for b in r.collector.of(Button)] == ["press", "press"]
    assert r.loop.t_ms < 5000  # ended by the release, not by the listening timeout (8 s)


def test_the_camera_opens_only_for_a_look_and_frames_are_recorded_only_then(rig):
    camera = FrameCamera([picture()], loop=True)
    feed = CameraFeed(camera, interval_s=0.05).start()
    try:
        r = rig(feed=feed).start(SilentMicrophone())
        r.commands.put(("record", None))
        r.commands.put(("text", "what time is it"))
        r.wait_for(lambda: r.said())
        assert camera.opens == 0 and camera.reads == 0  # no look, no camera
        r.commands.put(("button", "long_press"))  # L
        r.wait_for(lambda: len(r.collector.of(Camera)) >= 2 and len(r.said()) >= 2)
        on, off = r.collector.of(Camera)[:2]
        assert on.on and not off.on
        assert camera.opens == 1 and camera.reads > 0
        r.wait_for(lambda: not camera.is_open, timeout=3)
        frames = r.collector.of(Frame)
        assert frames and all(on.t_ms <= f.t_ms <= off.t_ms for f in frames)
        reads = camera.reads
        r.wait_for(lambda: r.loop.t_ms > off.t_ms + 800)
        assert camera.reads == reads  # closed: no more frames
        r.commands.put(("record", None))
        r.wait_for(lambda: any("session saved" in line for line in r.lines))
        session = load_session(r.recorder.folders())
        assert session.frames and len(session.frames) <= len(frames)
        assert [e["text"] for e in session.events if e["type"] == "text"] == ["what time is it"]
        assert any(e.get("action") == "long_press" for e in session.events)
    finally:
        feed.close()


def test_camera_always_stays_on_until_switched_off(rig):
    camera = FrameCamera([picture()], loop=True)
    feed = CameraFeed(camera, interval_s=0.05).start()
    try:
        r = rig(feed=feed, policy=CameraPolicy(continuous=True)).start(SilentMicrophone())
        r.wait_for(lambda: r.collector.of(Frame))
        assert r.board.snapshot().hud.camera_on  # the privacy indicator
        assert r.board.snapshot().camera == "on, always"
        r.commands.put(("camera", None))  # C: types "camera off"
        r.wait_for(lambda: any(isinstance(s, Say) and s.card and getattr(s.card, "on", None) is False
                               for s in r.collector.of(Say)))
        r.wait_for(lambda: not camera.is_open, timeout=3)
        r.wait_for(lambda: not r.board.snapshot().hud.camera_on, timeout=3)
        assert r.board.snapshot().camera.startswith("off")
        r.commands.put(("camera", None))  # C again: "camera on"
        r.wait_for(lambda: camera.is_open and r.board.snapshot().hud.camera_on)
    finally:
        feed.close()

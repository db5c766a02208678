import cv2
import numpy as np
import pytest

from glasses.camera import FrameCamera, ImageFolderCamera, OpenCVCamera, VideoFileCamera
from glasses.camera.choice import camera_from_arg
from glasses.emulator.sources import SilentMicrophone
from glasses.errors import GlassesError


def test_camera_arguments(tmp_path):
    assert isinstance(camera_from_arg("0").camera, OpenCVCamera)
    assert isinstance(camera_from_arg("/dev/video2").camera, OpenCVCamera)
    img = np.full((48, 64, 3), 200, np.uint8)
    cv2.imwrite(str(tmp_path / "a.png"), img)
    folder = camera_from_arg(str(tmp_path))
    assert isinstance(folder.camera, ImageFolderCamera) and folder.interval_s >= 1
    still = camera_from_arg(str(tmp_path / "a.png"))
    assert isinstance(still.camera, FrameCamera)
    assert still.camera.read().shape == (48, 64, 3) and still.camera.read() is not None  # stays
    video = tmp_path / "clip.avi"
    out = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for _ in range(3):
        out.write(img)
    out.release()
    choice = camera_from_arg(str(video))
    assert isinstance(choice.camera, VideoFileCamera)
    assert choice.camera.read() is not None
    choice.camera.close()


def test_a_missing_camera_source_is_one_line(tmp_path):
    with pytest.raises(GlassesError, match="not a webcam index") as info:
        camera_from_arg(str(tmp_path / "nope.mp4"))
    assert "\n" not in str(info.value)


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, s):
        self.slept.append(s)
        self.now += s


def test_silent_microphone_paces_silence_on_the_session_clock():
    clock = FakeClock()
    mic = SilentMicrophone(chunk_ms=80, clock=clock, sleep=clock.sleep)
    chunks = [mic.read() for _ in range(5)]
    assert [c.t_ms for c in chunks] == [0, 80, 160, 240, 320]
    assert all(c.duration_ms == 80 and not any(c.pcm) for c in chunks)
    assert clock.now == pytest.approx(100.0 + 5 * 0.08)  # each chunk waits until its audio has passed
    assert mic.read(timeout=0.01) is None  # not due yet: waits at most the timeout

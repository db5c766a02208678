"""The video writer: every frame blurred on a worker before the file enters the gallery, a frame
cap from max_video_s and fps, output readable by cv2.VideoCapture."""

from __future__ import annotations

import json
import stat
import threading
from datetime import datetime, timezone
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from glasses.capture.blur import FaceBlur, NoFaceBlur
from glasses.capture.centerface import CenterFaceDetector
from glasses.capture.gallery import CaptureMeta, DiskUsage, Gallery, LowSpaceError
from glasses.capture.video import VideoRecorder, open_writer, spans

DATA = Path(__file__).parent / "data" / "faces"
TRUTH = json.loads((DATA / "faces.json").read_text())["frames"]
META = CaptureMeta(time=datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc))


def read_all(path: Path) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, img = cap.read()
        if not ok:
            break
        frames.append(img)
    cap.release()
    return frames


def covered(truth, dets) -> bool:
    x, y, w, h = truth
    return any(max(0, min(x + w, dx + dw) - max(x, dx)) * max(0, min(y + h, dy + dh) - max(y, dy)) >= 0.5 * w * h
               for dx, dy, dw, dh in dets)


class Gate:
    """Holds the real blurrer until released, to look at the gallery while the worker is busy."""

    def __init__(self, inner):
        self.inner = inner
        self.open = threading.Event()

    def blur(self, bgr):
        self.open.wait(30)
        return self.inner.blur(bgr)


@pytest.fixture(scope="module")
def detector():
    return CenterFaceDetector(threshold=0.2)


def test_video_blurred_capped_and_readable(tmp_path, detector):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    gate = Gate(FaceBlur(detector))
    photos = [cv2.imread(str(DATA / n)) for n in ("obama.jpg", "astronaut.jpg", "grace_hopper.jpg")]
    rec = VideoRecorder(g, gate, META, (640, 480), fps=10, max_s=1.2)
    assert rec.max_frames == 12
    took = [rec.add(photos[i % 3], t_ms=5000 + i * 100) for i in range(20)]
    assert took[:11] == [True] * 11 and took[11:] == [False] * 9      # the 12th fills the cap
    rec.stop()
    assert g.list() == []                                            # not saved until blurred and closed
    assert all(p.parent.name == ".pending" for p in (tmp_path / "g").rglob("*") if p.is_file())
    gate.open.set()
    item = rec.wait(120)
    assert [i.id for i in g.list()] == [item.id] and item.kind == "video"
    path = g.media_path(item)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list((tmp_path / "g" / ".pending").iterdir()) == []
    frames = read_all(path)
    assert len(frames) == 12 == item.extra["frames"]
    with av.open(str(path)) as container:            # sound off: the file has a video track only
        assert len(container.streams.video) == 1 and len(container.streams.audio) == 0
    assert frames[0].shape == (480, 640, 3)
    assert item.extra["codec"] in ("avc1", "mjpg") and path.suffix == {"avc1": ".mp4", "mjpg": ".avi"}[item.extra["codec"]]
    assert item.faces_blurred >= 12
    for i, img in enumerate(frames):
        name = ("obama.jpg", "astronaut.jpg", "grace_hopper.jpg")[i % 3]
        assert not covered(TRUTH[name][0], detector.faces(img)), f"frame {i}: a face is left"
        # the picture itself is there (not a blank frame): away from the face it matches the photo
        assert np.abs(img[-40:, :40].astype(int) - photos[i % 3][-40:, :40].astype(int)).mean() < 12


def test_frames_follow_the_clock(tmp_path):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    rec = VideoRecorder(g, NoFaceBlur(), META, (64, 48), fps=10, max_s=10)
    shades = {0: 40, 30: 60, 330: 120, 340: 200}          # ms -> grey level
    for t, v in shades.items():
        rec.add(np.full((48, 64, 3), v, np.uint8), t)
    item = rec.wait(60)
    levels = [int(round(f.mean())) for f in read_all(g.media_path(item))]
    # slot 0 at 0 ms (30 ms is early: dropped), slots 1-2 repeat it over the gap, 330 ms fills slot 3,
    # 340 ms is early again
    assert len(levels) == 4 and item.extra["duration_s"] == 0.4
    assert all(abs(v - 40) < 8 for v in levels[:3]) and abs(levels[3] - 120) < 8


def test_video_refused_on_low_disk_space(tmp_path):
    g = Gallery(tmp_path / "g", min_free_bytes=100 * 2**20, disk_usage=lambda p: DiskUsage(2**30, 2**30, 10 * 2**20))
    with pytest.raises(LowSpaceError, match="not enough free space to save a video: 10 MB free"):
        VideoRecorder(g, NoFaceBlur(), META, (64, 48))
    assert not (tmp_path / "g").exists()


def test_a_video_with_no_frames_is_not_saved(tmp_path):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    rec = VideoRecorder(g, NoFaceBlur(), META, (64, 48))
    with pytest.raises(Exception, match="no frames"):
        rec.wait(30)
    assert g.list() == [] and list((tmp_path / "g" / ".pending").iterdir()) == []


def test_spans_cover_a_face_on_its_way():
    # a 40 px face seen at x=0 and at x=100 (further than its width): the span covers the way between
    boxes = spans([(0, 10, 40, 40)], [(100, 12, 40, 40)])
    assert (0, 10, 140, 42) in boxes and len(boxes) == 3
    assert spans([(0, 0, 20, 20)], [(300, 300, 20, 20)]) == [(0, 0, 20, 20), (300, 300, 20, 20)]   # not the same face
    assert spans([], [(1, 1, 5, 5)]) == [(1, 1, 5, 5)]


def test_codec_probe_here(tmp_path):
    writer, path, fmt = open_writer(tmp_path / "probe", 15, (64, 48), "auto")
    writer.release()
    assert fmt.codec in ("avc1", "mjpg") and path.suffix == fmt.ext
    writer, path, fmt = open_writer(tmp_path / "probe2", 15, (64, 48), "mjpg")
    writer.release()
    assert fmt.codec == "mjpg" and path.suffix == ".avi"


def test_pending_leftovers_are_removed(tmp_path):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    (g.pending_dir() / "video-crashed.avi").write_bytes(b"unblurred")
    assert g.clean_pending() == 1 and list(g.pending_dir().iterdir()) == []


class Counting:
    """The real detector, counting how often it runs."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = 0

    def faces(self, bgr):
        self.calls += 1
        return self.inner.faces(bgr)


def panning_frames():
    """A camera panning across two real photos, 32 px a frame: the faces move through the frame."""
    left, right = cv2.imread(str(DATA / "obama.jpg")), cv2.imread(str(DATA / "grace_hopper.jpg"))
    wide = np.hstack([left, right])
    faces = [TRUTH["obama.jpg"][0], [TRUTH["grace_hopper.jpg"][0][0] + 640, *TRUTH["grace_hopper.jpg"][0][1:]]]
    for x in range(0, 641, 32):
        boxes = [[fx - x, fy, fw, fh] for fx, fy, fw, fh in faces if fx - x >= 0 and fx - x + fw <= 640]
        yield wide[:, x:x + 640].copy(), boxes


@pytest.mark.parametrize("every", [1, 3])
def test_moving_faces_stay_blurred_when_detecting_every_third_frame(tmp_path, detector, every):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    counting = Counting(detector)
    rec = VideoRecorder(g, FaceBlur(counting), META, (640, 480), fps=10, max_s=10, detect_every=every)
    frames = list(panning_frames())
    for i, (img, _boxes) in enumerate(frames):
        rec.add(img, i * 100)
    item = rec.wait(180)
    out = read_all(g.media_path(item))
    assert len(out) == len(frames) == 21
    assert counting.calls == (21 if every == 1 else 8)           # frames 0, 3, ..., 18 and the last
    for i, (img, (orig, boxes)) in enumerate(zip(out, frames)):
        if every == 3:      # the faces are there to find before blurring
            assert all(covered(box, detector.faces(orig)) for box in boxes), f"frame {i}"
        found = detector.faces(img)
        for box in boxes:
            assert not covered(box, found), f"frame {i}: the face at {box} is recognizable"

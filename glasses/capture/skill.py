"""The capture skill: "take a photo", "record a video", "stop recording" (and "stop").

A photo is a look (the Look protocol, camera reason "photo"): the assistant opens the camera and
hands the first frame to ``see`` on its worker, which reads the frame's text and barcodes for the
sidecar, blurs the faces and writes the JPEG atomically (glasses/capture/photo.py); ``answer``
says it and emits the CaptureSaved event. A video is filmed (the Films protocol): the reply that
starts it emits Camera(on, "video"), every frame is queued to the recorder (glasses/capture/video.py,
whose own thread blurs and writes), and "stop recording", "stop", a double press, the camera
switch or ``max_video_s`` end it with Camera(off, "video"). The video counts as saved only when
its blurred file is committed: then CaptureSaved is emitted (at once in a replay, which waits for
the worker so the stream is repeatable; live, from ``due`` when the worker is done).

Refused in one spoken line, before the camera opens: the camera switch is off, the privacy LED
cannot be driven (on the rig), or the gallery's disk is short of ``min_free_mb``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from glasses.capture.blur import FaceBlur, NoFaceBlur
from glasses.capture.cards import CaptureCard
from glasses.capture.config import CaptureConfig
from glasses.capture.events import CaptureSaved
from glasses.capture.gallery import CaptureMeta, Gallery, GalleryError, Item, LowSpaceError, Place
from glasses.capture.photo import save_photo
from glasses.capture.video import VideoRecorder
from glasses.events import Camera, Intent
from glasses.skills.base import Context, Reply
from glasses.skills.spoken import count

log = logging.getLogger("glasses.capture")

INTENTS = ("take_photo", "record_video", "stop_recording", "toggle_recording")
CAMERA_OFF = "The camera is off. Say camera on first."
NO_LED = "I can't take photos or videos: the privacy light isn't working."


@dataclass(frozen=True, slots=True)
class Failed:
    """A photo that could not be stored (what ``see`` returns instead of an Item)."""

    say: str


@dataclass
class Recording:
    started_ms: int
    meta: CaptureMeta
    recorder: VideoRecorder | None = None   # opened at the first frame (its size)


class CaptureSkill:
    intents = INTENTS
    examples = ("take a photo", "record a video")

    def __init__(self, config: CaptureConfig, gallery: Gallery, *, blur: Callable[[], FaceBlur | NoFaceBlur],
                 read: Callable[[np.ndarray], tuple[str, tuple[str, ...]]] | None = None,
                 camera_enabled: Callable[[], bool] = lambda: True, wait_for_videos: bool = False,
                 place_name: Callable[[float, float], str] = lambda lat, lon: "") -> None:
        """blur: makes the face blurrer (once, at the first capture or ``warm``); read: a frame's
        (text, barcodes) for the sidecar, or None; camera_enabled: the wearer's camera switch;
        wait_for_videos: a replay waits for the blurring worker when a video stops (repeatable)."""
        self.config = config
        self.gallery = gallery
        self._make_blur = blur
        self._blur: FaceBlur | NoFaceBlur | None = None
        self.read = read
        self._camera_enabled = camera_enabled
        self.wait_for_videos = wait_for_videos
        self._place_name = place_name
        self.led_problem = ""              # set by the rig's driver when the privacy LED cannot be driven
        self._fix: Any = None
        self._rec: Recording | None = None
        self._saving: list[VideoRecorder] = []
        self.last: Item | None = None
        self._pending_meta: CaptureMeta | None = None

    # --- what may capture ----------------------------------------------------------------------
    def privacy_led(self, problem: str) -> None:
        """The driver's word on the privacy LED ("" when it works): with a problem, nothing is captured."""
        self.led_problem = problem

    def refusal(self, what: str) -> str | None:
        """The one spoken line that refuses a capture, or None when it may go ahead."""
        if not self._camera_enabled():
            return CAMERA_OFF
        if self.led_problem:
            return NO_LED
        try:
            self.gallery.check_space(what)
        except LowSpaceError:
            return f"There isn't enough free space to save {what}."
        return None

    def blur(self) -> FaceBlur | NoFaceBlur:
        if self._blur is None:
            self._blur = self._make_blur()
        return self._blur

    def warm(self, ctx: Context) -> None:
        self.blur()
        self.gallery.clean_pending()

    def _meta(self, ctx: Context, text: str = "", barcodes: tuple[str, ...] = ()) -> CaptureMeta:
        fix = self._fix
        place = Place(round(fix.lat, 6), round(fix.lon, 6), self._place_name(fix.lat, fix.lon)) \
            if fix is not None else None
        return CaptureMeta(time=ctx.now, place=place, text=text, barcodes=barcodes)

    def locate(self, fix: Any, ctx: Context) -> Iterable[Any]:
        self._fix = fix          # the place in the sidecar; nothing is said
        return ()

    # --- photos: a look ------------------------------------------------------------------------
    def needs_camera(self, intent: Intent) -> bool:
        return intent.name == "take_photo" and self.refusal("a photo") is None

    def camera_reason(self, intent: Intent, ctx: Context) -> str:
        self._pending_meta = self._meta(ctx)   # the photo is dated and placed when it was asked for
        return "photo"

    def see(self, bgr: np.ndarray) -> Item | Failed:
        """On the worker: the frame's text and barcodes, its faces blurred, stored atomically."""
        text, codes = self.read(bgr) if self.read is not None else ("", ())
        asked = self._pending_meta
        if asked is None:
            return Failed("I couldn't save the photo.")
        meta = CaptureMeta(time=asked.time, place=asked.place, text=text, barcodes=codes)
        try:
            return save_photo(self.gallery, self.blur(), bgr, meta, self.config.jpeg_quality)
        except LowSpaceError:
            return Failed("There isn't enough free space to save a photo.")
        except GalleryError as exc:
            log.error("photo not saved: %s", exc)
            return Failed("I couldn't save the photo.")

    def answer(self, intent: Intent, sighting: Any, frames_seen: int, ctx: Context) -> Reply:
        self._pending_meta = None
        if isinstance(sighting, Failed):
            return Reply(sighting.say)
        if not isinstance(sighting, Item):
            return Reply("The camera gave me no picture, so nothing was saved.")
        self.last = sighting
        faces = f", {count(sighting.faces_blurred, 'face')} blurred" if sighting.faces_blurred else ""
        return Reply(f"Photo saved{faces}.",
                     CaptureCard(title="Photo saved", lines=self._lines(sighting), item=sighting.id,
                                 media="photo", faces_blurred=sighting.faces_blurred),
                     (CaptureSaved(ctx.t_ms, "photo", str(self.gallery.media_path(sighting))),))

    @staticmethod
    def _lines(item: Item) -> tuple[str, ...]:
        lines = [item.id]
        if item.faces_blurred and item.kind == "photo":
            lines.append(f"{item.faces_blurred} face{'s' if item.faces_blurred != 1 else ''} blurred")
        elif item.faces_blurred:
            lines.append("faces blurred")
        if item.extra.get("duration_s"):
            lines.append(f"{item.extra['duration_s']:.0f} s")
        return tuple(lines)

    # --- videos: filming -----------------------------------------------------------------------
    @property
    def filming(self) -> bool:
        return self._rec is not None

    def _start(self, ctx: Context) -> Reply:
        if self._rec is not None:
            return Reply("I'm already recording. Say stop recording to end it.")
        refused = self.refusal("a video")
        if refused:
            return Reply(refused)
        self._rec = Recording(ctx.t_ms, self._meta(ctx))
        return Reply("Recording.", CaptureCard(title="Recording", lines=("say stop to end",), media="video",
                                               recording=True), (Camera(ctx.t_ms, True, "video"),))

    def film(self, frame: Any, ctx: Context) -> Iterable[Any]:
        """Queue one frame (the recorder's thread blurs and writes); the end when a limit is reached."""
        rec = self._rec
        if rec is None:
            return []
        if not self._camera_enabled():
            return self._end(ctx, "The camera was switched off, so the recording stopped.")
        if ctx.t_ms - rec.started_ms >= self.config.max_video_s * 1000:
            return self._end(ctx, self._cap_line())
        if rec.recorder is None:
            h, w = frame.bgr.shape[:2]
            try:
                rec.recorder = VideoRecorder(self.gallery, self.blur(), rec.meta, (w, h), fps=self.config.video_fps,
                                             max_s=self.config.max_video_s, codec=self.config.video_codec,
                                             detect_every=self.config.video_detect_every)
            except LowSpaceError:
                self._rec = None
                return [Camera(ctx.t_ms, False, "video"), Reply("There isn't enough free space to save a video.")]
            except GalleryError as exc:
                log.error("video not started: %s", exc)
                self._rec = None
                return [Camera(ctx.t_ms, False, "video"), Reply("I couldn't start the video.")]
        if not rec.recorder.add(frame.bgr, ctx.t_ms):
            return self._end(ctx, self._cap_line())
        return []

    def _cap_line(self) -> str:
        return f"That's the {self.config.max_video_s:.0f}-second limit, so the recording stopped."

    def _end(self, ctx: Context, said: str = "") -> list:
        """Stop the recording: the camera off now; the video saved (replay) or saving (live)."""
        rec, self._rec = self._rec, None
        if rec is None:
            return []
        out: list = [Camera(ctx.t_ms, False, "video")]
        if rec.recorder is None:
            out.append(Reply(f"{said} No frames came from the camera, so no video was saved.".strip()))
            return out
        rec.recorder.stop()
        if self.wait_for_videos:
            out.append(self._saved_reply(rec.recorder, ctx, said))
        else:
            self._saving.append(rec.recorder)
            out.append(Reply(f"{said} Saving the video.".strip(),
                             CaptureCard(title="Saving the video", lines=("blurring faces",), media="video",
                                         recording=False)))
        return out

    def _saved_reply(self, recorder: VideoRecorder, ctx: Context, said: str = "") -> Reply:
        try:
            item = recorder.wait()
        except (GalleryError, TimeoutError) as exc:
            log.error("video not saved: %s", exc)
            return Reply(f"{said} The video could not be saved.".strip())
        self.last = item
        seconds = item.extra.get("duration_s", 0)
        faces = f", faces blurred" if item.faces_blurred else ""
        return Reply(f"{said} Video saved: {count(round(seconds), 'second')}{faces}.".strip(),
                     CaptureCard(title="Video saved", lines=self._lines(item), item=item.id, media="video",
                                 faces_blurred=item.faces_blurred),
                     (CaptureSaved(ctx.t_ms, "video", str(self.gallery.media_path(item))),))

    def stop(self, ctx: Context) -> Iterable[Any]:
        """"Stop" and the double press end a recording (nothing else of ours makes noise)."""
        return self._end(ctx, "Recording stopped.") if self._rec is not None else []

    def due(self, ctx: Context) -> Iterable[Reply]:
        """The length cap when frames stopped coming; videos whose worker has finished (live)."""
        out: list[Reply] = []
        if self._rec is not None and ctx.t_ms - self._rec.started_ms >= self.config.max_video_s * 1000:
            ended = self._end(ctx, self._cap_line())
            return [Reply(r.text, r.card, (*[e for e in ended if not isinstance(e, Reply)], *r.events))
                    for r in ended if isinstance(r, Reply)]
        for recorder in list(self._saving):
            if recorder.done:
                self._saving.remove(recorder)
                out.append(self._saved_reply(recorder, ctx))
        return out

    # --- the Skill protocol ----------------------------------------------------------------------
    def handle(self, intent: Intent, ctx: Context) -> Reply:
        if intent.name == "take_photo":   # reached only when refused (needs_camera said no)
            return Reply(self.refusal("a photo") or "I couldn't open the camera.")
        if intent.name == "record_video":
            return self._start(ctx)
        if intent.name == "toggle_recording" and self._rec is None:
            return self._start(ctx)
        if intent.name in ("stop_recording", "toggle_recording"):
            if self._rec is None:
                return Reply("I'm not recording.")
            ended = self._end(ctx, "Recording stopped.")
            replies = [r for r in ended if isinstance(r, Reply)]
            events = tuple(e for e in ended if not isinstance(e, Reply))
            reply = replies[-1]
            return Reply(reply.text, reply.card, events + reply.events)
        return Reply("I can't do that with the camera.")

    def close(self) -> None:
        for recorder in [*self._saving, *([self._rec.recorder] if self._rec and self._rec.recorder else [])]:
            try:
                recorder.wait(timeout=30)
            except Exception as exc:  # noqa: BLE001 - shutting down: say it in the log, go on
                log.error("video not saved at shutdown: %s", exc)
        self._rec, self._saving = None, []

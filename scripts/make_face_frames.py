"""Make the 640x480 test frames in tests/capture/data/faces/ from real photos that ship in
registry packages (run once; the frames are kept in the repository):

    pip download --no-deps -d DL matplotlib==3.11.2 scikit-image==0.26.0
    pip download --no-deps --no-binary :all: -d DL face-recognition==1.3.0
    python scripts/make_face_frames.py DL tests/capture/data/faces

Sources: scikit-image's astronaut.png (NASA, public domain), camera.png (the cameraman) and
lfw_subset.npy (Labeled Faces in the Wild crops); matplotlib's grace_hopper.jpg (US Navy,
public domain); face_recognition's tests/test_images (obama*.jpg, biden.jpg; MIT package).
"""

from __future__ import annotations

import io
import sys
import tarfile
import zipfile
from pathlib import Path

import cv2
import numpy as np

W, H = 640, 480


def fit(img: np.ndarray, w: int = W, h: int = H, bg=(120, 120, 120)) -> np.ndarray:
    s = min(w / img.shape[1], h / img.shape[0])
    r = cv2.resize(img, (round(img.shape[1] * s), round(img.shape[0] * s)), interpolation=cv2.INTER_AREA)
    canvas = np.full((h, w, 3), bg, np.uint8)
    y0, x0 = (h - r.shape[0]) // 2, (w - r.shape[1]) // 2
    canvas[y0:y0 + r.shape[0], x0:x0 + r.shape[1]] = r
    return canvas


def _decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def main(dl: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    sk = zipfile.ZipFile(next(dl.glob("scikit_image-*.whl")))
    mpl = zipfile.ZipFile(next(dl.glob("matplotlib-*.whl")))
    fr = tarfile.open(next(dl.glob("face_recognition-*.tar.gz")))
    tests = {Path(m.name).name: m for m in fr.getmembers() if "/tests/test_images/" in m.name}
    singles = {
        "astronaut": _decode(sk.read("skimage/data/astronaut.png")),
        "cameraman": _decode(sk.read("skimage/data/camera.png")),
        "grace_hopper": _decode(mpl.read("matplotlib/mpl-data/sample_data/grace_hopper.jpg")),
    }
    for name in ("obama", "obama2", "obama3", "biden"):
        singles[name] = _decode(fr.extractfile(tests[f"{name}.jpg"]).read())
    jpeg = [cv2.IMWRITE_JPEG_QUALITY, 90]
    for name, img in singles.items():
        cv2.imwrite(str(out / f"{name}.jpg"), fit(img), jpeg)
    # five people in a row, small faces (as across a room)
    row = np.full((H, W, 3), (110, 110, 110), np.uint8)
    for i, name in enumerate(["astronaut", "grace_hopper", "obama", "biden", "obama2"]):
        row[140:340, i * 128:(i + 1) * 128] = fit(singles[name], 128, 200)
    cv2.imwrite(str(out / "five_small.jpg"), row, jpeg)
    # twelve LFW faces (25x25 grey crops upscaled to 96 px: distant, soft faces)
    lfw = np.load(io.BytesIO(sk.read("skimage/data/lfw_subset.npy")))[:12]
    grid = np.full((H, W, 3), (90, 90, 90), np.uint8)
    for i, face in enumerate(lfw):
        g = cv2.resize((face * 255).astype(np.uint8), (96, 96), interpolation=cv2.INTER_CUBIC)
        r, c = divmod(i, 4)
        y, x = 40 + r * 150, 40 + c * 150
        grid[y:y + 96, x:x + 96] = cv2.cvtColor(g, cv2.COLOR_GRAY2BGR)
    cv2.imwrite(str(out / "lfw_twelve.jpg"), grid, jpeg)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

"""Synthetic test pictures with real variation: barcodes printed on packaging-like
images seen in perspective with blur, glare, noise and JPEG loss, and labels rendered
in several fonts. Used by tests/look and to make the demo images:

    python -m glasses.look.synth OUTDIR     # demo pictures for the demo catalog

Everything is seeded: the same arguments give the same pixels.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from glasses.products import gtin

_L = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011",
      "0110111", "0001011"]
_R = ["".join("1" if b == "0" else "0" for b in c) for c in _L]
_G = [c[::-1] for c in _R]
_PARITY = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL",
           "LGGLGL"]

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")


def ean_modules(code: str) -> str:
    """The bar pattern (1 = bar) of an EAN-13 (or 12-digit UPC-A) or EAN-8 code."""
    if len(code) == 12:
        code = "0" + code
    if not gtin.is_valid(code) or len(code) not in (8, 13):
        raise ValueError(f"not a valid EAN-13/UPC-A/EAN-8 code: {code}")
    if len(code) == 8:
        left = "".join(_L[int(d)] for d in code[:4])
        right = "".join(_R[int(d)] for d in code[4:])
    else:
        parity = _PARITY[int(code[0])]
        left = "".join((_L if p == "L" else _G)[int(d)] for p, d in zip(parity, code[1:7]))
        right = "".join(_R[int(d)] for d in code[7:])
    return "101" + left + "01010" + right + "101"


def render_barcode(code: str, module: int = 3, height: int = 90) -> np.ndarray:
    """A printed EAN/UPC label: white background, bars, quiet zones, digits underneath."""
    import cv2

    bits = ean_modules(code)
    quiet = 11
    w = (len(bits) + 2 * quiet) * module
    h = height + 30
    img = np.full((h, w), 255, np.uint8)
    for i, b in enumerate(bits):
        if b == "1":
            x = (quiet + i) * module
            img[8:8 + height, x:x + module] = 0
    scale = module * 0.32
    (tw, th), _ = cv2.getTextSize(code, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)
    cv2.putText(img, code, ((w - tw) // 2, h - 6), cv2.FONT_HERSHEY_SIMPLEX, scale, 0, max(1, module // 2),
                cv2.LINE_AA)
    return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)


def render_qr(text: str, module: int = 6) -> np.ndarray:
    import cv2

    qr = cv2.QRCodeEncoder.create().encode(text)
    qr = cv2.resize(qr, (qr.shape[1] * module, qr.shape[0] * module), interpolation=cv2.INTER_NEAREST)
    return cv2.cvtColor(qr, cv2.COLOR_GRAY2BGR)


def fonts() -> list[Path]:
    """TrueType fonts of several families found on this machine (may be empty)."""
    wanted = ("DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf", "DejaVuSerif-Bold.ttf",
              "DejaVuSansCondensed.ttf", "LiberationSans-Regular.ttf", "FreeSans.ttf", "Arial.ttf")
    found: dict[str, Path] = {}
    for d in FONT_DIRS:
        root = Path(d)
        if not root.is_dir():
            continue
        for p in root.rglob("*.ttf"):
            if p.name in wanted and p.name not in found:
                found[p.name] = p
    return [found[n] for n in wanted if n in found]


def _font(path: Path | None, size: int):
    if path is None:
        return ImageFont.load_default(size)  # Pillow's bundled font
    return ImageFont.truetype(str(path), size)


def render_label(lines: list[str], font: Path | None = None, size: int = 44,
                 fg=(25, 25, 40), bg=(236, 230, 214), width: int = 720, pad: int = 36) -> np.ndarray:
    """Text lines on a plain card (BGR), one font."""
    import cv2

    f = _font(font, size)
    sizes = [ImageDraw.Draw(Image.new("RGB", (1, 1))).textbbox((0, 0), t, font=f) for t in lines]
    h = pad * 2 + sum((b[3] - b[1]) + size // 2 for b in sizes)
    w = max(width, max(b[2] - b[0] for b in sizes) + pad * 2)
    im = Image.new("RGB", (w, h), bg[::-1])
    d = ImageDraw.Draw(im)
    y = pad
    for t, b in zip(lines, sizes):
        d.text((pad, y - b[1]), t, font=f, fill=fg[::-1])
        y += (b[3] - b[1]) + size // 2
    return cv2.cvtColor(np.array(im), cv2.COLOR_RGB2BGR)


@dataclass(frozen=True)
class Variation:
    """How a camera sees the package: tilt (perspective 0..0.25), rotation in degrees,
    blur sigma in pixels, glare strength 0..1, noise sigma, JPEG quality, output size."""

    tilt: float = 0.08
    rotate: float = 4.0
    blur: float = 0.8
    glare: float = 0.3
    noise: float = 4.0
    jpeg: int = 80
    size: tuple[int, int] = (640, 480)
    scale: float = 0.8


def package(code: str | None = None, title: list[str] | None = None, font: Path | None = None,
            seed: int = 0, color=(70, 130, 200), qr: str | None = None) -> np.ndarray:
    """A flat packaging face: coloured panel, product text, a barcode (or QR) patch."""
    import cv2

    rng = np.random.default_rng(seed)
    h, w = 620, 860
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.array(color, np.float32)
    grad = (0.75 + 0.25 * (xx / w))[..., None] * base
    img = np.clip(grad + rng.normal(0, 3, (h, w, 3)), 0, 255).astype(np.uint8)
    cv2.circle(img, (int(w * 0.82), int(h * 0.2)), 90, tuple(int(c) for c in (base * 0.6)), -1, cv2.LINE_AA)
    if title:
        label = render_label(title, font, size=46, bg=(245, 242, 235))
        lh, lw = label.shape[:2]
        s = min(1.0, (w - 60) / lw, (h * 0.45) / lh)
        label = cv2.resize(label, (int(lw * s), int(lh * s)), interpolation=cv2.INTER_AREA)
        img[30:30 + label.shape[0], 30:30 + label.shape[1]] = label
    patch = render_qr(qr) if qr else render_barcode(code, module=6, height=160) if code else None
    if patch is not None:
        ph, pw = patch.shape[:2]
        s = min(1.0, (w * 0.62) / pw, (h * 0.45) / ph)
        patch = cv2.resize(patch, (int(pw * s), int(ph * s)), interpolation=cv2.INTER_AREA)
        y0, x0 = h - patch.shape[0] - 40, w - patch.shape[1] - 40
        img[y0:y0 + patch.shape[0], x0:x0 + patch.shape[1]] = patch
    return img


def photograph(flat: np.ndarray, v: Variation = Variation(), seed: int = 0) -> np.ndarray:
    """The package as a camera sees it: in front of a background, in perspective,
    rotated, with glare, blur, sensor noise and JPEG compression."""
    import cv2

    rng = np.random.default_rng(seed)
    W, H = v.size
    bg = np.clip(rng.normal(110, 25, (H // 8 + 1, W // 8 + 1, 3)), 0, 255).astype(np.uint8)
    bg = cv2.resize(bg, (W, H), interpolation=cv2.INTER_CUBIC)
    h, w = flat.shape[:2]
    s = v.scale * min(W / w, H / h)
    cx, cy = W / 2 + rng.uniform(-0.05, 0.05) * W, H / 2 + rng.uniform(-0.05, 0.05) * H
    corners = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]]) * s
    a = np.deg2rad(v.rotate * rng.choice([-1, 1]))
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    corners = corners @ rot.T
    jitter = rng.uniform(-v.tilt, v.tilt, (4, 2)) * np.array([w * s, h * s])
    dst = (corners + jitter + [cx, cy]).astype(np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    M = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(flat, M, (W, H), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), M, (W, H))
    img = np.where(mask[..., None] > 0, warped, bg).astype(np.float32)
    if v.glare > 0:
        gx, gy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        r = min(W, H) * rng.uniform(0.12, 0.25)
        glare = np.exp(-(((xx - gx) ** 2) / (2 * (r * 1.6) ** 2) + ((yy - gy) ** 2) / (2 * r ** 2)))
        img = img + 255 * v.glare * glare[..., None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    if v.blur > 0:
        img = cv2.GaussianBlur(img, (0, 0), v.blur)
    if v.noise > 0:
        img = np.clip(img.astype(np.float32) + rng.normal(0, v.noise, img.shape), 0, 255).astype(np.uint8)
    ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, v.jpeg])
    return cv2.imdecode(enc, cv2.IMREAD_COLOR)


DEMO = [  # file name, code, title lines, colour, variation
    ("oat-drink-barcode.jpg", "2000001000014", ["Northfield", "OAT DRINK", "1 L"], (170, 120, 60),
     Variation(tilt=0.08, rotate=6, blur=0.9, glare=0.35, noise=4)),
    ("peanut-butter-barcode.jpg", "2000001000250", ["Golden Acre", "Crunchy Peanut Butter"],
     (40, 150, 210), Variation(tilt=0.12, rotate=-10, blur=1.2, glare=0.2, noise=6, jpeg=70)),
    ("hummus-front.jpg", None, ["Levant Table", "CLASSIC HUMMUS", "200 g"], (90, 170, 120),
     Variation(tilt=0.06, rotate=3, blur=0.7, glare=0.15, noise=3)),
    ("chocolate-front.jpg", None, ["BRAVA", "Dark chocolate", "with hazelnuts"], (40, 50, 90),
     Variation(tilt=0.1, rotate=-5, blur=0.8, glare=0.25, noise=4)),
    ("unknown-barcode.jpg", "4006381333931", ["Fine pencils", "HB"], (200, 200, 200),
     Variation(tilt=0.1, rotate=8, blur=1.0, glare=0.3, noise=5)),
    ("sign.jpg", None, ["Checkout closed", "Please use till 4"], (230, 230, 230),
     Variation(tilt=0.05, rotate=2, blur=0.6, glare=0.1, noise=3)),
]


def make_demo_images(out: Path) -> list[Path]:
    """Write the demo pictures (see DEMO) into ``out``."""
    import cv2

    out.mkdir(parents=True, exist_ok=True)
    fs = fonts() or [None]
    written = []
    for i, (name, code, title, color, v) in enumerate(DEMO):
        flat = package(code, title, fs[i % len(fs)], seed=i, color=color)
        img = photograph(flat, v, seed=100 + i)
        path = out / name
        cv2.imwrite(str(path), img, [cv2.IMWRITE_JPEG_QUALITY, 82])
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data" / "catalog" / "images"
    for p in make_demo_images(target):
        print(p)

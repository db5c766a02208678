"""Barcodes, OCR, face blur and image loading on pictures with real variation."""

from __future__ import annotations

import numpy as np
import pytest

from glasses.errors import GlassesError
from glasses.look.synth import Variation, fonts, package, photograph, render_label
from glasses.products import gtin
from glasses.vision.barcode import Barcode, OpenCVReader, ZxingReader, make_reader
from glasses.vision.imageio import check_frame, load_image
from glasses.vision.ocr import TextBox, order_lines


def test_gtin_check_digit_and_upce_expansion():
    assert gtin.is_valid("4006381333931")
    assert not gtin.is_valid("4006381333932")
    assert gtin.upce_to_upca("05096893") == "050968000093"
    assert gtin.canonical("05096893", "upce") == "0050968000093"
    assert gtin.canonical("036000291452", "upca") == "0036000291452"
    assert gtin.canonical("96385074", "ean8") == "96385074"
    assert "036000291452" in gtin.lookup_keys("0036000291452")


CODES = ["2000001000014", "4006381333931", "5901234123457", "96385074", "036000291452"]


@pytest.mark.parametrize("seed", range(10))
def test_barcode_on_package_in_perspective_with_blur_glare_noise(seed):
    code = CODES[seed % len(CODES)]
    v = Variation(tilt=0.04 + 0.01 * (seed % 8), rotate=(seed % 7) * 2, blur=0.5 + 0.1 * (seed % 8),
                  glare=0.1 * (seed % 4), noise=2 + seed % 5, jpeg=70 + seed)
    img = photograph(package(code, ["Test product"], None, seed=seed), v, seed=seed)
    found = make_reader("auto").read(img)
    expected = gtin.canonical(code, {8: "ean8", 12: "upca"}.get(len(code), "ean13"))
    assert [b.value for b in found] == [expected]
    assert found[0].type == {8: "ean8", 12: "upca"}.get(len(code), "ean13")


def test_qr_code_on_package():
    img = photograph(package(None, ["Scan me"], None, seed=3, qr="https://example.org/p/42"),
                     Variation(tilt=0.06, rotate=5, blur=0.7), seed=3)
    for reader in (ZxingReader(), make_reader("auto")):  # OpenCV alone misses this one
        assert Barcode("qr", "https://example.org/p/42", "https://example.org/p/42") in reader.read(img)


def test_no_barcode_in_plain_label():
    img = photograph(render_label(["Nothing to scan"]), Variation(), seed=1)
    assert make_reader("auto").scan(img).barcodes == ()


def test_real_photos_decode_rate_and_values(barcode_dir):
    from glasses.benchmarks.look import decode_rate

    folder = barcode_dir
    z = decode_rate(folder, ZxingReader())
    auto = decode_rate(folder, make_reader("auto"))
    # zxing-cpp's own suite expects 6+16+10+8 = 40 of these at rotation 0
    assert z["decoded"] >= 40, z
    assert auto["decoded"] >= z["decoded"]
    img = load_image(folder / "upce-2" / "01.webp")
    assert [b.value for b in ZxingReader().read(img)] == ["0050968000093"]


def test_order_lines_reading_order():
    boxes = [
        TextBox("drink", 0.9, (260, 12, 360, 48)),
        TextBox("1 L", 0.95, (20, 80, 70, 110)),
        TextBox("Oat", 0.9, (20, 10, 120, 50)),
        TextBox("noise", 0.2, (20, 140, 90, 160)),
        TextBox("Keep cold", 0.9, (20, 200, 200, 230)),
    ]
    lines = order_lines(boxes, min_confidence=0.5)
    assert [l.text for l in lines] == ["Oat drink", "1 L", "Keep cold"]


def _words(lines):
    return " ".join(l.text for l in lines).lower().replace(" ", "")


@pytest.mark.parametrize("font_index", [0, 1, 2, None])
def test_ocr_reads_labels_in_several_fonts(ocr_engine, font_index):
    fs = fonts()
    assert len(fs) >= 3, "fonts-dejavu-core is missing: `make test` installs it"
    font = fs[font_index] if font_index is not None else None  # None: Pillow's own font
    label = render_label(["ORGANIC OAT DRINK", "Best before 12 2026"], font, size=48)
    img = photograph(label, Variation(tilt=0.05, rotate=3, blur=0.7, glare=0.15, noise=3), seed=7)
    lines = ocr_engine.read(img)
    text = _words(lines)
    assert "organicoatdrink" in text
    assert "bestbefore" in text
    assert _words(lines[:1]).startswith("organic")  # reading order: the title first


def test_face_blur_changes_face_and_keeps_background():
    import cv2

    from glasses.vision.faces import FaceBlurrer, NoBlur

    def face(size):
        img = np.full((size * 2, size * 2, 3), (90, 110, 80), np.uint8)
        c, s = (size, size), size
        cv2.ellipse(img, c, (int(s * .38), int(s * .5)), 0, 0, 360, (150, 175, 210), -1)
        for dx in (-1, 1):
            ex, ey = c[0] + dx * int(s * .16), c[1] - int(s * .1)
            cv2.ellipse(img, (ex, ey - int(s * .08)), (int(s * .1), int(s * .025)), 0, 0, 360, (40, 50, 60), -1)
            cv2.ellipse(img, (ex, ey), (int(s * .07), int(s * .035)), 0, 0, 360, (240, 240, 240), -1)
            cv2.circle(img, (ex, ey), int(s * .03), (30, 30, 40), -1)
        cv2.ellipse(img, (c[0], c[1] + int(s * .1)), (int(s * .04), int(s * .08)), 0, 0, 360, (120, 145, 185), -1)
        cv2.ellipse(img, (c[0], c[1] + int(s * .25)), (int(s * .13), int(s * .035)), 0, 0, 360, (70, 70, 150), -1)
        cv2.ellipse(img, (c[0], c[1] - int(s * .45)), (int(s * .4), int(s * .15)), 0, 0, 360, (30, 40, 50), -1)
        img = cv2.GaussianBlur(img, (0, 0), s * .02)
        return np.clip(img + np.random.default_rng(0).normal(0, 6, img.shape), 0, 255).astype(np.uint8)

    blurrer = FaceBlurrer()
    img = face(200)
    boxes = blurrer.faces(img)
    assert boxes, "the Haar cascade should find the drawn face"
    out = blurrer.blur(img)
    x, y, w, h = boxes[0]
    region = (slice(y, y + h), slice(x, x + w))
    detail = lambda a: cv2.Laplacian(cv2.cvtColor(a, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var()
    assert detail(out[region]) < detail(img[region]) * 0.1  # fine detail (eyes, mouth) gone
    assert blurrer.faces(out) == []  # and no face is left to find
    assert np.array_equal(out[:20, :20], img[:20, :20])  # background corner untouched
    assert blurrer.faces(render_label(["no face here"])) == []
    assert NoBlur().blur(img) is img


def test_bad_images_give_one_line_errors(tmp_path):
    import cv2

    good = (np.random.default_rng(1).random((120, 160, 3)) * 255).astype(np.uint8)
    cv2.imwrite(str(tmp_path / "good.jpg"), good)
    cv2.imwrite(str(tmp_path / "good.png"), good)
    data = (tmp_path / "good.jpg").read_bytes()
    (tmp_path / "truncated.jpg").write_bytes(data[: len(data) // 2])
    png = (tmp_path / "good.png").read_bytes()
    (tmp_path / "truncated.png").write_bytes(png[: len(png) - 30])
    (tmp_path / "corrupt.jpg").write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 4)
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("hello")
    cv2.imwrite(str(tmp_path / "huge.png"), np.zeros((7000, 7000), np.uint8))
    assert load_image(tmp_path / "good.jpg").shape == (120, 160, 3)
    cases = {"truncated.jpg": "truncated", "truncated.png": "truncated", "corrupt.jpg": "corrupt",
             "empty.png": "empty", "text.jpg": "not an image", "huge.png": "too large",
             "missing.jpg": "not found"}
    for name, words in cases.items():
        with pytest.raises(GlassesError) as err:
            load_image(tmp_path / name, max_pixels=40_000_000)
        msg = str(err.value)
        assert words in msg and name in msg and "\n" not in msg, msg
    for frame in (None, np.zeros((0, 0, 3), np.uint8), np.zeros((4, 4, 3), np.uint8),
                  np.zeros((10, 10, 3), np.float32)):
        with pytest.raises(GlassesError):
            check_frame(frame)
    assert check_frame(np.zeros((10, 10), np.uint8)).shape == (10, 10, 3)

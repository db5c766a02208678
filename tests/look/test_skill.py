"""The look skill end to end on frames a camera would give, with real and fake parts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glasses.camera import CameraSwitch, FrameCamera, ImageFolderCamera, make_camera
from glasses.configfile import load_section
from glasses.errors import ConfigError, DeviceError
from glasses.events import Intent
from glasses.look.build import build_skill
from glasses.look.spec import SKILL as LOOK
from glasses.runtime.build import build_parser
from glasses.skills.registry import installed
from glasses.look.config import LookConfig
from glasses.look.images import look_images
from glasses.look.skill import LookSkill
from glasses.look.synth import Variation, package, photograph
from glasses.skills.base import Look, Reply, Skill
from glasses.vision.barcode import Barcode, NullBarcodeReader, make_reader
from glasses.vision.fakes import FakeOcrEngine, FixedBarcodeReader

DEMO_IMAGES = Path(__file__).resolve().parents[2] / "glasses" / "data" / "catalog" / "images"


def run_look(skill, intent, frames, ctx, limit=45):
    """What the pipeline does: arm, feed frames until a sighting or the limit, answer."""
    assert skill.needs_camera(intent)
    cam = FrameCamera(frames)
    seen, n = None, 0
    with cam:
        while n < limit:
            frame = cam.read()
            if frame is None:
                break
            n += 1
            seen = skill.see(frame)
            if seen is not None:
                break
    assert not cam.is_open and cam.opens == cam.closes == 1
    return skill.answer(intent, seen, n, ctx), n


def oat_frames(n=3):
    return [photograph(package("2000001000014", ["Northfield", "OAT DRINK"], None, seed=s),
                       Variation(blur=0.7, tilt=0.07, rotate=4), seed=s) for s in range(n)]


def test_protocols(catalog):
    skill = LookSkill(catalog, NullBarcodeReader(), None)
    assert isinstance(skill, Skill) and isinstance(skill, Look)


def test_what_is_this_with_a_real_barcode_reader(catalog, ctx):
    skill = LookSkill(catalog, make_reader("auto"), FakeOcrEngine("should not be needed"))
    reply, frames = run_look(skill, Intent(0, "identify_product"), oat_frames(), ctx)
    assert frames == 1
    assert reply.text == "Oat drink by Northfield, one litre. 1.89 euros here, rated 4.4 from 212 reviews."
    assert skill.ocr.calls == 0 and reply.card.via == "barcode"


@pytest.mark.parametrize("intent,slots,expected", [
    ("product_price", {}, "Oat drink, one litre: 1.89 euros here."),
    ("product_reviews", {}, "Oat drink is rated 4.4 from 212 reviews. People say: creamy, good in coffee."),
    ("product_details", {"allergen": "nuts"}, "No nuts listed for Oat drink."),
    ("product_details", {"allergen": "gluten"}, "Yes, Oat drink contains gluten."),
    ("product_details", {"diet": "vegan"}, "Yes, Oat drink is vegan."),
    ("product_details", {"detail": "nutrition"}, "Oat drink has nutrition grade B, which is good."),
])
def test_product_questions(catalog, ctx, intent, slots, expected):
    skill = LookSkill(catalog, FixedBarcodeReader(Barcode("ean13", "2000001000014")), None)
    reply, _ = run_look(skill, Intent(0, intent, slots), oat_frames(1), ctx)
    assert reply.text.startswith(expected)


def test_traces_and_non_vegan(catalog, ctx):
    biscuits = FixedBarcodeReader(Barcode("ean13", "2000001000946"))
    skill = LookSkill(catalog, biscuits, None)
    assert run_look(skill, Intent(0, "product_details", {"allergen": "nuts"}), oat_frames(1), ctx)[0].text \
        == "It may contain traces of nuts."
    assert run_look(skill, Intent(0, "product_details", {"diet": "vegan"}), oat_frames(1), ctx)[0].text \
        == "No, Ginger biscuits is not vegan."


def test_no_barcode_guides_the_wearer(catalog, ctx):
    shelf = np.random.default_rng(5).integers(40, 220, (480, 640, 3), dtype=np.uint8)
    blank = [shelf] * 10
    skill = LookSkill(catalog, make_reader("auto"), FakeOcrEngine())
    reply, n = run_look(skill, Intent(0, "identify_product"), blank, ctx)
    assert n == 10 and "can't see a barcode" in reply.text and "turn it around" in reply.text.lower()
    dark = [np.full((480, 640, 3), 8, np.uint8)] * 5
    reply, _ = run_look(skill, Intent(0, "identify_product"), dark, ctx)
    assert "too dark" in reply.text
    flat = [np.full((480, 640, 3), 128, np.uint8)] * 6  # no detail at all: out of focus
    reply, _ = run_look(skill, Intent(0, "identify_product"), flat, ctx)
    assert "blurry" in reply.text
    skill.needs_camera(Intent(0, "identify_product"))
    reply = skill.answer(Intent(0, "identify_product"), None, 0, ctx)
    assert "couldn't get a picture" in reply.text


def test_front_label_found_by_text(catalog, ctx, ocr_engine):
    img = photograph(package(None, ["Levant Table", "CLASSIC HUMMUS", "200 g"], None, seed=2),
                     Variation(tilt=0.05, rotate=3, blur=0.7), seed=2)
    skill = LookSkill(catalog, make_reader("auto"), ocr_engine)
    reply, n = run_look(skill, Intent(0, "product_price"), [img] * 4, ctx)
    assert reply.text == "Classic hummus, 200 grams: 2.29 euros here."
    assert n == 1  # a sharp frame without a barcode goes to OCR at once


def test_unsure_text_match_says_so(catalog, ctx):
    skill = LookSkill(catalog, NullBarcodeReader(), FakeOcrEngine("Levant", "hummus dip"))
    reply, _ = run_look(skill, Intent(0, "identify_product"), oat_frames(1) * 5, ctx)
    assert reply.text.startswith("I'm not sure, but it might be Classic hummus")


def test_read_text_in_reading_order(catalog, ctx, ocr_engine):
    from glasses.look.synth import render_label

    img = photograph(render_label(["Checkout closed", "Please use till 4"]), Variation(blur=0.6), seed=4)
    skill = LookSkill(catalog, make_reader("auto"), ocr_engine)
    reply, n = run_look(skill, Intent(0, "read_text"), [img], ctx)
    said = reply.text.lower().replace(" ", "")
    assert n == 1 and said.index("checkoutclosed") < said.index("pleaseusetill4")


def test_unknown_barcode_then_remember(catalog, ctx):
    reader = FixedBarcodeReader(Barcode("ean13", "4006381333931"))
    skill = LookSkill(catalog, reader, None)
    reply, _ = run_look(skill, Intent(0, "identify_product"), oat_frames(1), ctx)
    assert "isn't in my catalog" in reply.text and "3 9 3 1" in reply.text
    remember = Intent(0, "remember_product", {"name": "fine pencils"})
    assert not skill.needs_camera(remember)  # the unknown code is still in mind
    assert skill.handle(remember, ctx).text == "Saved. I'll know fine pencils next time."
    reply, _ = run_look(skill, Intent(0, "identify_product"), oat_frames(1), ctx)
    assert reply.text.startswith("Fine pencils")


def test_add_to_shopping_list(catalog, ctx):
    got = []
    skill = LookSkill(catalog, FixedBarcodeReader(Barcode("ean13", "2000001000014")), None,
                      add_to_list=lambda item, c: got.append(item) or Reply(f"Added {item}."))
    reply, _ = run_look(skill, Intent(0, "add_product_to_list"), oat_frames(1), ctx)
    assert got == ["Oat drink by Northfield"]
    assert reply.text == "Added Oat drink by Northfield."
    alone = LookSkill(catalog, FixedBarcodeReader(Barcode("ean13", "2000001000014")), None)
    reply, _ = run_look(alone, Intent(0, "add_product_to_list"), oat_frames(1), ctx)
    assert reply.text == "I can't keep a shopping list yet, so I couldn't add Oat drink by Northfield."


def test_camera_off_and_on(catalog, ctx):
    switch = CameraSwitch()
    skill = LookSkill(catalog, NullBarcodeReader(), None, switch=switch)
    assert skill.handle(Intent(0, "camera_off"), ctx).text.startswith("Camera off")
    assert not switch.enabled and not switch.should_be_open(looking=True)
    assert not skill.needs_camera(Intent(0, "identify_product"))
    assert "camera is off" in skill.handle(Intent(0, "identify_product"), ctx).text
    assert skill.handle(Intent(0, "camera_on"), ctx).text == "Camera on."
    assert switch.enabled and skill.needs_camera(Intent(0, "read_text"))
    assert not switch.should_be_open(looking=False) and CameraSwitch(continuous=True).should_be_open(False)


def test_intents_parse_with_core(tmp_path):
    parser = build_parser()
    assert set(LOOK.intents) <= set(installed().intent_files())
    cases = {"what is this": ("identify_product", {}), "how much is it": ("product_price", {}),
             "is it any good": ("product_reviews", {}),
             "does this contain nuts": ("product_details", {"allergen": "nuts"}),
             "is it vegan": ("product_details", {"diet": "vegan"}),
             "read this": ("read_text", {}), "what does the sign say": ("read_text", {}),
             "add this to my shopping list": ("add_product_to_list", {}),
             "remember this as oat biscuits please": ("remember_product", {"name": "oat biscuits"}),
             "stop looking": ("camera_off", {}), "camera on": ("camera_on", {}),
             "stop": ("stop", {})}
    for text, (name, slots) in cases.items():
        got = parser.parse(text)
        assert got is not None and (got.name, dict(got.slots)) == (name, slots), text


def test_look_config_validates():
    cfg = load_section(LookConfig, "timeout_s: 2\ncamera_source: folder\ncamera_device: /tmp/pics\n", "c.yaml")
    assert cfg.timeout_s == 2.0 and cfg.camera_size == (640, 480) and cfg.blur_faces and not cfg.continuous
    with pytest.raises(ConfigError, match="c.yaml:2: camera_device"):
        load_section(LookConfig, "camera_source: opencv\ncamera_device: nowhere\n", "c.yaml")
    with pytest.raises(ConfigError, match="unsure_score"):
        load_section(LookConfig, "match_score: 70\nunsure_score: 90\n", "c.yaml")


def test_camera_sources(tmp_path):
    import cv2

    for i in range(2):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((60, 80, 3), i * 100, np.uint8))
    (tmp_path / "2.png").write_bytes(b"broken")
    cam = ImageFolderCamera(tmp_path, loop=False)
    with cam:
        frames = [cam.read() for _ in range(3)]
    assert frames[0][0, 0, 0] == 0 and frames[1][0, 0, 0] == 100 and frames[2] is None
    assert cam.skipped and "2.png" in cam.skipped[0] and not cam.is_open
    with pytest.raises(DeviceError, match=r"pip install glasses\[pi\]"):
        try:
            import picamera2  # noqa: F401
            pytest.skip("picamera2 is installed here")
        except ImportError:
            make_camera("picamera2").open()


def test_look_images_on_demo_pictures_and_a_bad_file(tmp_path, catalog, ocr_engine):
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really")
    skill = build_skill(LookConfig(), catalog=catalog)
    skill.ocr = ocr_engine
    results = look_images([DEMO_IMAGES / "oat-drink-barcode.jpg", DEMO_IMAGES / "chocolate-front.jpg", bad],
                          skill)
    oat, choc, broken = results
    assert oat["barcodes"] == [{"type": "ean13", "value": "2000001000014"}]
    assert oat["product"]["name"] == "Oat drink" and oat["reply"].startswith("Oat drink by Northfield")
    assert choc["barcodes"] == [] and choc["product"]["matched_by"] == "text"
    assert choc["reply"].startswith("Dark chocolate with hazelnuts by Brava")
    assert any("chocolate" in t.lower() for t in choc["text"])
    assert broken["error"] and "broken.jpg" in broken["error"] and broken["product"] is None


def test_real_photo_unknown_upc(barcode_dir, catalog, ctx):
    skill = LookSkill(catalog, make_reader("auto"), None)
    [r] = look_images([barcode_dir / "upca-2" / "02.webp"], skill, ocr=False)
    assert r["barcodes"] == [{"type": "upca", "value": "0890444000335"}]
    assert "isn't in my catalog" in r["reply"]

"""Building the look skill from its config (for the composition root), and the intent
file and slot normalizers it needs."""

from __future__ import annotations


from glasses.camera import CameraSource, CameraSwitch, make_camera
from glasses.look.config import LookConfig
from glasses.look.skill import AddToList, AskAbout, LookSkill
from glasses.products.catalog import Catalog, open_catalog
from glasses.vision.barcode import make_reader
from glasses.vision.faces import FaceBlurrer, NoBlur
from glasses.vision.ocr import RapidOcrEngine


_FILLER = {"please", "thanks", "thank", "you"}


def normalize_remember(slots: dict[str, str]) -> dict[str, str] | None:
    """'remember this as oat biscuits please' -> name 'oat biscuits'; reject an empty name."""
    words = slots.get("name", "").split()
    while words and words[-1] in _FILLER:
        words.pop()
    if not words:
        return None
    return {**slots, "name": " ".join(words)}


NORMALIZERS = {"remember_product": normalize_remember}


def build_skill(config: LookConfig, catalog: Catalog | None = None, switch: CameraSwitch | None = None,
                add_to_list: AddToList | None = None, ask_about: AskAbout | None = None) -> LookSkill:
    """The skill with real parts: catalog from config, zxing-cpp/OpenCV, lazy PP-OCR."""
    cat = catalog if catalog is not None else open_catalog(config.catalog, seed_demo=config.demo_catalog)
    ocr = RapidOcrEngine(max_side=config.ocr_max_side, min_confidence=config.ocr_min_confidence) \
        if config.ocr else None
    return LookSkill(cat, make_reader(config.barcode_reader), ocr, config,
                     switch or CameraSwitch(continuous=config.continuous), add_to_list, ask_about)


def build_camera(config: LookConfig) -> CameraSource:
    """The camera source named in the config (not opened)."""
    return make_camera(config.camera_source, config.camera_device, config.camera_size)


def build_blurrer(config: LookConfig):
    """What to apply to frames before they are recorded: FaceBlurrer or NoBlur."""
    return FaceBlurrer() if config.blur_faces else NoBlur()

"""The look-and-shop skill: what is this, how much, is it any good, does it contain
nuts, read this, add it to my list, remember it, camera on/off.

It implements the Skill and Look protocols of glasses.skills.base. The assistant calls
``needs_camera(intent)`` (which also arms ``see`` for a product or a text look), hands
frames to ``see`` until it returns a sighting or the look times out, then ``answer``.
All dependencies come in through the constructor; the OCR models load on first use.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from glasses.camera.base import CameraSwitch
from glasses.cards import ErrorCard, TextCard
from glasses.errors import GlassesError
from glasses.events import CameraSwitched, Intent
from glasses.look import product_answers as answers
from glasses.look import speech
from glasses.look.cards import BarcodeCard, CameraCard, ProductCard, QrCard
from glasses.look.config import LookConfig
from glasses.products import gtin
from glasses.products.catalog import Catalog, Product
from glasses.skills.base import Context, Meaning, Reply
from glasses.vision.barcode import Barcode, BarcodeReader
from glasses.vision.imageio import check_frame
from glasses.vision.ocr import OcrEngine, TextLine

PRODUCT_INTENTS = ("identify_product", "product_price", "product_reviews", "product_details",
                   "add_product_to_list", "remember_product")
LOOK_INTENTS = PRODUCT_INTENTS + ("read_text",)
INTENTS = LOOK_INTENTS + ("camera_on", "camera_off")

DARK = 35.0          # mean grey level below which a frame is too dark to read
BLURRY = 30.0        # variance of the Laplacian below which a frame is blurred
TEXT_CONFIDENT = 0.8
PENDING_MS = 5 * 60_000   # "remember this as ..." refers to an unknown barcode this recent

AddToList = Callable[[str, Context], Reply]  # (item, ctx): a ListKeeper peer adds it
AskAbout = Callable[[str, np.ndarray, Context], "Reply | None"]  # an AsksAboutPictures peer (the engine)


@dataclass(frozen=True, slots=True)
class Sighting:
    """What one frame showed. via: barcode, text or none; confident: good enough to answer
    without looking further; score: fuzzy text-match score 0..100 when via is text."""

    barcodes: tuple[Barcode, ...] = ()
    lines: tuple[TextLine, ...] = ()
    product: Product | None = None
    via: str = "none"
    score: float | None = None
    confident: bool = False
    undecoded: int = 0
    brightness: float = 128.0
    sharpness: float = 100.0

    @property
    def text(self) -> list[str]:
        return [l.text for l in self.lines]

    @property
    def barcode(self) -> Barcode | None:
        for b in self.barcodes:
            if b.retail:
                return b
        return self.barcodes[0] if self.barcodes else None


@dataclass
class _LookState:
    mode: str = "product"
    frames: int = 0
    ocr_runs: int = 0
    best: Sighting | None = None
    undecoded: int = 0
    dark: int = 0
    blurry: int = 0
    errors: list[str] = field(default_factory=list)
    frame: np.ndarray | None = None     # the sharpest frame bright enough to see: for the engine
    frame_sharpness: float = -1.0


def frame_quality(bgr: np.ndarray) -> tuple[float, float]:
    """(mean brightness 0..255, sharpness as variance of the Laplacian at 320 px)."""
    import cv2

    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    h, w = gray.shape
    scale = 320 / max(h, w)
    if scale < 1:
        gray = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                          interpolation=cv2.INTER_AREA)
    return float(gray.mean()), float(cv2.Laplacian(gray, cv2.CV_64F).var())


class LookSkill:
    """Products and text through the camera. See module docstring for the call order.

    catalog: the product catalog; barcodes: a BarcodeReader; ocr: an OcrEngine (loads
    its models lazily) or None to disable text reading; switch: the wearer's camera
    on/off state (shared with the pipeline); add_to_list: the shopping-list skill's
    handler, called with Intent("add_to_list", {"item": ...}) — None when that skill is
    absent (the reply's card then carries the intent for the caller to dispatch).
    """

    intents = INTENTS
    examples = ("what is this", "read this")

    def __init__(self, catalog: Catalog, barcodes: BarcodeReader, ocr: OcrEngine | None,
                 config: LookConfig = LookConfig(), switch: CameraSwitch | None = None,
                 add_to_list: AddToList | None = None, ask_about: AskAbout | None = None) -> None:
        self.catalog = catalog
        self.barcodes = barcodes
        self.ocr = ocr if config.ocr else None
        self.config = config
        self.switch = switch if switch is not None else CameraSwitch(continuous=config.continuous)
        self.add_to_list = add_to_list
        self.picture_asker = ask_about  # not "ask_about": the skill is no AsksAboutPictures itself
        self._state = _LookState()
        self._pending: tuple[str, int] | None = None   # unknown barcode, t_ms seen
        self._last: Sighting | None = None              # last confident product sighting
        self._lock = threading.Lock()

    # --- Look protocol ----------------------------------------------------------------
    def needs_camera(self, intent: Intent) -> bool:
        """True when the intent needs a look now; arms ``see`` for it."""
        if intent.name not in LOOK_INTENTS or not self.switch.enabled:
            return False
        if intent.name == "remember_product" and self._pending is not None:
            return False
        with self._lock:
            self._state = _LookState(mode="text" if intent.name == "read_text" else "product")
        return True

    def see(self, bgr: np.ndarray) -> Sighting | None:
        """Analyse one frame: a confident Sighting, or None to keep looking."""
        st = self._state
        st.frames += 1
        try:
            bgr = check_frame(bgr)
        except GlassesError as exc:
            st.errors.append(str(exc))
            return None
        brightness, sharpness = frame_quality(bgr)
        if brightness < DARK:
            st.dark += 1
        if sharpness < BLURRY:
            st.blurry += 1
        if brightness >= DARK and sharpness > st.frame_sharpness:
            st.frame, st.frame_sharpness = bgr, sharpness
        if st.mode == "text":
            s = self._read(bgr, brightness, sharpness)
        else:
            s = self._scan(bgr, brightness, sharpness)
            if s.via == "none" and self.ocr is not None and st.ocr_runs < self.config.ocr_passes \
                    and brightness >= DARK and (st.frames >= 3 or st.blurry < st.frames):
                st.ocr_runs += 1
                s = self._match(bgr, s)
        st.undecoded += s.undecoded
        if s.confident:
            return s
        if s.lines or s.product:
            if st.best is None or _rank(s) > _rank(st.best):
                st.best = s
        return None

    def answer(self, intent: Intent, sighting: Sighting | None, frames_seen: int, ctx: Context) -> Reply:
        """The reply after a look; with sighting None, the best partial result or guidance."""
        st = self._state
        if sighting is None and not self.switch.enabled:
            return self._camera_is_off()
        asked = self._ask_engine(intent, sighting if sighting is not None else st.best, st, ctx)
        if asked is not None:
            return asked
        return self.reply_for(intent, sighting if sighting is not None else st.best, ctx,
                              frames_seen=frames_seen, state=st)

    def _ask_engine(self, intent: Intent, s: Sighting | None, st: _LookState, ctx: Context) -> Reply | None:
        """Barcodes, text and the catalog answer first; what they cannot answer ("what am I
        looking at" with no product found, "is this vegan" for a product the catalog does not
        know, a text look that read nothing) goes to the engine with the frame, when one is set up."""
        question = engine_question(intent)
        if question is None or self.picture_asker is None or st.frame is None:
            return None
        if s is not None and (s.product is not None or (s.barcode is not None and s.barcode.type == "qr")):
            return None
        if intent.name == "read_text" and s is not None and s.lines:
            return None
        if s is not None and s.barcode is not None:   # "remember this as ..." still works after
            with self._lock:
                self._pending = (s.barcode.value, ctx.t_ms)
        return self.picture_asker(question, st.frame, ctx)

    def camera_enabled(self) -> bool:
        """The wearer's camera switch (the CameraSwitch peer protocol: capture asks it too)."""
        return self.switch.enabled

    # --- Skill protocol ---------------------------------------------------------------
    def handle(self, intent: Intent, ctx: Context) -> Reply:
        if intent.name == "camera_off":
            change = self.switch.set(False)
            return Reply("Camera off. Say camera on when you want me to look again." if change.changed
                         else "The camera is already off.", CameraCard(on=False), (CameraSwitched(ctx.t_ms, False),))
        if intent.name == "camera_on":
            change = self.switch.set(True)
            return Reply("Camera on." if change.changed else "The camera is already on.",
                         CameraCard(on=True), (CameraSwitched(ctx.t_ms, True),))
        if intent.name == "remember_product" and self._pending is not None:
            return self._remember(intent, self._pending[0], ctx)
        if intent.name in LOOK_INTENTS and not self.switch.enabled:
            return self._camera_is_off()
        if intent.name in PRODUCT_INTENTS and intent.name != "remember_product" and self._last is not None:
            return self.reply_for(intent, self._last, ctx)
        return Reply("I need the camera for that. Hold it up and ask again.", meaning=Meaning("look.need_camera"))

    # --- analysis ---------------------------------------------------------------------
    def analyse(self, bgr: np.ndarray, ocr: bool = True) -> Sighting:
        """Everything one frame shows (barcodes, text, product), for ``glasses look``."""
        bgr = check_frame(bgr)
        brightness, sharpness = frame_quality(bgr)
        s = self._scan(bgr, brightness, sharpness)
        if ocr and self.ocr is not None:
            lines = tuple(self.ocr.read(bgr))
            if s.via == "barcode":
                s = _replace(s, lines=lines)
            else:
                s = self._match_lines(lines, s)
        return s

    def _scan(self, bgr: np.ndarray, brightness: float, sharpness: float) -> Sighting:
        result = self.barcodes.scan(bgr)
        codes = result.barcodes
        base = Sighting(undecoded=result.undecoded, brightness=brightness, sharpness=sharpness)
        if not codes:
            return base
        product = None
        for b in codes:
            if b.retail:
                product = self.catalog.by_barcode(b.value)
                if product is not None:
                    break
        return _replace(base, barcodes=codes, product=product, via="barcode", confident=True)

    def _match(self, bgr: np.ndarray, s: Sighting) -> Sighting:
        return self._match_lines(tuple(self.ocr.read(bgr)), s)  # type: ignore[union-attr]

    def _match_lines(self, lines: tuple[TextLine, ...], s: Sighting) -> Sighting:
        s = _replace(s, lines=lines)
        if not lines:
            return s
        code = printed_code([l.text for l in lines])
        if code is not None:  # the digits printed under a barcode the reader could not decode
            product = self.catalog.by_barcode(code.value)
            return _replace(s, barcodes=(code,), product=product, via="barcode", confident=True)
        m = self.catalog.match_text([l.text for l in lines])
        if m is None or m.score < self.config.unsure_score:
            return s
        return _replace(s, product=m.product, via="text", score=m.score,
                        confident=m.score >= self.config.match_score)

    def _read(self, bgr: np.ndarray, brightness: float, sharpness: float) -> Sighting:
        base = Sighting(brightness=brightness, sharpness=sharpness, via="text")
        if self.ocr is None or brightness < DARK:
            return base
        self._state.ocr_runs += 1
        lines = tuple(self.ocr.read(bgr))
        chars = sum(len(l.text) for l in lines)
        conf = (sum(l.confidence * len(l.text) for l in lines) / chars) if chars else 0.0
        return _replace(base, lines=lines, confident=chars >= 3 and conf >= TEXT_CONFIDENT)

    # --- replies ----------------------------------------------------------------------
    def reply_for(self, intent: Intent, s: Sighting | None, ctx: Context, frames_seen: int = 1,
                  state: _LookState | None = None) -> Reply:
        """The spoken reply for ``intent`` given what was seen (None: nothing useful)."""
        name = intent.name
        if name == "read_text":
            return self._reply_text(s, frames_seen, state)
        if s is not None and s.via == "barcode" and s.product is None:
            return self._reply_unknown_code(intent, s, ctx)
        if s is None or s.product is None:
            return self._guide(s, frames_seen, state)
        p = s.product
        unsure = s.via == "text" and (s.score or 0) < self.config.match_score
        if not unsure:
            with self._lock:
                self._last = s
        if unsure:
            return Reply(f"I'm not sure, but it might be {speech.title(p)}. Show me the barcode "
                         "to be certain.", _card(p, self.config.store, s),
                         meaning=Meaning("look.unsure", {"title": answers.title_meaning(p)}))
        if name == "remember_product":
            return self._remember(intent, p.code, ctx)
        if name == "add_product_to_list":
            return self._reply_add(p, ctx)
        store = self.config.store
        text = {
            "product_price": lambda: answers.price(p, store),
            "product_reviews": lambda: answers.reviews(p, store),
            "product_details": lambda: answers.details(p, intent),
        }.get(name, lambda: answers.identify(p, store))()
        meaning = {"product_price": answers.price_meaning, "product_reviews": answers.reviews_meaning,
                   "identify_product": answers.identify_meaning}.get(name)
        return Reply(text, _card(p, self.config.store, s), meaning=meaning(p, store) if meaning else None)

    def _reply_add(self, p: Product, ctx: Context) -> Reply:
        item = speech.title(p)
        if self.add_to_list is not None:
            return self.add_to_list(item, ctx)
        return Reply(f"I can't keep a shopping list yet, so I couldn't add {item}.",
                     TextCard(title="Not added to a list", lines=(item,)))

    def _reply_unknown_code(self, intent: Intent, s: Sighting, ctx: Context) -> Reply:
        b = s.barcode
        assert b is not None
        if b.type == "qr":
            return Reply(_qr_sentence(b.value), QrCard(title="QR code", lines=(b.value,)))
        if intent.name == "remember_product":
            return self._remember(intent, b.value, ctx)
        with self._lock:
            self._pending = (b.value, ctx.t_ms)
        return Reply(f"I can read the barcode, ending {speech.digits(b.value[-4:])}, but it isn't in "
                     "my catalog. Say remember this as, and a name, to save it.",
                     BarcodeCard(title="Unknown product", lines=(f"{b.type} {b.value}",)),
                     meaning=Meaning("look.unknown_code", {"digits": speech.digits(b.value[-4:])}))

    def _remember(self, intent: Intent, code: str, ctx: Context) -> Reply:
        name = intent.slots.get("name", "").strip()
        if not name:
            return Reply("What should I call it? Say remember this as, and a name.")
        p = self.catalog.remember(code, name)
        with self._lock:
            self._pending = None
        return Reply(f"Saved. I'll know {p.name} next time.",
                     ProductCard(title=p.name, lines=(p.code,)))

    def _reply_text(self, s: Sighting | None, frames_seen: int, state: _LookState | None) -> Reply:
        if s is not None and s.lines:
            lines = [l.text for l in s.lines]
            text = speech.reading(lines)
            meaning = Meaning("read_text.lines" if s.confident else "read_text.unsure", {"text": text})
            if not s.confident:
                text = "It's hard to read, but I think it says: " + text
            return Reply(text, TextCard(title="Text", lines=tuple(lines)), meaning=meaning)
        if s is not None and s.via == "barcode" and s.product is not None:
            return Reply(answers.identify(s.product, self.config.store), None,
                         meaning=answers.identify_meaning(s.product, self.config.store))
        return self._guide(s, frames_seen, state, text=True)

    def _guide(self, s: Sighting | None, frames_seen: int, state: _LookState | None,
               text: bool = False) -> Reply:
        """Nothing confident: tell the wearer what to change."""
        st = state or _LookState()
        frames = frames_seen or st.frames
        if frames == 0:
            return Reply("I couldn't get a picture from the camera.", ErrorCard(), meaning=Meaning("look.no_picture"))
        brightness = s.brightness if s is not None else 128.0
        if st.dark * 2 > max(frames, 1) or brightness < DARK:
            return Reply("It's too dark for me to see. Try more light.", meaning=Meaning("look.too_dark"))
        if text:
            return Reply("I can't make out any text. Hold it a bit closer, and keep it steady.",
                         meaning=Meaning("look.no_text"))
        if st.undecoded or (s is not None and s.undecoded):
            return Reply("I can see a barcode but can't read it. Hold it a bit closer and keep it still.",
                         meaning=Meaning("look.barcode_unreadable"))
        if st.blurry * 2 > max(frames, 1):
            return Reply("It's blurry. Hold it steady, a little further away.", meaning=Meaning("look.blurry"))
        if s is not None and s.lines:
            said = speech.reading([l.text for l in s.lines[:2]])
            return Reply(f"I can't see a barcode. Turn it around so I can see it. The label says: {said}",
                         TextCard(title="Text", lines=tuple(s.text)),
                         meaning=Meaning("look.no_barcode_label", {"said": said}))
        return Reply("I can't see a barcode. Turn it around, or hold it a bit closer.",
                     meaning=Meaning("look.no_barcode"))

    def _camera_is_off(self) -> Reply:
        return Reply("The camera is off. Say camera on, and ask again.", CameraCard(on=False),
                     meaning=Meaning("look.camera_off"))


def engine_question(intent: Intent) -> str | None:
    """The look intent as a question for the engine, or None for one it cannot answer (a price)."""
    slots = intent.slots
    if intent.name == "identify_product":
        return "What am I looking at? Say what it is."
    if intent.name == "read_text":
        return "Read out the text in this picture."
    if intent.name == "product_details":
        if slots.get("diet"):
            return f"Is this {slots['diet']}? Say if the picture does not show enough to tell."
        if slots.get("allergen"):
            return f"Does this contain {slots['allergen']}? Say if the picture does not show enough to tell."
        if slots.get("detail"):
            return f"What are the {slots['detail']} of this, as far as the picture shows?"
    return None


def printed_code(lines: list[str]) -> Barcode | None:
    """A retail code written in digits under a barcode ("8 90444 00033 5"), when its
    check digit is right; None otherwise."""
    for line in lines:
        compact = re.sub(r"[\s\-]", "", line)
        for run in re.findall(r"\d{8,13}", compact):
            if len(run) in (8, 12, 13) and gtin.is_valid(run):
                kind = {8: "ean8", 12: "upca", 13: "ean13"}[len(run)]
                value = gtin.canonical(run, kind)
                if kind == "ean13" and value.startswith("0"):
                    kind = "upca"
                return Barcode(kind, value, run)
    return None


def _replace(s: Sighting, **kw: Any) -> Sighting:

    return replace(s, **kw)


def _rank(s: Sighting) -> tuple[int, float, int]:
    return (1 if s.product else 0, s.score or 0.0, sum(len(l.text) for l in s.lines))


def _qr_sentence(value: str) -> str:
    v = value.strip()
    low = v.lower()
    if low.startswith(("http://", "https://", "www.")):
        host = low.split("://", 1)[-1].split("/", 1)[0]
        return f"It's a QR code with a web link to {host}."
    if low.startswith("mebkm:") or "url:" in low:
        return "It's a QR code with a bookmark."
    first = v.splitlines()[0] if v else ""
    return f"It's a QR code. It says: {first[:120]}"


def _card(p: Product, store: str, s: Sighting) -> ProductCard:
    offer = speech.pick_offer(p, store)
    lines = [x for x in (p.quantity,
                         speech.money(offer.price, offer.currency) if offer and offer.price is not None else "",
                         speech.rating_sentence(offer),
                         f"Allergens: {p.allergens}" if p.allergens else "",
                         f"Nutri-Score {p.nutriscore.upper()}" if p.nutriscore else "") if x]
    return ProductCard(title=speech.title(p), lines=tuple(lines), code=p.code, via=s.via)

"""Look and shop's cards (glasses.cards): a product, an unknown barcode, a QR code, the camera switch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from glasses.cards import Card, Color

PRODUCT_ACCENT: Color = (110, 210, 90)
CAMERA_ACCENT: Color = (60, 60, 235)


@dataclass(frozen=True, slots=True)
class ProductCard(Card):
    """A product from the catalog; code: its barcode; via: how it was found (barcode or text)."""

    kind: ClassVar[str] = "product"
    accent: ClassVar[Color] = PRODUCT_ACCENT
    code: str | None = None
    via: str | None = None
    price: str | None = None      # drawn on the HUD's card when set ("€2.49")
    rating: float | None = None   # 0..5 stars
    reviews: int | None = None


@dataclass(frozen=True, slots=True)
class BarcodeCard(Card):
    """A barcode that is not in the catalog."""

    kind: ClassVar[str] = "barcode"
    accent: ClassVar[Color] = PRODUCT_ACCENT


@dataclass(frozen=True, slots=True)
class QrCard(Card):
    kind: ClassVar[str] = "qr"
    accent: ClassVar[Color] = PRODUCT_ACCENT


@dataclass(frozen=True, slots=True)
class CameraCard(Card):
    """The camera switch's state after "camera off" / "camera on" (the display shows what was said)."""

    kind: ClassVar[str] = "camera"
    accent: ClassVar[Color] = CAMERA_ACCENT
    on: bool | None = None


CARDS = (ProductCard, BarcodeCard, QrCard, CameraCard)

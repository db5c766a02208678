from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from glasses.skills.base import Context

SHARED_BARCODES = Path(__file__).resolve().parents[3] / "shared" / "data" / "barcodes"


@pytest.fixture
def ctx() -> Context:
    return Context(now=datetime(2025, 5, 17, 10, 0, tzinfo=timezone.utc), t_ms=1000)


@pytest.fixture(scope="session")
def ocr_engine():
    from glasses.vision.ocr import RapidOcrEngine

    return RapidOcrEngine()


@pytest.fixture
def catalog():
    from glasses.products.catalog import demo_catalog

    return demo_catalog()


@pytest.fixture
def barcode_dir() -> Path:
    if not SHARED_BARCODES.is_dir():
        pytest.skip("../shared/data/barcodes is not beside the repo")
    return SHARED_BARCODES

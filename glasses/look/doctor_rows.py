"""Look and shop's row in ``glasses doctor``: the local product catalog."""

from __future__ import annotations

from pathlib import Path

from glasses.doctor_row import Row
from glasses.products.catalog import default_catalog_path, open_catalog


def catalog_rows(config) -> list[Row]:
    try:
        path = config.look.catalog or default_catalog_path()
        if not Path(path).exists():
            return [Row("product catalog", True, f"{path} not created yet (the demo catalog is used "
                                                 "until you run `glasses products import`)")]
        cat = open_catalog(path, seed_demo=False)
        try:
            return [Row("product catalog", True, f"{path}: {cat.count()} products")]
        finally:
            cat.close()
    except Exception as exc:  # noqa: BLE001 - any damage is reported, never repaired here
        return [Row("product catalog", False, str(exc).splitlines()[0], "glasses products import FILE")]

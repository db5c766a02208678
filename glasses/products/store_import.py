"""Import a store's price and review list (CSV, comma or tab, plain or gzip).

Header (case-insensitive; aliases in brackets): barcode [code, ean, gtin], price,
currency, store, rating (0..5), review_count [reviews], review_summary [summary].
Only barcode is required; a row with a bad barcode, price, rating or count is skipped
and counted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glasses.products import gtin
from glasses.products.reader import ImportReport, RowError, run_import

ALIASES = {"code": "barcode", "ean": "barcode", "gtin": "barcode", "reviews": "review_count",
           "summary": "review_summary", "review": "review_summary"}


def _num(v: str, what: str, lo: float, hi: float) -> float | None:
    v = v.strip().replace("\u00a0", "")
    if not v:
        return None
    if "," in v and "." not in v:
        v = v.replace(",", ".")
    try:
        x = float(v)
    except ValueError:
        raise RowError(f"bad {what}") from None
    if not lo <= x <= hi or x != x:
        raise RowError(f"bad {what}")
    return x


def convert_store(rec: dict[str, Any]) -> dict[str, Any]:
    r = {ALIASES.get(k.strip().lower(), k.strip().lower()): (v or "") for k, v in rec.items()}
    code = str(r.get("barcode", "")).strip()
    if not code:
        raise RowError("no barcode")
    if not code.isdigit() or not 4 <= len(code) <= 14:
        raise RowError("invalid barcode")
    count = _num(str(r.get("review_count", "")), "review count", 0, 1e9)
    if count is not None and count != int(count):
        raise RowError("bad review count")
    currency = str(r.get("currency", "")).strip().upper()
    return {
        "code": gtin.canonical(code),
        "store": " ".join(str(r.get("store", "")).split()),
        "price": _num(str(r.get("price", "")), "price", 0, 1e7),
        "currency": currency,
        "rating": _num(str(r.get("rating", "")), "rating", 0, 5),
        "review_count": int(count) if count is not None else None,
        "review_summary": " ".join(str(r.get("review_summary", "")).split()),
    }


def import_store(catalog, path: str | Path, batch_size: int = 1000, progress: bool = True,
                 restart: bool = False) -> ImportReport:
    """Import a store price/review CSV into ``catalog``."""
    return run_import(catalog, path, "store", convert_store, catalog.upsert_offers,
                      batch_size=batch_size, progress=progress, restart=restart)

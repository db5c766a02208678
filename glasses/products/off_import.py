"""Import the Open Food Facts export: the CSV (tab-separated, ``en.openfoodfacts.org.
products.csv``) or the JSONL (``openfoodfacts-products.jsonl``), plain or gzip.

Columns used, by their real names: code, product_name (or product_name_en),
generic_name, brands, quantity, categories / categories_en, ingredients_text
(or ingredients_text_en), allergens / allergens_tags, traces / traces_tags,
labels / labels_tags, ingredients_analysis_tags, nutriscore_grade, nova_group.
Tag values such as "en:tree-nuts" become "tree nuts". A row without a numeric code or
without a name and brand is skipped and counted.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from glasses.products import gtin
from glasses.products.reader import ImportReport, RowError, run_import


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ",".join(_text(x) for x in v if x is not None)
    if isinstance(v, dict):
        return ""
    return " ".join(str(v).split())


def tags(v: Any) -> str:
    """'en:tree-nuts,en:milk' or ['en:tree-nuts'] -> 'tree nuts,milk' (language prefixes dropped)."""
    raw = v if isinstance(v, list) else re.split(r"[,;]", _text(v))
    out: list[str] = []
    for t in raw:
        t = _text(t).strip().lower()
        if not t:
            continue
        t = re.sub(r"^[a-z]{2,3}:", "", t).replace("-", " ").strip()
        if t and t not in out:
            out.append(t)
    return ",".join(out)


def _first(rec: dict[str, Any], *keys: str) -> str:
    for k in keys:
        v = _text(rec.get(k))
        if v:
            return v
    return ""


def convert_off(rec: dict[str, Any], source: str = "off") -> dict[str, Any]:
    """One OFF record (CSV row or JSON object) -> a catalog product row; RowError if broken."""
    code = _text(rec.get("code")).strip()
    if not code:
        raise RowError("no code")
    if not code.isdigit() or not 4 <= len(code) <= 14:
        raise RowError("invalid code")
    name = _first(rec, "product_name", "product_name_en", "abbreviated_product_name", "generic_name")
    brands = _first(rec, "brands")
    brand = brands.split(",")[0].strip()
    if not name and not brand:
        raise RowError("no name or brand")
    nova_raw = _text(rec.get("nova_group"))
    try:
        nova_f = float(nova_raw) if nova_raw else None
    except ValueError:  # "unknown" and such: no NOVA group
        nova_f = None
    if nova_f is not None and not math.isfinite(nova_f):
        raise RowError("bad nova_group")
    nova = int(nova_f) if nova_f is not None else None
    grade = _text(rec.get("nutriscore_grade")).lower()
    return _capped({
        "code": gtin.canonical(code),
        "name": name,
        "generic_name": _first(rec, "generic_name", "generic_name_en"),
        "brand": brand,
        "quantity": _first(rec, "quantity"),
        "categories": tags(rec.get("categories_en") or rec.get("categories") or ""),
        "ingredients": _first(rec, "ingredients_text_en", "ingredients_text"),
        "allergens": tags(rec.get("allergens_tags") or rec.get("allergens_en") or rec.get("allergens") or ""),
        "traces": tags(rec.get("traces_tags") or rec.get("traces_en") or rec.get("traces") or ""),
        "labels": tags(rec.get("labels_tags") or rec.get("labels_en") or rec.get("labels") or ""),
        "analysis": tags(rec.get("ingredients_analysis_tags") or ""),
        "nutriscore": grade if grade in ("a", "b", "c", "d", "e") else "",
        "nova": nova if nova in (1, 2, 3, 4) else None,
        "source": source,
    })


# Longest text kept per field: a product's name is spoken, so a 4 MB "name" is cut, not stored.
MAX_CHARS = {"ingredients": 5000, "categories": 1000, "allergens": 1000, "traces": 1000, "labels": 1000,
             "analysis": 1000}
_DEFAULT_MAX_CHARS = 300


def _capped(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v[:MAX_CHARS.get(k, _DEFAULT_MAX_CHARS)] if isinstance(v, str) else v for k, v in row.items()}


def import_off(catalog, path: str | Path, batch_size: int = 1000, progress: bool = True,
               restart: bool = False, source: str = "off") -> ImportReport:
    """Import an Open Food Facts CSV or JSONL file (gzip or plain) into ``catalog``."""
    return run_import(catalog, path, "off", lambda r: convert_off(r, source), catalog.upsert_products,
                      batch_size=batch_size, progress=progress, restart=restart)

"""Catalog imports on real-format Open Food Facts CSV/JSONL and store CSVs with broken rows."""

from __future__ import annotations

import gzip
import json

import pytest

from glasses.products.catalog import Catalog
from glasses.products.off_import import import_off
from glasses.products.store_import import import_store

OFF_COLUMNS = ["code", "url", "creator", "created_t", "product_name", "abbreviated_product_name",
               "generic_name", "quantity", "packaging", "brands", "brands_tags", "categories",
               "categories_tags", "categories_en", "labels", "labels_tags", "labels_en",
               "ingredients_text", "ingredients_tags", "ingredients_analysis_tags", "allergens",
               "allergens_en", "traces", "traces_tags", "traces_en", "serving_size",
               "nutriscore_score", "nutriscore_grade", "nova_group", "energy-kcal_100g"]


def off_row(code, name, brand, **kw):
    row = {c: "" for c in OFF_COLUMNS}
    row.update(code=code, product_name=name, brands=brand, **kw)
    return "\t".join(row[c] for c in OFF_COLUMNS)


def test_off_csv_tab_separated_with_broken_rows(tmp_path):
    lines = ["\t".join(OFF_COLUMNS),
             off_row("7394376616037", 'Oat drink "Barista"', "Oatly,Oatly AB", quantity="1 L",
                     allergens="en:gluten", traces_tags="en:nuts", labels_tags="en:vegan,en:no-added-sugar",
                     ingredients_analysis_tags="en:palm-oil-free,en:vegan,en:vegetarian",
                     nutriscore_grade="b", nova_group="3"),
             off_row("abc123", "Bad code", "X"),                       # non-numeric code
             off_row("", "No code", "X"),                              # missing code
             "3017620422003\tonly three\tcolumns",                    # wrong column count
             off_row("40111445", "", ""),                              # no name, no brand
             off_row("3017620422003", "Nutella", "Ferrero", allergens="en:milk,en:nuts,en:soybeans",
                     nutriscore_grade="e", nova_group="4")]
    path = tmp_path / "en.openfoodfacts.org.products.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cat = Catalog(tmp_path / "c.sqlite")
    report = import_off(cat, path, progress=False)
    assert (report.imported, report.skipped) == (2, 4)
    assert report.skipped_reasons == {"invalid code": 1, "no code": 1, "wrong number of columns": 1,
                                      "no name or brand": 1}
    p = cat.by_barcode("7394376616037")
    assert p.name == 'Oat drink "Barista"' and p.brand == "Oatly" and p.quantity == "1 L"
    assert p.allergens == "gluten" and p.traces == "nuts" and "vegan" in p.labels.split(",")
    assert p.nutriscore == "b" and p.nova == 3
    assert cat.by_barcode("3017620422003").allergens == "milk,nuts,soybeans"
    assert "2 imported, 4 skipped" in report.summary()
    again = import_off(cat, path, progress=False)  # the same file is not imported twice
    assert again.already_done and cat.count() == 2


def _jsonl_records(n):
    from glasses.products.gtin import check_digit

    for i in range(n):
        body = f"{400000000000 + i}"
        yield {"code": body + check_digit(body), "product_name": f"Product {i}", "brands": "Acme",
               "allergens_tags": ["en:milk"] if i % 2 else [], "nutriscore_grade": "c", "nova_group": 2}


def test_off_jsonl_gzip_broken_lines_and_resume_after_truncation(tmp_path):
    good = [json.dumps(r) for r in _jsonl_records(250)]
    good.insert(10, "{not json")
    good.insert(20, "[1, 2, 3]")
    payload = ("\n".join(good) + "\n").encode()
    full = tmp_path / "openfoodfacts-products.jsonl.gz"
    full.write_bytes(gzip.compress(payload))
    cut = tmp_path / "cut.jsonl.gz"
    blob = full.read_bytes()
    cut.write_bytes(blob[: len(blob) * 2 // 3])

    cat = Catalog(tmp_path / "c.sqlite")
    r1 = import_off(cat, cut, batch_size=40, progress=False)
    assert r1.error and "truncated" in r1.error
    kept = cat.count()
    assert kept > 0 and kept % 40 in (0, 38)  # whole batches only, nothing half-written
    r_again = import_off(cat, cut, batch_size=40, progress=False)  # resumes, stops at the damage again
    assert r_again.resumed_from > 0 and cat.count() >= kept
    # the complete download is imported in full; what was there is updated, not duplicated
    r2 = import_off(cat, full, batch_size=40, progress=False)
    assert r2.error == "" and r2.skipped == 2
    assert cat.count() == 250
    from glasses.products.gtin import check_digit
    assert cat.by_barcode("400000000001" + check_digit("400000000001")).allergens == "milk"


def test_resume_skips_committed_rows(tmp_path):
    path = tmp_path / "products.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _jsonl_records(100)) + "\n")
    cat = Catalog(tmp_path / "c.sqlite")
    from glasses.products.reader import file_key

    # an earlier run committed 60 rows and was killed
    import_off(cat, path, batch_size=1000, progress=False)
    cat.db.execute("DELETE FROM products WHERE rowid > 60")
    cat.save_import_state(file_key(path), "off", 60, 60, 0, False)
    cat.db.commit()
    report = import_off(cat, path, progress=False)
    assert report.resumed_from == 60 and report.imported == 40 and cat.count() == 100


def test_store_csv_with_broken_rows(tmp_path, catalog):
    path = tmp_path / "prices.csv"
    path.write_text(
        "Barcode,Price,Currency,Store,Rating,Review_Count,Review_Summary\n"
        "2000001000014,\"2,19\",eur,Big Shop,4.1,10,\"fine, a bit thin\"\n"
        "2000001000014,abc,EUR,Other,4,3,x\n"        # bad price
        "2000001000025,1.00,EUR,Shop,7,3,x\n"          # rating above 5
        "not-a-code,1.00,EUR,Shop,4,3,x\n"
        "2000001000182,3.10,EUR,Big Shop,,,\n"
        "2000001000182,3.10,EUR\n", encoding="utf-8")  # wrong column count
    report = import_store(catalog, path, progress=False)
    assert (report.imported, report.skipped) == (2, 4)
    offers = {o.store: o for o in catalog.by_barcode("2000001000014").offers}
    assert offers["Big Shop"].price == 2.19 and offers["Big Shop"].currency == "EUR"
    assert offers["Big Shop"].review_summary == "fine, a bit thin"
    assert offers["Corner Market"].price == 1.89  # the demo offer is still there


def test_missing_and_unknown_files(tmp_path, catalog):
    from glasses.errors import GlassesError

    with pytest.raises(GlassesError, match="not found"):
        import_off(catalog, tmp_path / "nope.csv", progress=False)
    (tmp_path / "x.xml").write_text("<a/>")
    with pytest.raises(GlassesError, match="unknown file type"):
        import_off(catalog, tmp_path / "x.xml", progress=False)


def test_lookup_by_barcode_variants_and_text(catalog):
    assert catalog.by_barcode("072000100127").name == "Pure maple syrup"       # UPC-A, 12 digits
    assert catalog.by_barcode("0072000100127").name == "Pure maple syrup"      # as GTIN-13
    assert catalog.by_barcode("20000127").name == "Spearmint chewing gum"      # EAN-8
    assert catalog.by_barcode("4006381333931") is None
    m = catalog.match_text(["Levant Tabie", "CLASSICHUMMUS", "200g"])         # OCR-ish errors
    assert m.product.name == "Classic hummus" and m.score >= 80
    assert catalog.match_text(["Please use till 4"]) is None or catalog.match_text(["Please use till 4"]).score < 62


def test_remember_unknown_barcode(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite")
    cat.remember("4006381333931", "pencils from the corner shop")
    cat.close()
    again = Catalog(tmp_path / "c.sqlite")
    p = again.by_barcode("4006381333931")
    assert p.name == "pencils from the corner shop" and p.source == "user"

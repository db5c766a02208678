"""The product catalog: one SQLite file with products and store offers.

Tables: ``products`` (one row per canonical barcode: name, brand, quantity,
ingredients, allergens, traces, labels, nutrition grade, ...), ``offers`` (price and
reviews per barcode and store), ``imports`` (progress of each imported file, for
resuming), and ``names`` (an FTS5 index of name + brand used to shortlist candidates
for fuzzy matching of text read from a package).

Lookups: ``by_barcode`` (canonical code and its variants), ``match_text`` (OCR lines ->
best product and a 0..100 score, rapidfuzz over an FTS5 shortlist).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from rapidfuzz import fuzz

from glasses.errors import GlassesError
from glasses.paths import xdg_data_home
from glasses.products import gtin
from glasses.products.off_import import import_off
from glasses.products.store_import import import_store

SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    generic_name TEXT NOT NULL DEFAULT '',
    brand TEXT NOT NULL DEFAULT '',
    quantity TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '',
    ingredients TEXT NOT NULL DEFAULT '',
    allergens TEXT NOT NULL DEFAULT '',      -- comma-separated plain words: milk, nuts, ...
    traces TEXT NOT NULL DEFAULT '',
    labels TEXT NOT NULL DEFAULT '',         -- comma-separated: organic, vegan, ...
    analysis TEXT NOT NULL DEFAULT '',       -- from ingredients_analysis_tags: vegan, non-vegan, ...
    nutriscore TEXT NOT NULL DEFAULT '',     -- a..e
    nova INTEGER,
    source TEXT NOT NULL DEFAULT 'off',      -- off, user (remembered by the wearer), demo
    updated REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS offers (
    code TEXT NOT NULL,
    store TEXT NOT NULL DEFAULT '',
    price REAL,
    currency TEXT NOT NULL DEFAULT '',
    rating REAL,
    review_count INTEGER,
    review_summary TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (code, store)
);
CREATE TABLE IF NOT EXISTS imports (
    file TEXT PRIMARY KEY,                   -- absolute path + size + mtime
    kind TEXT NOT NULL,
    rows_done INTEGER NOT NULL DEFAULT 0,    -- data rows consumed (imported or skipped)
    imported INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL DEFAULT 0
);
"""

FTS = "CREATE VIRTUAL TABLE IF NOT EXISTS names USING fts5(code UNINDEXED, text, tokenize='unicode61 remove_diacritics 2')"

PRODUCT_FIELDS = ("code", "name", "generic_name", "brand", "quantity", "categories", "ingredients",
                  "allergens", "traces", "labels", "analysis", "nutriscore", "nova", "source")


@dataclass(frozen=True, slots=True)
class Offer:
    store: str
    price: float | None
    currency: str
    rating: float | None
    review_count: int | None
    review_summary: str


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    name: str = ""
    generic_name: str = ""
    brand: str = ""
    quantity: str = ""
    categories: str = ""
    ingredients: str = ""
    allergens: str = ""
    traces: str = ""
    labels: str = ""
    analysis: str = ""
    nutriscore: str = ""
    nova: int | None = None
    source: str = "off"
    offers: tuple[Offer, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["offers"] = [asdict(o) for o in self.offers]
        return d


@dataclass(frozen=True, slots=True)
class TextMatch:
    """A product found from text on the package. score: 0..100 (rapidfuzz)."""

    product: Product
    score: float
    matched: str


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


class Catalog:
    """A product catalog in one SQLite file (``":memory:"`` for tests).

    Safe to share between the event loop and a worker thread (one connection,
    guarded by a lock).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.executescript(SCHEMA)
            try:
                self.db.execute(FTS)
                self.fts = True
            except sqlite3.OperationalError:  # an SQLite built without FTS5
                self.fts = False
            self.db.commit()
        except sqlite3.DatabaseError as exc:
            raise GlassesError(f"cannot open the product catalog: {exc}", where=self.path) from None
        self.db.row_factory = sqlite3.Row
        self.lock = threading.RLock()

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------
    def upsert_products(self, rows: Iterable[dict[str, Any]]) -> int:
        """Insert or replace products (dicts with PRODUCT_FIELDS keys); no commit."""
        n = 0
        now = time.time()
        for r in rows:
            values = [r.get(f, "" if f != "nova" else None) for f in PRODUCT_FIELDS]
            self.db.execute(
                f"INSERT OR REPLACE INTO products ({', '.join(PRODUCT_FIELDS)}, updated) "
                f"VALUES ({', '.join('?' * len(PRODUCT_FIELDS))}, ?)", (*values, now))
            if self.fts:
                self.db.execute("DELETE FROM names WHERE code = ?", (r["code"],))
                text = " ".join(x for x in (r.get("name", ""), r.get("brand", ""),
                                            r.get("generic_name", "")) if x)
                self.db.execute("INSERT INTO names (code, text) VALUES (?, ?)", (r["code"], text))
            n += 1
        return n

    def upsert_offers(self, rows: Iterable[dict[str, Any]]) -> int:
        n = 0
        for r in rows:
            self.db.execute(
                "INSERT OR REPLACE INTO offers (code, store, price, currency, rating, review_count, "
                "review_summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (r["code"], r.get("store", ""), r.get("price"), r.get("currency", ""),
                 r.get("rating"), r.get("review_count"), r.get("review_summary", "")))
            n += 1
        return n

    def remember(self, code: str, name: str, brand: str = "") -> Product:
        """Store a product the wearer named ("remember this as oat biscuits")."""
        name = " ".join(name.split())
        if not name:
            raise GlassesError("a remembered product needs a name")
        with self.lock:
            existing = self.by_barcode(code)
            row = {f: getattr(existing, f) for f in PRODUCT_FIELDS} if existing else {"code": code}
            row.update(code=existing.code if existing else code, name=name, source="user")
            if brand:
                row["brand"] = brand
            self.upsert_products([row])
            self.db.commit()
        return self.by_barcode(code)  # type: ignore[return-value]

    # --- reading -------------------------------------------------------------------------
    def count(self) -> int:
        with self.lock:
            return self.db.execute("SELECT COUNT(*) FROM products").fetchone()[0]

    def _product(self, row: sqlite3.Row) -> Product:
        offers = tuple(Offer(o["store"], o["price"], o["currency"], o["rating"], o["review_count"],
                             o["review_summary"])
                       for o in self.db.execute("SELECT * FROM offers WHERE code = ? ORDER BY store",
                                                (row["code"],)))
        return Product(**{f: row[f] for f in PRODUCT_FIELDS}, offers=offers)

    def by_barcode(self, code: str) -> Product | None:
        """The product stored under ``code`` or one of its equivalent forms."""
        with self.lock:
            for key in gtin.lookup_keys(code):
                row = self.db.execute("SELECT * FROM products WHERE code = ?", (key,)).fetchone()
                if row is not None:
                    return self._product(row)
            # offers without a product row still answer "how much is this"
            for key in gtin.lookup_keys(code):
                if self.db.execute("SELECT 1 FROM offers WHERE code = ?", (key,)).fetchone():
                    return self._product({**{f: "" for f in PRODUCT_FIELDS}, "code": key,
                                          "nova": None, "source": "store"})
        return None

    def _candidates(self, words: list[str], limit: int) -> list[sqlite3.Row]:
        if self.fts:
            # prefixes survive OCR errors at word ends; long words only, to keep it selective
            terms = sorted({w for w in words if len(w) >= 3})
            if terms:
                query = " OR ".join(f'"{t[:5]}"*' for t in terms)
                try:
                    return self.db.execute(
                        "SELECT p.* FROM names JOIN products p ON p.code = names.code "
                        "WHERE names MATCH ? ORDER BY bm25(names) LIMIT ?", (query, limit)).fetchall()
                except sqlite3.OperationalError:
                    pass
        return self.db.execute("SELECT * FROM products LIMIT ?", (limit * 20,)).fetchall()

    def match_text(self, lines: Sequence[str], limit: int = 300) -> TextMatch | None:
        """The product whose name and brand best match text read from the package."""
        text = " ".join(lines)
        words = _words(text)
        if not words:
            return None
        squashed = "".join(words)
        with self.lock:
            best: tuple[float, sqlite3.Row, str] | None = None
            for row in self._candidates(words, limit):
                name = " ".join(x for x in (row["brand"], row["name"]) if x)
                if not name:
                    continue
                name_l = " ".join(_words(name))
                # token_set handles extra words on the package; the squashed partial ratio
                # handles OCR that drops spaces ("ORGANICOAT DRINK").
                s1 = fuzz.token_set_ratio(name_l, " ".join(words))
                s2 = fuzz.partial_ratio(name_l.replace(" ", ""), squashed) if len(name_l) >= 6 else 0
                score = max(s1, s2 * 0.95)
                # the product name itself must appear, not only the brand
                pname = " ".join(_words(row["name"] or ""))
                if pname:
                    score = min(score, max(fuzz.partial_ratio(pname.replace(" ", ""), squashed),
                                           fuzz.token_set_ratio(pname, " ".join(words))) + 10)
                if best is None or score > best[0]:
                    best = (score, row, name)
            if best is None:
                return None
            return TextMatch(self._product(best[1]), round(float(best[0]), 1), best[2])

    # --- import bookkeeping ------------------------------------------------------------
    def import_state(self, key: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM imports WHERE file = ?", (key,)).fetchone()

    def save_import_state(self, key: str, kind: str, rows_done: int, imported: int, skipped: int,
                          finished: bool) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO imports (file, kind, rows_done, imported, skipped, finished, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, kind, rows_done, imported, skipped, int(finished), time.time()))


def default_catalog_path() -> Path:

    return xdg_data_home() / "glasses" / "catalog.sqlite"


DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "catalog"


def open_catalog(path: str | Path | None = None, seed_demo: bool = True) -> Catalog:
    """Open the catalog at ``path`` (default: $XDG_DATA_HOME/glasses/catalog.sqlite);
    an empty catalog is filled from the bundled demo catalog when ``seed_demo``."""
    cat = Catalog(path if path is not None else default_catalog_path())
    if seed_demo and cat.count() == 0:
        load_demo(cat)
    return cat


def load_demo(cat: Catalog) -> None:
    """Import the demo catalog shipped in glasses/data/catalog (quietly)."""
    import_off(cat, DEMO_DIR / "products.jsonl", progress=False, source="demo")
    import_store(cat, DEMO_DIR / "store.csv", progress=False)


def demo_catalog() -> Catalog:
    """An in-memory catalog holding the demo products (for tests and ``glasses demo``)."""
    cat = Catalog(":memory:")
    load_demo(cat)
    return cat

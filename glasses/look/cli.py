"""Look and shop's commands: ``glasses look IMAGE...`` and ``glasses products import FILE...``."""

from __future__ import annotations

import gzip
import json
import sys
from datetime import datetime
from pathlib import Path

from glasses.errors import GlassesError
from glasses.look.build import build_skill
from glasses.look.images import format_text, look_images
from glasses.products.catalog import default_catalog_path, open_catalog
from glasses.products.off_import import import_off
from glasses.products.store_import import import_store

LOOK_QUESTIONS = ("identify_product", "product_price", "product_reviews", "product_details", "read_text")


def add_look_commands(sub, load_config) -> None:
    """``glasses look`` and ``glasses products``; ``load_config(args)`` gives the Config."""
    c = sub.add_parser("look", help="run the vision stages on image files",
                       description="Find barcodes and read text in images, look the product up, and print "
                                   "what the glasses would say.")
    c.add_argument("images", type=Path, nargs="+", metavar="IMAGE")
    c.add_argument("--json", action="store_true",
                   help='one JSON object per image: file, barcodes, text, product, reply')
    c.add_argument("--ask", default="identify_product", choices=LOOK_QUESTIONS,
                   help="which question the reply answers (default: identify_product)")
    c.add_argument("--no-ocr", action="store_true", help="barcodes only (faster)")
    c.add_argument("--question", metavar="TEXT",
                   help='ask this about each image through the whole assistant, e.g. "what kind of plant is '
                        'this": barcodes, text and the catalog answer first, then your engine (ask.url) gets '
                        'the picture (faces blurred)')
    c.set_defaults(func=lambda args: cmd_look(args, load_config(args)))

    c = sub.add_parser("products", help="manage the local product catalog",
                       description="The local product catalog (SQLite) that look requests search.")
    psub = c.add_subparsers(title="actions", metavar="ACTION")
    i = psub.add_parser("import", help="import Open Food Facts or store price/review files",
                        description="Import an Open Food Facts export (CSV or JSONL, gzip or plain) or a store "
                                    "price/review CSV (barcode, price, currency, store, rating, review_count, "
                                    "review_summary). Batched and resumable: run it again after an interruption.")
    i.add_argument("files", type=Path, nargs="+", metavar="FILE")
    i.add_argument("--kind", choices=("auto", "off", "store"), default="auto",
                   help="file format (auto: a CSV with a 'price' column is a store file)")
    i.add_argument("--restart", action="store_true", help="import from the first row again")
    i.set_defaults(func=lambda args: cmd_products_import(args, load_config(args)))
    c.set_defaults(func=lambda args: c.print_help())


def cmd_look(args, config) -> int:
    if args.question is not None:
        return cmd_look_and_ask(args, config)
    skill = build_skill(config.look)
    results = look_images(args.images, skill, intent=args.ask, ocr=not args.no_ocr)
    return _print_results(results, args.json, format_text)


def cmd_look_and_ask(args, config) -> int:
    from glasses.limits import MAX_TYPED_CHARS
    from glasses.look.asking import ask_about_images, format_answers

    question = " ".join(args.question.split())
    if not question or len(question) > MAX_TYPED_CHARS:
        raise GlassesError(f"--question must be 1 to {MAX_TYPED_CHARS} characters")
    results = ask_about_images(args.images, question, config, datetime.now().astimezone())
    return _print_results(results, args.json, format_answers)


def _print_results(results: list[dict], as_json: bool, fmt) -> int:
    """One JSON object per image, or ``fmt``'s text; each failed image named on stderr (exit 2)."""
    if as_json:
        for row in results:
            print(json.dumps(row))
    else:
        print(fmt(results))
    failed = [r for r in results if r.get("error")]
    for r in failed:
        print(f"glasses: error: {r['error']}", file=sys.stderr)
    return 2 if failed else 0


def cmd_products_import(args, config) -> int:
    catalog = open_catalog(config.look.catalog or default_catalog_path(), seed_demo=False)
    status = 0
    try:
        for path in args.files:
            if not path.exists():
                raise GlassesError("file not found", where=str(path))
            kind = args.kind if args.kind != "auto" else _catalog_kind(path)
            importer = import_store if kind == "store" else import_off
            report = importer(catalog, path, restart=args.restart)
            print(report.summary())
            status = status or (2 if report.error else 0)
    finally:
        catalog.close()
    return status


def _catalog_kind(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as f:
            first = f.readline(1 << 16).lower()  # bounded: the first line may be gigabytes
    except (OSError, EOFError) as exc:
        raise GlassesError(f"cannot read: {exc}", where=str(path)) from None
    return "store" if ("price" in first and "barcode" in first and not first.lstrip().startswith("{")) else "off"

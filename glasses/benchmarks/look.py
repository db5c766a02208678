"""Look-and-shop benchmark (measured, not a timed test).

    python -m glasses.benchmarks.look ../shared/data/barcodes [--json]

``run_bench(barcode_dir)`` returns a dict: per barcode reader the decode rate on the
real photos in ``barcode_dir`` (folders of images, each beside a .txt with the
expected value) and ms per frame; OCR ms per frame (640x480 label); look request to
answer text ms for a barcoded product (p50 and max); peak RSS with OCR loaded.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from glasses.events import Intent
from glasses.skills.base import Context
from glasses.vision.barcode import BarcodeReader, OpenCVReader, ZxingReader, make_reader
from glasses.vision.imageio import load_image

IMAGE_SUFFIXES = (".webp", ".jpg", ".jpeg", ".png", ".bmp")


def _norm(text: str) -> str:
    return text.strip().replace("\r\n", "\n")


def photo_set(folder: str | Path) -> list[tuple[str, Path, str]]:
    """(symbology folder, image, expected value) for every image with a .txt beside it."""
    out = []
    for img in sorted(Path(folder).rglob("*")):
        if img.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        txt = img.with_suffix(".txt")
        if txt.is_file():
            out.append((img.parent.name, img, _norm(txt.read_text(encoding="utf-8", errors="replace"))))
    return out


def decode_rate(folder: str | Path, reader: BarcodeReader) -> dict[str, Any]:
    """How many photos ``reader`` decodes to the expected value, and how fast."""
    photos = photo_set(folder)
    per: dict[str, list[int]] = {}
    times: list[float] = []
    hits = 0
    for group, path, expected in photos:
        bgr = load_image(path)
        t0 = time.perf_counter()
        codes = reader.read(bgr)
        times.append((time.perf_counter() - t0) * 1000)
        values = {_norm(b.value) for b in codes} | {_norm(b.raw) for b in codes}
        ok = expected in values
        hits += ok
        g = per.setdefault(group, [0, 0])
        g[0] += ok
        g[1] += 1
    return {"reader": reader.name, "decoded": hits, "images": len(photos),
            "rate": round(hits / len(photos), 3) if photos else None,
            "per_folder": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per.items())},
            "ms_mean": round(statistics.fmean(times), 2) if times else None,
            "ms_p50": round(statistics.median(times), 2) if times else None,
            "ms_max": round(max(times), 2) if times else None}


def _peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


def run_bench(barcode_dir: str | Path, look_runs: int = 15, ocr_runs: int = 5, ocr: bool = True) -> dict[str, Any]:
    """Run the look benchmark; see the module docstring for the keys."""
    from glasses.look.config import LookConfig
    from glasses.look.skill import LookSkill
    from glasses.look.synth import Variation, package, photograph, render_label
    from glasses.products.catalog import demo_catalog
    from glasses.vision.ocr import RapidOcrEngine

    out: dict[str, Any] = {"barcode_dir": str(barcode_dir)}
    readers = [OpenCVReader()]
    try:
        readers.append(ZxingReader())
    except Exception:
        pass
    readers.append(make_reader("auto"))
    out["barcode"] = [decode_rate(barcode_dir, r) for r in readers]

    # look request -> answer text, barcoded product, frames as a camera gives them
    catalog = demo_catalog()
    frames = [photograph(package("2000001000014", ["Northfield", "OAT DRINK"], None, seed=s),
                         Variation(blur=0.6 + 0.1 * (s % 4), tilt=0.06, rotate=3 + s % 5), seed=s)
              for s in range(look_runs)]
    engine = RapidOcrEngine() if ocr else None
    skill = LookSkill(catalog, make_reader("auto"), engine, LookConfig())
    ctx = Context(now=datetime.now(timezone.utc), t_ms=0)
    latencies = []
    answers = set()
    for bgr in frames:
        intent = Intent(0, "identify_product", {})
        t0 = time.perf_counter()
        skill.needs_camera(intent)
        seen = skill.see(bgr)
        reply = skill.answer(intent, seen, 1, ctx)
        latencies.append((time.perf_counter() - t0) * 1000)
        answers.add(reply.text)
    out["look_to_answer_ms"] = {"p50": round(statistics.median(latencies), 1),
                                "max": round(max(latencies), 1), "runs": len(latencies),
                                "note": "needs_camera+see+answer on one 640x480 frame; excludes camera "
                                        "start-up and TTS", "answers": sorted(answers)}
    if engine is not None:
        label = render_label(["ORGANIC OAT DRINK", "Northfield 1 L", "Keep refrigerated"])
        label = photograph(label, Variation(tilt=0.04, rotate=2, blur=0.6, glare=0.1), seed=1)
        t0 = time.perf_counter()
        engine.load()
        out["ocr_load_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        engine.read(label)
        times = []
        for _ in range(ocr_runs):
            t0 = time.perf_counter()
            lines = engine.read(label)
            times.append((time.perf_counter() - t0) * 1000)
        out["ocr_ms_per_frame"] = {"p50": round(statistics.median(times), 1), "max": round(max(times), 1),
                                   "frame": "640x480", "lines": [l.text for l in lines]}
    out["peak_rss_mb"] = _peak_rss_mb()
    out["peak_rss_note"] = "whole process, OCR models loaded" if ocr else "whole process, no OCR"
    return out


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    folder = Path(args[0]) if args else Path(__file__).resolve().parents[2].parent / "shared" / "data" / "barcodes"
    result = run_bench(folder)
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    for r in result["barcode"]:
        print(f"{r['reader']:<18} decoded {r['decoded']}/{r['images']}  {r['ms_mean']} ms/frame mean, "
              f"{r['ms_p50']} p50  {r['per_folder']}")
    la = result["look_to_answer_ms"]
    print(f"look -> answer text: p50 {la['p50']} ms, max {la['max']} ms")
    if "ocr_ms_per_frame" in result:
        print(f"OCR: {result['ocr_ms_per_frame']['p50']} ms/frame p50 (load {result['ocr_load_ms']} ms)")
    print(f"peak RSS: {result['peak_rss_mb']} MB ({result['peak_rss_note']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

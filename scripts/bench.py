#!/usr/bin/env python3
"""Run the glasses benchmark and print its JSON (same as ``glasses bench``).

    python scripts/bench.py [--quick] [--out FILE] [--config FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run (well under a minute)")
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    parser.add_argument("--config", type=Path, help="config file (default: the usual one, else defaults)")
    args = parser.parse_args(argv)

    from glasses.bench import run_bench
    from glasses.config import load_config

    result = run_bench(load_config(args.config), quick=args.quick)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The offline floor: how a small GGUF chat model that installs from a registry does on this
machine, on scripts/offline_floor_tasks.yaml (30 factual questions, 30 summarize/rephrase tasks).

    python scripts/measure_offline_floor.py MODEL.gguf [--threads 1] [--out results.json]

Needs llama-cpp-python (not a project dependency: it has no wheels and builds from source).
Prints, per set, how many were right by the file's keyword rules, tokens/s, time to the first
token, and the process's peak RSS; --out keeps every answer.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import time
from pathlib import Path

import yaml

from glasses.ask.prompt import SYSTEM_PROMPT

TASKS = Path(__file__).with_name("offline_floor_tasks.yaml")



def has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase.lower())}(?![a-z0-9])", text.lower()) is not None


def right_factual(item: dict, answer: str) -> bool:
    return any(has(answer, a) for a in item["accept"]) and not any(has(answer, r) for r in item.get("reject", ()))


def right_task(item: dict, answer: str) -> bool:
    must = [str(m) for m in item["must"]]
    found = any(has(answer, m) for m in must) if item.get("any") else all(has(answer, m) for m in must)
    short = len(answer.split()) <= item.get("max_words", 40)
    return found and short and not any(has(answer, m) for m in item.get("must_not", ()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-tokens", type=int, default=80)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--chat-format", help="llama-cpp-python chat format (e.g. gemma) when the GGUF has no template")
    ap.add_argument("--no-extra-bufts", action="store_true",
                    help="no weight repacking: a build with GGML_NATIVE on a CPU that reports AMX "
                         "crashed in it here")
    args = ap.parse_args(argv)

    import llama_cpp.llama_cpp as capi
    from llama_cpp import Llama

    if args.no_extra_bufts:
        defaults = capi.llama_model_default_params

        def model_params():
            params = defaults()
            params.use_extra_bufts = False
            return params

        capi.llama_model_default_params = model_params

    t0 = time.monotonic()
    llm = Llama(model_path=str(args.model), n_ctx=1024, n_threads=args.threads, verbose=False, seed=0,
                chat_format=args.chat_format)
    load_s = time.monotonic() - t0
    sets = yaml.safe_load(TASKS.read_text())
    report: dict = {"model": args.model.name, "threads": args.threads, "chat_format": args.chat_format, "load_s": round(load_s, 2), "sets": {}}
    for name, judge in (("factual", right_factual), ("tasks", right_task)):
        rows, rates, firsts = [], [], []
        for item in sets[name]:
            messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": item["q"]}]
            start = time.monotonic()
            first = None
            pieces = []
            n = 0
            for chunk in llm.create_chat_completion(messages, max_tokens=args.max_tokens, temperature=0.0,
                                                    stream=True):
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    n += 1
                    first = first if first is not None else time.monotonic() - start
                    pieces.append(piece)
            took = time.monotonic() - start
            answer = "".join(pieces).strip()
            if n > 1 and first is not None and took > first:
                rates.append((n - 1) / (took - first))
            firsts.append(first or took)
            rows.append({"q": item["q"], "answer": answer, "right": judge(item, answer), "tokens": n,
                         "s": round(took, 2)})
            print(f"[{'ok' if rows[-1]['right'] else '--'}] {item['q'][:60]!r} -> {answer[:100]!r}", flush=True)
        report["sets"][name] = {
            "right": sum(r["right"] for r in rows), "of": len(rows),
            "tokens_per_s_p50": round(statistics.median(rates), 1) if rates else None,
            "first_token_s_p50": round(statistics.median(firsts), 3),
            "rows": rows,
        }
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    summary = {k: v for k, v in report.items() if k != "sets"}
    summary.update({k: {kk: vv for kk, vv in v.items() if kk != "rows"} for k, v in report["sets"].items()})
    print(json.dumps(summary, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

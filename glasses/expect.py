"""Comparing a replayed event stream with a session's expected.jsonl.

Each expected row must match, in order, a later event of the same type whose fields
include the expected ones (an expected field that is a string starting with "~" must
only be contained, case-insensitively). Unlisted event types are ignored, except the
``strict`` types: for those, every event in the stream must be expected (no extra
answers, no extra errors).
"""

from __future__ import annotations


def matches(row: dict, want: dict) -> bool:
    for key, value in want.items():
        if key == "t_ms":
            continue
        got = row.get(key)
        if isinstance(value, str) and value.startswith("~"):
            if not isinstance(got, str) or value[1:].lower() not in got.lower():
                return False
        elif got != value:
            return False
    return True


def compare(events: list[dict], expected: list[dict], tolerance_ms: int = 1500,
            strict: tuple[str, ...] = ()) -> list[str]:
    """Problems, one line each; empty when the stream satisfies every expected row."""
    problems = []
    for kind in strict:
        got = [e for e in events if e.get("type") == kind]
        want = [w for w in expected if w.get("type") == kind]
        if len(got) != len(want):
            problems.append(f"expected {len(want)} {kind} events, got {len(got)}: "
                            + "; ".join(str({k: v for k, v in e.items() if k != "type"}) for e in got))
    pos = 0
    for want in expected:
        for i in range(pos, len(events)):
            row = events[i]
            if row.get("type") == want.get("type") and matches(row, want):
                if "t_ms" in want and abs(row["t_ms"] - want["t_ms"]) > tolerance_ms:
                    problems.append(f"{want} happened at t_ms={row['t_ms']}")
                pos = i + 1
                break
        else:
            problems.append(f"missing {want}")
    return problems

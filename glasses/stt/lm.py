"""A small language model built from the intent templates, in ARPA format.

PocketSphinx's command mode decodes with this instead of a JSGF grammar: a JSGF
finite-state grammar returns a truncated path whenever the audio does not reach a
final state exactly, and free-text slots ({text}, {item}) cannot be a grammar at all.
A trigram model over the sentences the templates produce (wildcards filled with the
intent vocabulary) keeps the search to the assistant's own words and phrasings while
still accepting a reminder's free text. Pure: sentences in, ARPA text out.

Smoothing: interpolated absolute discounting (D = 0.5), written in backoff form.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable

DISCOUNT = 0.5
BOS, EOS = "<s>", "</s>"


def build_arpa(sentences: Iterable[str], vocabulary: Iterable[str] = ()) -> str:
    """A trigram ARPA language model over ``sentences`` (lowercase, space-separated)."""
    uni: Counter[str] = Counter()
    bi: Counter[tuple[str, str]] = Counter()
    tri: Counter[tuple[str, str, str]] = Counter()
    for sentence in sentences:
        words = sentence.split()
        if not words:
            continue
        seq = [BOS, *words, EOS]
        uni.update(seq[1:])
        bi.update(zip(seq, seq[1:]))
        tri.update(zip(seq, seq[1:], seq[2:]))
    for word in vocabulary:  # every vocabulary word is possible, if rare
        uni[word] += 0
    vocab = sorted(set(uni) | {BOS})
    total = sum(uni.values())
    n_vocab = len(vocab) - 1
    p1 = {w: (uni[w] + 0.1) / (total + 0.1 * n_vocab) for w in vocab if w != BOS}
    p1[BOS] = 0.0

    def interpolated(counts: dict, history_total: int, lower) -> tuple[dict, float]:
        types = len(counts)
        lam = DISCOUNT * types / history_total
        probs = {w: (c - DISCOUNT) / history_total + lam * lower(w) for w, c in counts.items()}
        return probs, lam

    by_h1: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), c in bi.items():
        by_h1[a][b] = c
    p2: dict[tuple[str, str], float] = {}
    bow1: dict[str, float] = {}
    for a, nexts in by_h1.items():
        probs, _ = interpolated(nexts, sum(nexts.values()), lambda w: p1[w])
        for b, p in probs.items():
            p2[(a, b)] = p
        bow1[a] = _backoff(probs, lambda w: p1[w])

    def p2_of(a: str, b: str) -> float:
        return p2.get((a, b), math.pow(10, bow1.get(a, 0.0)) * p1[b])

    by_h2: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for (a, b, c), n in tri.items():
        by_h2[(a, b)][c] = n
    p3: dict[tuple[str, str, str], float] = {}
    bow2: dict[tuple[str, str], float] = {}
    for (a, b), nexts in by_h2.items():
        probs, _ = interpolated(nexts, sum(nexts.values()), lambda w, a=a, b=b: p2_of(b, w))
        for c, p in probs.items():
            p3[(a, b, c)] = p
        bow2[(a, b)] = _backoff(probs, lambda w, b=b: p2_of(b, w))

    lines = ["\\data\\", f"ngram 1={len(vocab)}", f"ngram 2={len(p2)}", f"ngram 3={len(p3)}", "",
             "\\1-grams:"]
    for w in vocab:
        logp = -99.0 if w == BOS else math.log10(p1[w])
        lines.append(f"{logp:.6f}\t{w}\t{bow1.get(w, 0.0):.6f}")
    lines += ["", "\\2-grams:"]
    for (a, b), p in sorted(p2.items()):
        lines.append(f"{math.log10(p):.6f}\t{a} {b}\t{bow2.get((a, b), 0.0):.6f}")
    lines += ["", "\\3-grams:"]
    for (a, b, c), p in sorted(p3.items()):
        lines.append(f"{math.log10(p):.6f}\t{a} {b} {c}")
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


def _backoff(seen: dict[str, float], lower) -> float:
    """log10 backoff weight so that the distribution after this history sums to one."""
    left = 1.0 - sum(seen.values())
    lower_left = 1.0 - sum(lower(w) for w in seen)
    if left <= 0 or lower_left <= 0:
        return -99.0
    return math.log10(left / lower_left)

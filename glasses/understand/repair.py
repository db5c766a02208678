"""Near misses: what a recognizer's almost-right words most likely meant. Pure.

Two ways, the closer one wins:
- the nearest listed sentence by character similarity ("what is that is" -> "what is this");
  sentences with a free-text slot cannot be listed, so
- a word-by-word repair: words that no template uses are swapped for the most similar
  template word, and the result must parse ("cancel the pizza tiber" -> "cancel the pizza
  timer"). A word that is close to nothing is kept (it may be a name or an item).

The similarity (0..1) is the confidence of the near miss; callers decide what a near miss may
do (glasses.understand.confirm).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from glasses.understand.parser import IntentParser

WORD_CUTOFF = 75.0     # rapidfuzz ratio for swapping one word
MAX_WORDS = 16         # longer utterances are not repaired (bounded work)


def near_miss(parser: "IntentParser", heard: str) -> tuple[str, float] | None:
    """(sentence that parses, similarity to ``heard``) or None."""
    best = parser.closest_phrase_scored(heard)
    repaired = repair_words(parser, heard)
    if repaired is not None:
        score = fuzz.ratio(heard.lower(), repaired) / 100
        if score >= 0.8 and (best is None or score > best[1]):
            best = (repaired, score)
    return best


def repair_words(parser: "IntentParser", heard: str) -> str | None:
    """``heard`` with unknown words swapped for template words, if that parses; else None."""
    words = heard.lower().split()
    if not words or len(words) > MAX_WORDS:
        return None
    vocab = sorted(parser.template_words())
    swaps: dict[int, str] = {}
    for i, word in enumerate(words):
        if word in vocab or len(word) < 3:
            continue
        found = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
        if found and found[0] != word:
            swaps[i] = found[0]
    if not swaps:
        return None
    candidates = [dict(swaps)] + [{i: w} for i, w in swaps.items()] if len(swaps) > 1 else [swaps]
    for chosen in candidates:
        text = " ".join(chosen.get(i, w) for i, w in enumerate(words))
        if parser.parse_slots(text) is not None:
            return text
    return None

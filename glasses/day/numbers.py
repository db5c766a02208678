"""Numbers as a recognizer writes them ("twenty five", "a hundred") or as typed ("25", "2.5").

Pure functions over token lists: each parser takes ``tokens`` and a start index and returns
``(value, next_index)`` or None, so bigger parsers (durations, clock times) can compose them.
"""

from __future__ import annotations

import re

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30}
_DIGITS = re.compile(r"^\d+(\.\d+)?$")
_ORDINAL_DIGITS = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")


def tokens_of(text: str) -> list[str]:
    """Lowercase tokens; keeps digits, ':' and '.' inside numbers ("5:30", "2.5"), splits "10min";
    letters are any language's ("pâtes", "œufs": a French timer's name or list item kept whole)."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"(\d)\s*(a\.?m\.?|p\.?m\.?)(?![a-z])", r"\1 \2", text)
    text = re.sub(r"\b([ap])\.m\.?", r"\1m", text)
    text = re.sub(r"\b([ap]) m\b", r"\1m", text)
    text = re.sub(r"(\d)(?!(?:st|nd|rd|th)\b)([a-z])", r"\1 \2", text)
    return re.findall(r"\d{4}-\d{2}-\d{2}|\d+(?:[:.]\d+)?(?:st|nd|rd|th)?|[^\W\d_]+(?:'[^\W\d_]+)?", text)


def parse_number(tokens: list[str], i: int) -> tuple[float, int] | None:
    """A cardinal number at ``tokens[i]``: "5", "2.5", "twenty five", "a hundred and ten"."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if _DIGITS.match(tok):
        return float(tok), i + 1
    value = 0
    j = i
    seen = False
    if tok in ("a", "an", "one") and i + 1 < len(tokens) and tokens[i + 1] == "hundred":
        value, j, seen = 100, i + 2, True
        if j + 1 < len(tokens) and tokens[j] == "and" and (tokens[j + 1] in UNITS or tokens[j + 1] in TENS):
            j += 1
    if j < len(tokens) and tokens[j] in TENS:
        value += TENS[tokens[j]]
        j += 1
        seen = True
        if j < len(tokens) and tokens[j] in UNITS and 0 < UNITS[tokens[j]] < 10:
            value += UNITS[tokens[j]]
            j += 1
    elif j < len(tokens) and tokens[j] in UNITS:
        value += UNITS[tokens[j]]
        j += 1
        seen = True
        if j < len(tokens) and tokens[j] == "hundred" and value < 100:
            value *= 100
            j += 1
            if j + 1 < len(tokens) and tokens[j] == "and" and (tokens[j + 1] in UNITS or tokens[j + 1] in TENS):
                j += 1
            sub = parse_number(tokens, j) if j < len(tokens) and (tokens[j] in UNITS or tokens[j] in TENS) else None
            if sub is not None:
                value += int(sub[0])
                j = sub[1]
    return (float(value), j) if seen else None


def parse_ordinal(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A day-of-month ordinal: "5th", "third", "twenty first", "thirtieth", or a bare "5"."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    m = _ORDINAL_DIGITS.match(tok)
    if m:
        return int(m.group(1)), i + 1
    if tok in ORDINALS:
        return ORDINALS[tok], i + 1
    if tok in ORDINAL_TENS:
        return ORDINAL_TENS[tok], i + 1
    if tok in TENS and i + 1 < len(tokens) and tokens[i + 1] in ORDINALS and ORDINALS[tokens[i + 1]] < 10:
        return TENS[tok] + ORDINALS[tokens[i + 1]], i + 2
    if tok.isdigit() and 1 <= int(tok) <= 31:
        return int(tok), i + 1
    return None

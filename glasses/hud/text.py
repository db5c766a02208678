"""Text for OpenCV's Hershey fonts: fold to ASCII, measure, wrap to a width, ellipsize.

The Hershey fonts draw printable ASCII only, so everything shown goes through
``to_ascii`` first: accents are dropped ("café" -> "cafe"), common symbols are
spelled out ("€" -> "EUR", "°" -> " ") and anything else becomes "?".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import cv2

FONT = cv2.FONT_HERSHEY_SIMPLEX
FONT_BOLD = cv2.FONT_HERSHEY_DUPLEX

_SYMBOLS = {
    "€": "EUR ", "£": "GBP ", "¥": "JPY ", "°": " ", "—": "-", "–": "-", "‐": "-", "−": "-",
    "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "…": "...", "×": "x",
    "•": "*", "·": "-", "★": "*", "☆": "*", "½": "1/2", "¼": "1/4", "¾": "3/4", "ß": "ss",
    "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
    "\u00a0": " ", "\t": " ", "\n": " ", "\r": " ",
}


_SPACES = re.compile(" {2,}")


@lru_cache(maxsize=1024)
def to_ascii(text: str) -> str:
    """Printable ASCII that the Hershey fonts can draw, one line."""
    out = []
    for ch in str(text):
        if " " <= ch <= "~":
            out.append(ch)
        elif ch in _SYMBOLS:
            out.append(_SYMBOLS[ch])
        else:
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
            base = "".join(c for c in base if " " <= c <= "~")
            if base:
                out.append(base)
            elif unicodedata.category(ch).startswith(("M", "C")):
                continue  # combining marks, control characters: draw nothing
            else:
                out.append("?")
    return _SPACES.sub(" ", "".join(out)).strip()


@lru_cache(maxsize=4096)
def text_width(text: str, font: int, scale: float, thickness: int) -> int:
    return cv2.getTextSize(text, font, scale, thickness)[0][0]


def line_height(font: int, scale: float, thickness: int) -> int:
    """Baseline-to-baseline distance for one line of text."""
    (_, h), base = cv2.getTextSize("Ag", font, scale, thickness)
    return int(round((h + base) * 1.35))


def ellipsize(text: str, max_width: int, font: int, scale: float, thickness: int) -> str:
    """``text`` cut (with "...") so it is at most ``max_width`` pixels wide."""
    text = to_ascii(text)
    if text_width(text, font, scale, thickness) <= max_width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + "...", font, scale, thickness) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return (text[:lo].rstrip() + "...") if lo else ""


def wrap(text: str, max_width: int, font: int, scale: float, thickness: int) -> list[str]:
    """Greedy word wrap to ``max_width`` pixels; words longer than a line are split."""
    return list(_wrap(text, max_width, font, scale, thickness))


@lru_cache(maxsize=256)
def _wrap(text: str, max_width: int, font: int, scale: float, thickness: int) -> tuple[str, ...]:
    words = to_ascii(text).split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, scale, thickness) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while text_width(word, font, scale, thickness) > max_width:
            cut = _fit_prefix(word, max_width, font, scale, thickness)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return tuple(lines)


def _fit_prefix(word: str, max_width: int, font: int, scale: float, thickness: int) -> int:
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(word[:mid], font, scale, thickness) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return lo  # at least one character, so wrapping always progresses

"""Name normalization for search: lower case, accents and punctuation gone ("Café Ekberg" -> "cafe ekberg")."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
ARTICLES = ("the ", "a ", "an ")


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_).strip()


def strip_article(key: str) -> str:
    for a in ARTICLES:
        if key.startswith(a):
            return key[len(a):]
    return key

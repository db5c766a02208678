"""Query expansion for memory search: a question's content words plus a small table of words
that mean the same thing to someone asking about their own notes ("car" -> "parked", "wifi" ->
"password"). The table was written from general vocabulary and the "dev" half of
glasses/data/memory/pairs.yaml only; the "held_out" half measures how well it carries over
(docs/memory.md). FTS5's porter tokenizer then stems both the note and these terms.
"""

from __future__ import annotations

import re

STOPWORDS = frozenset("""
a about an and any are as at be been but by can can't could did do does doing for from get got had has
have how i i'm if in into is it it's its just me my mine now of on or our please remember so some that
the their them then there these they this those to too up us was we were what what's when where which
while who whom why will with would you your yours tell said say again know anything something
""".split())

# each line is one group: any word of a group stands for every other word of it
_GROUPS = """
car vehicle parked park parking garage bay level
leave left put parked placed stored kept keep hid hide hidden stashed
key keys
spare extra
wifi wi-fi wireless network internet password
password code pin combination passcode
coffee cafe café espresso
shop store cafe
medicine prescription pharmacy pills tablets drug drugs chemist
bicycle bike cycle
dentist teeth dental
appointment meeting booked
plane flight airport gate fly flying
lent borrowed gave has lend borrow
room hotel staying
passport passports
call phone number ring telephone mobile
colour color paint shade
bus stop leaves departs catch
eat allergic allergy food
milk drink
price cost costs euros much
moved changed postponed rescheduled
""".strip().splitlines()

SYNONYMS: dict[str, frozenset[str]] = {}
for _line in _GROUPS:
    _words = _line.split()
    for _w in _words:
        SYNONYMS[_w] = SYNONYMS.get(_w, frozenset()) | frozenset(_words)

_WORD = re.compile(r"[0-9a-zà-ÿ]+(?:[-'][0-9a-zà-ÿ]+)*")


def words(text: str) -> list[str]:
    """Lower-case words; a possessive 's is dropped (Anna's -> anna)."""
    out = []
    for w in _WORD.findall(text.lower()):
        w = w.removesuffix("'s")
        if w:
            out.append(w)
    return out


def _variants(word: str) -> list[str]:
    """The word and crude de-inflections, for looking it up in the synonym table."""
    out = [word]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.append(word[: -len(suffix)] + repl)
    return out


def content_words(question: str) -> list[str]:
    return [w for w in words(question) if w not in STOPWORDS]


def expand(question: str, synonyms: bool = True) -> list[str]:
    """Search terms for ``question``: its content words, and (with ``synonyms``) their table mates."""
    terms: list[str] = []
    for w in content_words(question):
        found = {w}
        if synonyms:
            for v in _variants(w):
                found |= SYNONYMS.get(v, frozenset())
        for t in sorted(found):
            if t not in terms:
                terms.append(t)
    return terms


def fts_match(terms: list[str]) -> str | None:
    """An FTS5 MATCH expression: any of the terms (each quoted, so no term is FTS syntax)."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms if t]
    return " OR ".join(quoted) if quoted else None

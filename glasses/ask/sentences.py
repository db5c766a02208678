"""Whole sentences out of a stream of text pieces, as soon as each one is complete, cleaned of
markdown for speech, so the first sentence can be spoken while the engine is still writing.

    split = SentenceSplitter()
    for piece in stream:
        for sentence in split.feed(piece):
            speak(sentence)
    for sentence in split.flush():
        speak(sentence)

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quote, bracket or markdown
after it) followed by white space, except after an abbreviation (Dr., e.g.), an initial (J.)
or a list number at the start of a line; every line break ends one too (a heading, a list item,
a paragraph). A sentence longer than ``max_chars`` with no end in sight is cut at its last comma
(else its last space) so speech can start. Markdown is dropped: ``**``, ``__``, ``*``, ``_``,
backticks, ``#`` headings, list markers, quotes, rules, table bars, links (their text is kept)
and fenced code blocks (said as nothing). Pure: no clock, no I/O.
"""

from __future__ import annotations

import re

MAX_SENTENCE_CHARS = 240

ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc", "approx", "dept", "mt", "ft",
    "inc", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "cf", "al", "fig", "ca",
})

_END = re.compile(r"(?:[.!?]+|…)[\"'”’)\]*_`]*(?=\s)")
_LIST_NUMBER = re.compile(r"\s*(?:[-*+>]\s*)?\d{1,3}\.")
_BLOCK_MARK = re.compile(r"^(?:#{1,6}\s+|>\s*|[-*+•]\s+|\d{1,3}[.)]\s+)")
_RULE = re.compile(r"(?:[-*_]\s*){3,}")
_TABLE_RULE = re.compile(r"[\s|:\-]+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}\s*/?>")
_EMPHASIS = re.compile(r"(?<![\w*])[*_]+|[*_]+(?![\w*])")
_FENCES = ("```", "~~~")


def clean_for_speech(text: str, line_start: bool = True, line_end: bool = True) -> str:
    """One piece of markdown as plain words: markers dropped, link text kept, spaces collapsed;
    a line that ends without punctuation gets a full stop (so the voice pauses)."""
    s = text.strip()
    if line_start:
        if _RULE.fullmatch(s):
            return ""
        if s.startswith("|"):
            if _TABLE_RULE.fullmatch(s):
                return ""
            s = ", ".join(cell.strip() for cell in s.strip("|").split("|") if cell.strip())
        for _ in range(3):   # "> - " and "1. **" nest
            stripped = _BLOCK_MARK.sub("", s)
            if stripped == s:
                break
            s = stripped
    s = _IMAGE.sub(r"\1", s)
    s = _LINK.sub(r"\1", s)
    s = _TAG.sub(" ", s)
    s = s.replace("**", "").replace("__", "").replace("~~", "").replace("`", "")
    s = _EMPHASIS.sub("", s)
    s = " ".join(s.split())
    if line_end and s and s[-1].isalnum():
        s += "."
    return s if any(ch.isalnum() for ch in s) else ""


class SentenceSplitter:
    """Feed text pieces, get back the sentences they completed (cleaned for speech)."""

    def __init__(self, max_chars: int = MAX_SENTENCE_CHARS) -> None:
        self.max_chars = max_chars
        self._buf = ""
        self._line_start = True
        self._fence = False

    def feed(self, piece: str) -> list[str]:
        self._buf += piece
        return self._drain(final=False)

    def flush(self) -> list[str]:
        """Whatever is left, as the last sentence(s); the splitter is then empty."""
        out = self._drain(final=True)
        self._buf, self._line_start, self._fence = "", True, False
        return out

    # -- internals ---------------------------------------------------------------------------------
    def _drain(self, final: bool) -> list[str]:
        out: list[str] = []
        while self._buf:
            if self._fence:
                if not self._skip_line(final):
                    break
                continue
            if self._line_start:
                head = self._buf.lstrip(" \t")
                if head.startswith(_FENCES):
                    if not self._skip_line(final):
                        break
                    self._fence = True
                    continue
                if not final and "\n" not in self._buf and any(f.startswith(head) for f in _FENCES):
                    break            # "`" or "``": maybe a fence, wait for the next piece
            cut = self._sentence_end()
            newline = self._buf.find("\n")
            if cut is not None and (newline < 0 or cut <= newline):
                self._emit(out, self._buf[:cut], line_end=False)
                self._buf = self._buf[cut:]
                self._line_start = False
            elif newline >= 0:
                self._emit(out, self._buf[:newline], line_end=True)
                self._buf = self._buf[newline + 1:]
                self._line_start = True
            elif len(self._buf) > self.max_chars:
                cut = self._long_cut()
                self._emit(out, self._buf[:cut], line_end=False)
                self._buf = self._buf[cut:]
                self._line_start = False
            elif final:
                self._emit(out, self._buf, line_end=True)
                self._buf = ""
            else:
                break
        return out

    def _skip_line(self, final: bool) -> bool:
        """Drop one whole line inside (or opening) a code fence; False if it is not complete yet."""
        newline = self._buf.find("\n")
        if newline < 0:
            if final:
                self._buf = ""
                return True
            return False
        line = self._buf[:newline].strip()
        if self._fence and line.startswith(_FENCES):
            self._fence = False
        self._buf = self._buf[newline + 1:]
        self._line_start = True
        return True

    def _sentence_end(self) -> int | None:
        """Index just after the first real sentence end in the buffer (its following white
        space has arrived), or None."""
        buf = self._buf
        for m in _END.finditer(buf):
            before = buf[:m.start()]
            if m.group().startswith(".") and not m.group().startswith(".."):
                if self._line_start and _LIST_NUMBER.fullmatch(buf[:m.start() + 1]):
                    continue             # "1. " opens a list item
                word = before.split()[-1] if before.split() else ""
                bare = word.strip("*_(\"'“‘[").lower()
                if bare in ABBREVIATIONS or "." in bare:
                    continue             # Dr. / e.g. / U.S.
                if len(bare) == 1 and bare.isalpha() and word.strip("*_(\"'“‘[").isupper():
                    continue             # J. K. Rowling
            return m.end()
        return None

    def _long_cut(self) -> int:
        head = self._buf[: self.max_chars]
        for mark in (", ", "; ", ": ", " - ", " "):
            cut = head.rfind(mark)
            if cut > self.max_chars // 3:
                return cut + len(mark.rstrip())
        return self.max_chars

    def _emit(self, out: list[str], segment: str, line_end: bool) -> None:
        text = clean_for_speech(segment, line_start=self._line_start, line_end=line_end)
        if text:
            out.append(text)


def sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[str]:
    """All sentences of a whole text (a non-streamed answer)."""
    split = SentenceSplitter(max_chars)
    return split.feed(text) + split.flush()

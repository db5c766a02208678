"""Recognizer and typed text into the words the intent templates expect. Pure functions.

Whisper writes like a person types: "Set a timer for 10 minutes.", "5pm", "4:30", "1/2",
"New York.", "20%", "$3", "1st", "10-minute", "an hour and a 1/2", "What's the weather?".
pocketsphinx writes lowercase words. ``normalize`` makes both look alike:

- punctuation that ends or separates words goes ("New York." -> "New York"); apostrophes
  in words stay ("what's"); ":" and "." inside numbers stay ("4:30", "2.5");
- symbols become words ("20%" -> "20 percent", "$3" -> "3 dollars", "&" -> "and");
- fractions become words ("1/2" -> "half", "an hour and a 1/2" -> "an hour and a half",
  "1 1/2 hours" -> "one and a half hours");
- hyphens between words or numbers become spaces ("10-minute" -> "ten minute"), ISO dates stay;
- "5pm" / "5 p.m." -> "five pm"; whole numbers up to 999 and ordinals ("1st") become words,
  as a recognizer in command mode writes them; times with a colon stay ("4:30");
- typed words missing their apostrophe get it back ("whats" -> "what's");
- a wake word or filler said before the command goes ("Hey Jarvis, um, what time is it").

Letter case is kept (a reminder "call Anna" stays readable); matching ignores case.
"""

from __future__ import annotations

import re

from glasses.limits import printable
from glasses.skills.spoken import number_words as _spoken_number


def number_words(n: int) -> str:
    """A number as a recognizer writes it in words: "one hundred one" (no "and")."""
    return _spoken_number(n, hundred_and=False)

_ORDINAL_WORDS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                  "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
_ORDINAL_TENS = {2: "twentieth", 3: "thirtieth"}
_FRACTIONS = {"1/2": "half", "1/4": "quarter", "3/4": "three quarters", "1/3": "third", "2/3": "two thirds",
              "½": "half", "¼": "quarter", "¾": "three quarters"}
_SYMBOLS = {"%": " percent", "&": " and ", "+": " plus ", "@": " at ", "°": " degrees", "#": " number ",
            "=": " equals "}
_LEADING_NOISE = re.compile(
    r"^(?:(?:hey|hi|ok|okay|o\.k\.)\s+(?:jarvis|glasses|mycroft|rhasspy)|alexa|jarvis|glasses|"
    r"um+|uh+|er+|erm|hmm+|ah+|so|well|oh|okay|ok|hey|and)\b[\s,.!]*", re.IGNORECASE)


def ordinal_words(n: int) -> str:
    """1 -> "first", 21 -> "twenty first", 30 -> "thirtieth" (1..99)."""
    if n < 20:
        return _ORDINAL_WORDS[n]
    tens, rest = divmod(n, 10)
    if not rest:
        return _ORDINAL_TENS.get(tens, number_words(n)[:-1] + "ieth")
    return f"{number_words(tens * 10)} {_ORDINAL_WORDS[rest]}"


def _fractions(text: str) -> str:
    # "1 1/2" -> "1 and a half"; "a 1/2" -> "a half"; "1/2 an hour" -> "half an hour"
    text = re.sub(r"(\d+)\s*(?:and\s+)?(1/2|½)", r"\1 and a half", text)
    text = re.sub(r"(\d+)\s*(?:and\s+)?(1/4|¼)", r"\1 and a quarter", text)
    text = re.sub(r"(\d+)\s*(?:and\s+)?(3/4|¾)", r"\1 and three quarters", text)
    for frac, words in _FRACTIONS.items():
        text = re.sub(rf"(?<![\d/]){re.escape(frac)}(?![\d/])", f" {words} ", text)
    text = re.sub(r"\b(?:a|an|one)\s+(half|quarter|third)\b", r"a \1", text, flags=re.IGNORECASE)
    text = re.sub(r"\band\s+half\b", "and a half", text, flags=re.IGNORECASE)
    return text


def _numbers(text: str) -> str:
    text = re.sub(r"\$\s?(\d+(?:\.\d\d)?)", r"\1 dollars", text)
    text = re.sub(r"£\s?(\d+(?:\.\d\d)?)", r"\1 pounds", text)
    text = re.sub(r"€\s?(\d+(?:\.\d\d)?)", r"\1 euros", text)
    # 5pm, 5 p.m., 5:30PM -> "5 pm"
    text = re.sub(r"(\d)\s*([aApP])\.?\s?[mM]\.?(?![a-zA-Z])", lambda m: f"{m[1]} {m[2].lower()}m", text)
    text = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", lambda m: ordinal_words(int(m[1])) if 0 < int(m[1]) < 100
                  else m[0], text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)   # 1,000 -> 1000
    # whole numbers 0..999 standing alone (not in 4:30, 2.5, 2026-03-02 or a year)
    return re.sub(r"(?<![\d:.\-/])(\d{1,3})(?![\d:/]|\.\d|-\d)",
                  lambda m: f" {number_words(int(m[1]))} ", text)


def _punctuation(text: str) -> str:
    text = re.sub(r"(\d{4})-(\d{2})-(\d{2})|(?<=\w)-(?=\w)",
                  lambda m: f"{m[1]}\3{m[2]}\3{m[3]}" if m[1] else " ", text)
    for sym, word in _SYMBOLS.items():
        text = text.replace(sym, word)
    # drop punctuation except apostrophes inside words and ':' / '.' inside numbers
    text = re.sub(r"(?<=\d)[:.](?=\d)", lambda m: "\0" if m[0] == ":" else "\1", text)
    text = re.sub(r"(?<=[A-Za-z])'(?=[A-Za-z])", "\2", text)
    text = re.sub(r"[^\w\s\0\1\2\3]", " ", text)
    return text.replace("\0", ":").replace("\1", ".").replace("\2", "'").replace("\3", "-")


_APOSTROPHES = {"whats": "what's", "todays": "today's", "hows": "how's", "wheres": "where's", "whens": "when's",
                "thats": "that's", "whos": "who's", "dont": "don't", "doesnt": "doesn't", "cant": "can't",
                "im": "i'm", "ive": "i've", "id": "i'd", "ill": "i'll", "isnt": "isn't", "arent": "aren't",
                "were": None, "its": None, "lets": "let's", "whatre": "what're", "youre": "you're"}


def restore_apostrophes(text: str) -> str:
    """Typed text without apostrophes: "whats the time" -> "what's the time" (not "were", "its")."""

    def fix(m: re.Match) -> str:
        word = m[0]
        fixed = _APOSTROPHES.get(word.lower())
        if not fixed:
            return word
        return fixed.capitalize() if word[0].isupper() else fixed
    return re.sub(r"\b[A-Za-z]+\b", fix, text)


def strip_leading_noise(text: str) -> str:
    """Drop a wake word and fillers said before the command ("Hey Jarvis, um, ...")."""
    while True:
        stripped = _LEADING_NOISE.sub("", text, count=1).lstrip()
        if stripped == text or not stripped:
            return text
        text = stripped


def normalize(text: str) -> str:
    """Text as a recognizer or a person writes it -> words for the intent templates."""
    text = printable(text)   # terminal escapes ("\x1b[31m") and control characters are not words
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("—", " ").replace("–", " ").replace("…", " ")
    text = _fractions(text)
    text = _numbers(text)
    text = _punctuation(text)
    text = restore_apostrophes(" ".join(text.split()))
    text = re.sub(r"\b([Tt])o (day|morrow)\b", r"\1o\2", text)  # Whisper: "Will it rain to day?"
    return strip_leading_noise(text)

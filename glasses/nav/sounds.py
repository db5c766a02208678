"""Place names by sound: what the recognizer wrote ("Copatory", "the cafeteria") matched to the
map's names ("Kauppatori") over espeak-ng phoneme strings, as well as by spelling.

Place names here are Finnish and Swedish; Whisper writes English words that sound alike. Both
sides are turned into IPA by espeak-ng with one English voice (``espeak-ng -q --ipa``: the way an
English speaker would read the name, which is how it was said), stress and length marks dropped,
and compared by edit distance twice: on the phonemes as they are, and on a coarse key where
every vowel is one symbol and voiced/voiceless pairs are one (vowels are what a recognizer
changes most). The score is the better of the two, 0-100.

The map's names are turned into phonemes once per map (one espeak-ng call over all of them,
a few seconds) and kept beside the imported graph (``<store>.sounds.json``).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from glasses.errors import GlassesError
from glasses.nav.names import normalize, strip_article

log = logging.getLogger(__name__)

VOICE = "en-us"
FORMAT = 1
_MARKS = re.compile("[ˈˌːˑ\u200d\u0361\u035c ,.-]")
_VOWELS = set("aeiouyæɐɑɒɔəɘɚɛɜɝɞɪɨʉʊʌʏøœɤɯɵ")
_PAIRS = str.maketrans({"b": "p", "d": "t", "ɡ": "k", "g": "k", "v": "f", "z": "s", "ʒ": "ʃ", "ð": "θ",
                        "ɾ": "t", "ɹ": "r", "ɻ": "r", "ʁ": "r", "ɫ": "l", "ɬ": "l", "w": "f", "ŋ": "n",
                        "j": "i"})
_DROP = re.compile(r"[()\[\]{}!?;:\"'’/&+*#]")


def phonemes(texts: list[str], voice: str = VOICE) -> list[str]:
    """IPA of each text (stress and length marks dropped), from one espeak-ng call."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise GlassesError("espeak-ng is not installed (sudo apt-get install espeak-ng)")
    if not texts:
        return []
    # one clause per line: anything espeak-ng would break a clause at is a space here
    lines = [" ".join(_DROP.sub(" ", t).replace(".", " ").replace(",", " ").split()) or "x" for t in texts]
    out = subprocess.run([exe, "-q", "--ipa", "-v", voice, "--stdin"], input="".join(f"{t}.\n" for t in lines),
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise GlassesError(f"espeak-ng failed: {out.stderr.strip()[:200]}")
    got = [line.strip() for line in out.stdout.splitlines() if line.strip()]
    if len(got) != len(lines):  # a clause split somewhere: one call each (slow, but right)
        got = [phonemes_one(exe, t, voice) for t in lines]
    return [_MARKS.sub("", g) for g in got]


def phonemes_one(exe: str, text: str, voice: str) -> str:
    out = subprocess.run([exe, "-q", "--ipa", "-v", voice, text], capture_output=True, text=True, timeout=30)
    return " ".join(out.stdout.split())


def coarse(ipa: str) -> str:
    """Every vowel (and run of vowels) one symbol, voiced and voiceless pairs one, doubles one."""
    out: list[str] = []
    for ch in ipa.translate(_PAIRS):
        c = "V" if ch in _VOWELS else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def similarity(a: str, b: str) -> float:
    """0-100: the better of the phonemes' and the coarse keys' edit-distance similarity."""
    if not a or not b:
        return 0.0
    fine = Levenshtein.normalized_similarity(a, b)
    rough = Levenshtein.normalized_similarity(coarse(a), coarse(b))
    return 100.0 * max(fine, 0.25 * fine + 0.75 * rough)


@dataclass(frozen=True)
class SoundMatch:
    index: int       # into the places
    score: float     # 0-100 by sound
    spelled: float   # 0-100 by spelling


class SoundIndex:
    """The places' names by sound; ``match(heard)`` ranks them."""

    def __init__(self, keys: list[str], sounds: list[str]) -> None:
        self.keys = keys
        self.sounds = sounds
        self._coarse = [coarse(s) for s in sounds]

    @classmethod
    def build(cls, keys: Iterable[str], cache: Path | None = None, voice: str = VOICE) -> "SoundIndex":
        keys = list(keys)
        if cache is not None and cache.is_file():
            try:
                data = json.loads(cache.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT and data.get("voice") == voice and data.get("keys") == keys:
                    return cls(keys, list(data["sounds"]))
            except (OSError, ValueError, KeyError):
                pass  # rebuilt below
        wanted = sorted({k for k in keys if speakable(k)})
        log.info("nav: the sounds of %d place names (once per map)", len(wanted))
        by_key = dict(zip(wanted, phonemes(wanted, voice)))
        sounds = [by_key.get(k, "") for k in keys]
        if cache is not None:
            try:
                tmp = cache.with_suffix(".tmp")
                tmp.write_text(json.dumps({"format": FORMAT, "voice": voice, "keys": keys, "sounds": sounds},
                                          ensure_ascii=False), encoding="utf-8")
                tmp.replace(cache)
            except OSError as exc:  # a read-only maps folder: computed again next time
                log.warning("nav: cannot keep the place sounds in %s: %s", cache, exc)
        return cls(keys, sounds)

    def match(self, heard: str, allowed: Iterable[int] | None = None, limit: int = 5) -> list[SoundMatch]:
        """The best places for ``heard`` by sound (with their spelling score), best first."""
        key = strip_article(normalize(heard))
        if not key:
            return []
        said = phonemes([key])[0]
        said_coarse = coarse(said)
        idx = range(len(self.keys)) if allowed is None else allowed
        scored = []
        for i in idx:
            s = self.sounds[i]
            if not s:
                continue
            fine = Levenshtein.normalized_similarity(said, s)
            rough = Levenshtein.normalized_similarity(said_coarse, self._coarse[i])
            scored.append((100.0 * max(fine, 0.25 * fine + 0.75 * rough), i))
        scored.sort(key=lambda si: -si[0])
        out: list[SoundMatch] = []
        seen: set[str] = set()
        for score, i in scored:  # one row per name (a stop and its square share one)
            if self.keys[i] in seen:
                continue
            seen.add(self.keys[i])
            out.append(SoundMatch(i, round(score, 1), round(fuzz.ratio(key, self.keys[i]), 1)))
            if len(out) >= limit:
                break
        return out


def speakable(key: str) -> bool:
    """A name worth saying: letters, no house numbers or platform numbers."""
    return bool(key) and not any(ch.isdigit() for ch in key) and len(key) >= 3

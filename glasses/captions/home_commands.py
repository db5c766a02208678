"""Home commands said in French, Spanish or German, put in English from their meaning.

Translation's two-step path (glasses/captions/two_step.py) says a sentence our skills understand
in English from its meaning. People also give their glasses the commands they give their home:
"éteins la lumière de la cuisine", "pon las luces del dormitorio en rosa", "mach alle Lichter
aus". Home Assistant's own sentences for those (the ``home-assistant-intents`` package: lights,
colours, brightness, covers, fans, climate, media, volume, vacuum, state questions) are parsed here
with names, areas and floors matching any words; ``home_glosses.yaml`` says each intent in English
and ``home_words.yaml`` puts the names of lights and rooms in English ("the kitchen", "the living
room lamp"). The glasses do not run these commands: nothing here controls a device.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml
from hassil import Intents, recognize_all

from glasses.understand.gloss import gloss
from glasses.understand.home_assistant import adapt
from glasses.understand.language_parser import LANGUAGES, plain

HERE = Path(__file__).parent
MAX_WORDS = 16          # a command, not a paragraph: wildcard matching grows with the words
MAX_NAME_WORDS = 4      # "la lampe du salon", "das Licht im Kinderzimmer": a name, not a clause
MAX_UNKNOWN = 2         # words of a name no table knows ("Robot Nestor"; one beside a known word, "la
#                         lampe de Bob"): a clause has more
_FREE = ("search_query", "message")    # wildcards said as they are: what to play, what to announce


@functools.lru_cache(maxsize=1)
def _glosses() -> dict[str, list[dict]]:
    return yaml.safe_load((HERE / "home_glosses.yaml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, dict]:
    return yaml.safe_load((HERE / "home_words.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Named:
    """A name, area or floor as said and in English, with what its known words are."""
    english: str
    kinds: frozenset[str]   # of "things", "places", "words" among its known words
    words: int              # how many words it has, articles left out
    unknown: int            # how many of them no table knows


class HomeWords:
    """Names, areas and floors said in English word by word ("lampe du salon": "the living room lamp")."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        self.drop = {str(w) for w in table.get("drop") or ()}
        self.of = {str(w) for w in table.get("of") or ()}
        self.words: dict[str, tuple[str, str]] = {}
        for kind in ("words", "places", "things"):
            for key, english in (table.get(kind) or {}).items():
                self.words[str(key).lower()] = (str(english), kind)
        self.longest = max((len(k.split()) for k in self.words), default=1)

    def named(self, phrase: str, article: bool = False, floor: bool = False) -> Named:
        """``phrase`` in English; "the" before it when it had an article, a known word, or ``article``;
        ``floor``: a floor, "floor" after it when it names none ("primera": "the first floor")."""
        tokens = re.sub(r"(\w')", r"\1 ", phrase.lower().replace("’", "'")).split()
        groups: list[list[str]] = [[]]
        kinds: set[str] = set()
        had_article, count, unknown = False, 0, 0
        i = 0
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                hit = self.words.get(" ".join(tokens[i:i + n]))
                if hit is not None:
                    groups[-1].append(hit[0])
                    kinds.add(hit[1])
                    count, i = count + 1, i + n
                    break
            else:
                token = tokens[i]
                if token in self.drop:
                    had_article = True
                elif token in self.of:
                    if groups[-1]:
                        groups.append([])
                else:
                    split = self._compound(token)
                    if split is None:
                        unknown += 1
                    else:
                        kinds.add(split[1])
                    groups[-1].append(split[0] if split else token)
                    count += 1
                i += 1
        every = any(w == "all" for g in groups for w in g)
        groups = [[w for w in g if w != "all"] for g in groups]
        said = " ".join(" ".join(g) for g in reversed(groups) if g)   # "the lamp of the hall": "the hall lamp"
        if said and floor and "places" not in kinds:
            said += " floor"
        if said and (article or kinds or had_article):
            said = f"the {said}"
        if said and every:
            said = f"all {said}" if said.startswith("the ") else f"all the {said}"
        return Named(said, frozenset(kinds), count, unknown)

    def _compound(self, word: str) -> tuple[str, str] | None:
        """A German compound of two known words ("wohnzimmerlampe", "kinderzimmerlicht"), or None."""
        for cut in range(3, len(word) - 2):
            tail = self.words.get(word[cut:])
            if tail is None:
                continue
            for head in (word[:cut], word[:cut - 1] if word[cut - 1] == "s" else None):
                hit = self.words.get(head) if head else None
                if hit is not None:
                    return f"{hit[0]} {tail[0]}", tail[1]
        return None


class HomeCommands:
    """Home Assistant's home commands in one language, and their English."""

    def __init__(self, language: str, glosses: Mapping[str, list[dict]] | None = None,
                 words: Mapping[str, Any] | None = None) -> None:
        self.language = language
        self.glosses = dict(glosses if glosses is not None else _glosses())
        self.words = HomeWords(words if words is not None else _words().get(language) or {})
        self.intents = Intents.from_dict(adapt(language, {name: name for name in self.glosses}, houses=True))

    def english(self, text: str) -> str | None:
        """English for ``text`` when it is a home command, else None."""
        heard = _heard(text)
        if not heard or len(heard.split()) > MAX_WORDS:
            return None
        said = self._english(heard)
        if said is None and "-" in heard:      # "allume-la" / "allume la"
            said = self._english(_heard(text, hyphens=False))
        return said

    def _english(self, heard: str) -> str | None:
        readings = []
        for result in recognize_all(heard, self.intents, allow_unmatched_entities=False):
            reading = self._reading(heard, result)
            if reading is not None:
                readings.append(reading)
        for _, intent, slots in sorted(readings, key=lambda r: r[0], reverse=True):
            said = self._say(intent, slots)
            if said:
                return said
        return None

    def _reading(self, heard: str, result: Any) -> tuple[tuple, str, dict[str, str]] | None:
        """One way the sentence parses, ranked, with its slots in English; None when it is no command:
        a name longer than a device's, or words that only fill a name (HA's bare "{name}")."""
        meta = result.intent_metadata or {}
        slots = {"combo": str(meta.get("combo") or "")}
        fit = wild = 0
        for name, entity in result.entities.items():
            value = entity.value[0] if isinstance(entity.value, list) and entity.value else entity.value
            value = str(value).strip()
            if not value:
                continue
            if entity.is_wildcard:
                wild += len(entity.text.split())
            if not entity.is_wildcard or name in _FREE:
                slots[name] = _number(value)
                step = re.fullmatch(r"([+-]?)(\d+)", slots[name]) if name == "volume_step" else None
                if step:                                    # "+20" / "-20": up or down, by 20
                    slots.update(volume_step="down" if step.group(1) == "-" else "up", volume_by=step.group(2))
                continue
            named = self.words.named(value, article=name != "name", floor=name == "floor")
            if not named.english or named.words > MAX_NAME_WORDS or \
                    named.unknown > (MAX_UNKNOWN - 1 if named.kinds else MAX_UNKNOWN):
                return None
            if name == "name":
                if "things" not in named.kinds:     # "¿Dónde está la estación?" is no question about a device
                    return None
                fit += 1
            elif "places" in named.kinds:                       # an area, a floor, a zone
                fit += 1
            elif named.kinds:            # "allume la télé", "ich mache alle ... aus": a device or a verb, not a room
                return None
            slots[name] = named.english
        literal = [w for w in heard.split() if w not in self.words.drop]
        if wild and len(literal) - wild < 1:
            return None
        return (-wild, fit, result.text_chunks_matched, len(result.entities)), \
            str(meta.get("ha_intent") or result.intent.name), slots

    def _say(self, intent: str, slots: Mapping[str, str]) -> str | None:
        for row in self.glosses.get(intent) or ():
            want = row.get("if") or {}
            if any(slots.get(k) != str(v) for k, v in want.items()):
                continue
            if any(not slots.get(k) for k in row.get("has") or ()):
                continue
            needed = set(re.findall(r"\{(\w+)\}", row["say"]))          # slots said without a "{ in x}"
            if any(not slots.get(k) for k in needed):
                continue
            said = gloss({intent: row["say"]}, intent, slots)
            return said[0].upper() + said[1:] if said else None
        return None


def _heard(text: str, hyphens: bool = True) -> str:
    """The words as said (glasses.understand.language_parser.plain), keeping what HA's numbers
    need: "50 %", "20.5", "20,5"."""
    words = []
    for token in text.split():
        number = re.fullmatch(r"(\d+(?:[.,]\d+)?)([%°]?)[.,;:!?]*", token)
        if number:
            words += [number.group(1) + "°"] if number.group(2) == "°" else \
                [number.group(1)] + (["%"] if number.group(2) else [])
        elif token == "%":
            words.append(token)
        else:
            words.append(plain(token, hyphens))
    return " ".join(w for w in words if w)


def _number(value: str) -> str:
    """HA's ranges come as floats ("20.0"): said as 20."""
    try:
        number = float(value)
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() else value


@functools.lru_cache(maxsize=len(LANGUAGES))
def home_commands(language: str) -> HomeCommands | None:
    """The home commands for ``language`` (one of LANGUAGES), built once; None for another language."""
    return HomeCommands(language) if language in LANGUAGES else None

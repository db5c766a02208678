"""The intent parser for a wearer who speaks French, Spanish or German (``assistant.language``).

It has the English parser's interface (``parse``, ``parse_scored``, ``names``, ``phrases``) and
the same skills' intents and normalizers, over other templates: every skill's
``intents.<lang>.yaml``, which holds the skill's own templates in that language and a
``home_assistant:`` map (glasses.understand.home_assistant) that brings Home Assistant's own
sentences for its intents. Matching keeps the words as said (accents and all): the English
normalizer (number words, contractions) is not used; hassil reads digits and HA's skip words.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Iterable, Mapping

import yaml
from hassil import Intents, recognize_all
from hassil.util import merge_dict

from glasses.errors import ConfigError
from glasses.events import Intent
from glasses.understand.home_assistant import adapt, raw_slots
from glasses.understand.parser import IntentParser, Normalizer, ParsedIntent, ScoredParse, _specificity

LANGUAGES = ("fr", "es", "de")


def language_files(files: Iterable[Path], language: str) -> list[Path]:
    """The ``intents.<lang>.yaml`` beside each of ``files`` that exists."""
    out = []
    for path in files:
        candidate = Path(path).with_name(f"{Path(path).stem}.{language}.yaml")
        if candidate.exists() and candidate not in out:
            out.append(candidate)
    return out


def load_language_intents(language: str, files: Iterable[Path]) -> Intents:
    merged: dict = {}
    for path in files:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read intent file: {str(exc).splitlines()[0]}", where=str(path)) from None
        mapping = data.pop("home_assistant", None) or {}
        if mapping:
            merge_dict(merged, adapt(language, mapping))
        merge_dict(merged, data)
    merged["language"] = language
    try:
        return Intents.from_yaml(io.StringIO(yaml.safe_dump(merged, allow_unicode=True)))
    except Exception as exc:  # hassil raises various errors on bad templates
        raise ConfigError(f"invalid intent template: {exc}", where=", ".join(str(p) for p in files)) from None


def plain(text: str, hyphens: bool = True) -> str:
    """Lowercase words as said: punctuation but apostrophes (and hyphens, unless not
    ``hyphens``) becomes spaces ("Quel temps fait-il ?" -> "quel temps fait-il")."""
    text = text.lower().replace("’", "'")
    keep = r"[^\w'°\- ]+" if hyphens else r"[^\w'° ]+"
    return " ".join(re.sub(keep, " ", text).replace(" - ", " ").split())


class LanguageParser(IntentParser):
    def __init__(self, language: str, files: Iterable[Path], normalizers: Mapping[str, Normalizer] | None = None,
                 vocabulary: Iterable[str] = (), samples: Mapping[str, list[str]] | None = None) -> None:
        if language not in LANGUAGES:
            raise ConfigError(f"no commands in {language!r} (one of: en, {', '.join(LANGUAGES)})",
                              where="assistant.language")
        self.language = language
        self.files = tuple(files)
        self.intents = load_language_intents(language, self.files)
        self.normalizers = dict(normalizers or {})
        self.samples = {k: list(v) for k, v in (samples or {}).items()}
        self.extra_vocabulary = tuple(vocabulary)
        self._phrases = None
        self._template_words = None

    def parse_scored(self, text: str, t_ms: int = 0, fuzzy: bool = True) -> ScoredParse:
        heard = plain(text)
        parsed = self.parse_slots(heard)
        if parsed is None and "-" in heard:   # templates and recognizers differ: "fait-il" / "fait il"
            heard = plain(text, hyphens=False)
            parsed = self.parse_slots(heard)
        if parsed is None:
            return ScoredParse(None, 0.0, heard)
        return ScoredParse(Intent(t_ms, parsed.name, parsed.slots), 0.9 if parsed.loose else 1.0, heard, heard)

    def parse_slots(self, text: str) -> ParsedIntent | None:
        if not text:
            return None
        ranked = sorted(recognize_all(text, self.intents, allow_unmatched_entities=False),
                        key=_specificity, reverse=True)
        for result in ranked:
            meta = result.intent_metadata or {}
            entities = {name: e.value.strip() if isinstance(e.value, str) else e.value
                        for name, e in result.entities.items()}
            entities = {k: v for k, v in entities.items() if v != ""}
            slots = raw_slots(entities, meta.get("rename")) if meta.get("ha_intent") else \
                {k: str(v) for k, v in entities.items()}
            normalize = self.normalizers.get(result.intent.name)
            if normalize is not None:
                slots = normalize(dict(slots))
                if slots is None:
                    continue
            return ParsedIntent(result.intent.name, slots, bool(meta.get("loose")))
        return None

"""From words to intents, and from intents to a speech-recognition grammar.

One definition feeds both: intent files in Home Assistant's hassil template language
(each skill's ``intents.yaml``, e.g. ``"what [is the] time [is it]"``). ``IntentParser``
matches text against them; ``phrases()`` (a phrase list for vosk) and
``training_sentences()`` (a language model for pocketsphinx, glasses.stt.lm) turn the
same templates into command-mode recognition.

A recognizer's words are rarely perfect: when no template matches exactly, the parser
takes the closest listed sentence if it is close enough (``fuzzy``).

Slot values can be normalized per intent (e.g. "an hour and a half" -> duration_s
"5400"): a normalizer gets the raw slot texts and returns the final slots, or None to
reject the match.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping

from hassil import Intents, recognize_all
from hassil.expression import (
    Alternative,
    Expression,
    ListReference,
    Permutation,
    RuleReference,
    Sentence,
    Sequence,
    TextChunk,
)
from hassil.intents import RangeSlotList, TextSlotList, WildcardSlotList

import random

import yaml
from hassil.util import merge_dict
from rapidfuzz import fuzz, process

from glasses.errors import ConfigError
from glasses.events import Intent
from glasses.understand.normalize import normalize, number_words
from glasses.understand.repair import near_miss

FUZZY_CUTOFF = 80.0  # rapidfuzz ratio 0..100

Normalizer = Callable[[dict[str, str]], "dict[str, str] | None"]

def tokenize(text: str) -> list[str]:
    """Lowercase words as a recognizer writes them: letters, digits and apostrophes."""
    return re.findall(r"[a-z0-9']+", text.lower())


@dataclass(frozen=True, slots=True)
class ParsedIntent:
    name: str
    slots: dict[str, str]
    loose: bool = False   # matched a template marked ``metadata: {loose: true}`` (confirm first)
    unfilled: tuple[str, ...] = ()  # slots the matched template can hold that stayed empty (glasses.understand.turn)
    wait: bool = False    # a template marked ``metadata: {turn: wait}``: the wearer may go on (an open question)


@dataclass(frozen=True, slots=True)
class ScoredParse:
    """A parse and how sure it is. ``confidence`` is 1.0 when a template matched the
    normalized words exactly, the similarity (0.8..1) of the nearest sentence for a near miss,
    and 0.0 when nothing matched (``intent`` None). ``heard`` is the normalized text, ``matched``
    the sentence that parsed (the repaired one for a near miss)."""

    intent: Intent | None
    confidence: float
    heard: str
    matched: str = ""
    parsed: ParsedIntent | None = None   # the template match behind ``intent`` (exact parses only)

    @property
    def exact(self) -> bool:
        return self.intent is not None and self.confidence >= 1.0


MATCHES_KEPT = 16  # parse_slots answers kept (the words of the last few utterances)
_UNASKED = object()


class IntentParser:
    """Matches text against the intent templates. Pure: no clock, no devices."""

    def __init__(self, files: Iterable[Path], normalizers: Mapping[str, Normalizer] | None = None,
                 vocabulary: Iterable[str] = (), samples: Mapping[str, list[str]] | None = None) -> None:
        """``samples``: example values of free-text slots by list name (for language models)."""
        self.files = tuple(files)
        self.intents = load_intents(self.files)
        self.normalizers = dict(normalizers or {})
        self.samples = {k: list(v) for k, v in (samples or {}).items()}
        self.extra_vocabulary = tuple(vocabulary) + tuple(
            w for values in self.samples.values() for v in values for w in tokenize(v))
        self._phrases: list[str] | None = None
        self._template_words: set[str] | None = None
        self._matched: dict[str, ParsedIntent | None] = {}   # parse_slots' last few answers (pure: normalizers are)

    @property
    def names(self) -> list[str]:
        return sorted(self.intents.intents)

    def parse(self, text: str, t_ms: int = 0, fuzzy: bool = True) -> Intent | None:
        """The best intent for ``text``, or None when nothing matches. A near miss that would
        fill a slot is None here: a slot value is never guessed (an allergen!)."""
        scored = self.parse_scored(text, t_ms, fuzzy)
        if scored.intent is not None and not scored.exact and scored.intent.slots:
            return None
        return scored.intent

    def parse_scored(self, text: str, t_ms: int = 0, fuzzy: bool = True) -> ScoredParse:
        """Normalize ``text`` (digits, symbols, punctuation: glasses.understand.normalize), match
        the templates, else the nearest listed sentence or a word-by-word repair (near misses)."""
        heard = normalize(text)
        parsed = self.parse_slots(heard)
        if parsed is not None:
            return ScoredParse(Intent(t_ms, parsed.name, parsed.slots), 0.9 if parsed.loose else 1.0, heard, heard,
                               parsed)
        if not fuzzy:
            return ScoredParse(None, 0.0, heard)
        found = near_miss(self, heard)
        if found is None:
            return ScoredParse(None, 0.0, heard)
        sentence, score = found
        parsed = self.parse_slots(sentence)
        if parsed is None:
            return ScoredParse(None, 0.0, heard)
        return ScoredParse(Intent(t_ms, parsed.name, parsed.slots), min(score, 0.99), heard, sentence)

    def closest_phrase(self, text: str, cutoff: float = FUZZY_CUTOFF) -> str | None:
        """The listed sentence nearest to ``text`` (character edit ratio >= cutoff), or None."""
        found = self.closest_phrase_scored(text, cutoff)
        return found[0] if found else None

    def closest_phrase_scored(self, text: str, cutoff: float = FUZZY_CUTOFF) -> tuple[str, float] | None:
        """(sentence, similarity 0..1) of the listed sentence nearest to ``text``, or None."""
        words = " ".join(tokenize(text))
        if len(words) < 4:
            return None
        if self._phrases is None:
            self._phrases = self.phrases()
        best = process.extractOne(words, self._phrases, scorer=fuzz.ratio, score_cutoff=cutoff)
        return (best[0], best[1] / 100) if best else None

    def template_words(self) -> set[str]:
        """Every literal word of the templates and list values (not wildcard samples)."""
        if self._template_words is None:
            words: set[str] = set()
            for intent in self.intents.intents.values():
                for data in intent.data:
                    for sentence in data.sentences:
                        words.update(self._words(sentence.expression))
            self._template_words = words
        return self._template_words

    def parse_slots(self, text: str) -> ParsedIntent | None:
        """The template match for ``text``. The same words are asked about up to three times at
        a pause (the recognizer, the turn judge, then the assistant): the last few answers are
        kept (``MATCHES_KEPT``), each handed out with its own copy of the slots."""
        clean = " ".join(re.sub(r"[^\w' ]+", " ", text).split())
        if not clean:
            return None
        found = self._matched.get(clean, _UNASKED)   # two threads may ask: read once, keep the local
        if found is _UNASKED:
            found = self._match(clean)
            if len(self._matched) >= MATCHES_KEPT:
                self._matched.clear()
            self._matched[clean] = found
        return replace(found, slots=dict(found.slots)) if found is not None else None

    def _match(self, clean: str) -> ParsedIntent | None:
        results = recognize_all(clean, self.intents, allow_unmatched_entities=False)
        ranked = sorted(results, key=_specificity, reverse=True)
        for result in ranked:
            slots = {name: str(e.value).strip() if not isinstance(e.value, str) else e.value.strip()
                     for name, e in result.entities.items()}
            slots = {k: v for k, v in slots.items() if v != ""}
            normalize = self.normalizers.get(result.intent.name)
            if normalize is not None:
                slots = normalize(dict(slots))
                if slots is None:
                    continue
            meta = result.intent_metadata or {}
            unfilled = tuple(sorted(self._slot_names(result.intent_sentence) - set(result.entities)))
            return ParsedIntent(result.intent.name, slots, bool(meta.get("loose")), unfilled, meta.get("turn") == "wait")
        return None

    def _slot_names(self, expr: Expression | None) -> set[str]:
        """Every slot a template can fill (optional ones too, and those behind rules)."""
        if isinstance(expr, ListReference):
            return {expr.slot_name}
        if isinstance(expr, (Sequence, Alternative, Permutation)):
            return set().union(*(self._slot_names(e) for e in expr.items)) if expr.items else set()
        if isinstance(expr, Sentence):
            return self._slot_names(expr.expression)
        if isinstance(expr, RuleReference):
            rule = self.intents.expansion_rules.get(expr.rule_name)
            return self._slot_names(rule.expression) if rule else set()
        return set()

    # --- grammar for command-mode recognition -------------------------------------------
    def vocabulary(self, grammar_only: bool = False) -> list[str]:
        """Every word the templates can produce, plus the extra wildcard vocabulary."""
        words: set[str] = set(self.extra_vocabulary)
        for intent in self.intents.intents.values():
            for data in intent.data:
                if grammar_only and not in_grammar(data):
                    continue
                for sentence in data.sentences:
                    words.update(self._words(sentence.expression))
        for slot_list in self.intents.slot_lists.values():
            if isinstance(slot_list, TextSlotList):
                for value in slot_list.values:
                    words.update(self._words(value.text_in))
        return sorted(w for w in words if w)

    def _words(self, expr: Expression) -> set[str]:
        if isinstance(expr, TextChunk):
            return set(tokenize(expr.text))
        if isinstance(expr, (Sequence, Alternative, Permutation)):
            return set().union(*(self._words(e) for e in expr.items)) if expr.items else set()
        if isinstance(expr, Sentence):
            return self._words(expr.expression)
        if isinstance(expr, RuleReference):
            rule = self.intents.expansion_rules.get(expr.rule_name)
            return self._words(rule.expression) if rule else set()
        if isinstance(expr, ListReference):
            slot_list = self.intents.slot_lists.get(expr.list_name)
            if isinstance(slot_list, RangeSlotList):
                return {w for n in _range_numbers(slot_list) for w in number_words(n).split()}
        return set()

    def phrases(self, limit: int = 20_000, grammar_only: bool = False) -> list[str]:
        """Sentences for a phrase-list recognizer (vosk); wildcard sentences left out.
        ``grammar_only``: only blocks that belong in a command grammar (see ``in_grammar``)."""
        out: list[str] = []
        for intent in self.intents.intents.values():
            for data in intent.data:
                if grammar_only and not in_grammar(data):
                    continue
                for sentence in data.sentences:
                    for words in itertools.islice(self._expand(sentence.expression), limit):
                        text = " ".join(words.split())
                        if text and text not in out:
                            out.append(text)
                        if len(out) >= limit:
                            return out
        return out

    def training_sentences(self, per_template: int = 60, seed: int = 1) -> list[str]:
        """Sentences for a language model: every listable sentence plus random samples of each
        template, wildcards filled with 1-3 vocabulary words (deterministic for a seed)."""
        rng = random.Random(seed)
        vocab = self.vocabulary(grammar_only=True)
        out = self.phrases(grammar_only=True)
        for intent in self.intents.intents.values():
            for data in intent.data:
                if not in_grammar(data):
                    continue
                for sentence in data.sentences:
                    for _ in range(per_template):
                        text = " ".join(self._sample(sentence.expression, rng, vocab).split())
                        if text:
                            out.append(text)
        return out

    def _sample(self, expr: Expression, rng, vocab: list[str]) -> str:
        if isinstance(expr, TextChunk):
            return " ".join(tokenize(expr.text))
        if isinstance(expr, Alternative):
            return self._sample(rng.choice(expr.items), rng, vocab) if expr.items else ""
        if isinstance(expr, Permutation):
            items = list(expr.items)
            rng.shuffle(items)
            return " ".join(self._sample(e, rng, vocab) for e in items)
        if isinstance(expr, Sequence):
            return " ".join(self._sample(e, rng, vocab) for e in expr.items)
        if isinstance(expr, RuleReference):
            rule = self.intents.expansion_rules.get(expr.rule_name)
            return self._sample(rule.expression, rng, vocab) if rule else ""
        if isinstance(expr, Sentence):
            return self._sample(expr.expression, rng, vocab)
        if isinstance(expr, ListReference):
            slot_list = self.intents.slot_lists.get(expr.list_name)
            if isinstance(slot_list, TextSlotList) and slot_list.values:
                return self._sample(rng.choice(slot_list.values).text_in, rng, vocab)
            if isinstance(slot_list, RangeSlotList):
                return number_words(rng.choice(_range_numbers(slot_list)))
            if isinstance(slot_list, WildcardSlotList):
                if self.samples.get(expr.list_name):
                    return rng.choice(self.samples[expr.list_name])
                if vocab:
                    return " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 3)))
        return ""

    def _expand(self, expr: Expression) -> Iterable[str]:
        if isinstance(expr, TextChunk):
            yield " ".join(tokenize(expr.text))
        elif isinstance(expr, Sequence) and not isinstance(expr, (Alternative, Permutation)):
            parts = [list(self._expand(e)) for e in expr.items]
            for combo in itertools.product(*parts):
                yield " ".join(combo)
        elif isinstance(expr, Alternative):
            for e in expr.items:
                yield from self._expand(e)
        elif isinstance(expr, Permutation):
            for order in itertools.permutations(expr.items):
                yield from self._expand(Sequence(items=list(order)))
        elif isinstance(expr, RuleReference):
            rule = self.intents.expansion_rules.get(expr.rule_name)
            if rule:
                yield from self._expand(rule.expression)
        elif isinstance(expr, ListReference):
            slot_list = self.intents.slot_lists.get(expr.list_name)
            if isinstance(slot_list, TextSlotList):
                for value in slot_list.values:
                    yield from self._expand(value.text_in)
            elif isinstance(slot_list, RangeSlotList):
                for n in _range_numbers(slot_list):
                    yield number_words(n)
            # wildcards cannot be listed: the sentence is left out
        elif isinstance(expr, Sentence):
            yield from self._expand(expr.expression)


def in_grammar(data) -> bool:
    """Whether a template block goes into command-mode grammars: all but ``metadata: {grammar:
    false}`` blocks (extra phrasings that a free-text recognizer or typed text brings)."""
    return (data.metadata or {}).get("grammar", True) is not False


def _range_numbers(slot_list: RangeSlotList) -> list[int]:
    return [int(n) for n in range(int(slot_list.start), int(slot_list.stop) + 1, int(slot_list.step))
            if n <= 999]


def _specificity(result) -> tuple[int, int, int]:
    """Prefer matches with fewer wildcard words, then more literal words, then more slots."""
    wild = sum(len(e.text.split()) for e in result.entities.values() if e.is_wildcard)
    return (-wild, result.text_chunks_matched, len(result.entities))


def load_intents(files: Iterable[Path]) -> Intents:
    """Merge several hassil intent files; a broken file is named in the error."""
    merged: dict = {}
    for path in files:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read intent file: {str(exc).splitlines()[0]}", where=str(path)) from None
        merge_dict(merged, data)
    merged.setdefault("language", "en")
    try:
        return Intents.from_yaml(io.StringIO(yaml.safe_dump(merged)))
    except Exception as exc:  # hassil raises various errors on bad templates
        names = ", ".join(str(p) for p in files)
        raise ConfigError(f"invalid intent template: {exc}", where=names) from None

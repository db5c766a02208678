"""From words to intents, and from intents to a speech-recognition grammar.

One definition feeds both: intent files in Home Assistant's hassil template language
(``glasses/data/intents/*.yaml``, e.g. ``"what [is the] time [is it]"``). ``IntentParser``
matches text against them; ``jsgf()`` and ``phrases()`` turn the same templates into a
JSGF grammar (pocketsphinx) and a phrase list (vosk) for command-mode recognition.

Slot values can be normalized per intent (e.g. "an hour and a half" -> duration_s
"5400"): a normalizer gets the raw slot texts and returns the final slots, or None to
reject the match.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
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

from glasses.events import Intent
from glasses.errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"
INTENTS_DIR = DATA_DIR / "intents"

Normalizer = Callable[[dict[str, str]], "dict[str, str] | None"]

_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """English words for 0..999 (what a recognizer hears for a spoken number)."""
    if n < 20:
        return _NUMBER_WORDS[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _TENS[tens - 2] + (f" {_NUMBER_WORDS[rest]}" if rest else "")
    hundreds, rest = divmod(n, 100)
    return f"{_NUMBER_WORDS[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")


def tokenize(text: str) -> list[str]:
    """Lowercase words as a recognizer writes them: letters, digits and apostrophes."""
    return re.findall(r"[a-z0-9']+", text.lower())


@dataclass(frozen=True, slots=True)
class ParsedIntent:
    name: str
    slots: dict[str, str]


class IntentParser:
    """Matches text against the intent templates. Pure: no clock, no devices."""

    def __init__(self, files: Iterable[Path], normalizers: Mapping[str, Normalizer] | None = None,
                 vocabulary: Iterable[str] = ()) -> None:
        self.files = tuple(files)
        self.intents = load_intents(self.files)
        self.normalizers = dict(normalizers or {})
        self.extra_vocabulary = tuple(vocabulary)

    @property
    def names(self) -> list[str]:
        return sorted(self.intents.intents)

    def parse(self, text: str, t_ms: int = 0) -> Intent | None:
        """The best intent for ``text``, or None when nothing matches."""
        parsed = self.parse_slots(text)
        return Intent(t_ms, parsed.name, parsed.slots) if parsed else None

    def parse_slots(self, text: str) -> ParsedIntent | None:
        clean = " ".join(re.sub(r"[^\w' ]+", " ", text).split())
        if not clean:
            return None
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
            return ParsedIntent(result.intent.name, slots)
        return None

    # --- grammar for command-mode recognition -------------------------------------------
    def vocabulary(self) -> list[str]:
        """Every word the templates can produce, plus the extra wildcard vocabulary."""
        words: set[str] = set(self.extra_vocabulary)
        for intent in self.intents.intents.values():
            for data in intent.data:
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

    def jsgf(self, known: Callable[[str], bool] = lambda w: True) -> str:
        """A JSGF grammar accepting every templated sentence (unknown words pruned)."""
        writer = _JsgfWriter(self, known)
        alternatives = []
        for intent in self.intents.intents.values():
            for data in intent.data:
                for sentence in data.sentences:
                    body = writer.expr(sentence.expression)
                    if body != "<VOID>":
                        alternatives.append(body)
        rules = [f"public <command> = {' | '.join(f'( {a} )' for a in alternatives) or '<VOID>'};"]
        rules.extend(writer.extra_rules)
        return "#JSGF V1.0;\ngrammar glasses;\n" + "\n".join(rules) + "\n"

    def phrases(self, limit: int = 20_000) -> list[str]:
        """Sentences for a phrase-list recognizer (vosk); wildcard sentences left out."""
        out: list[str] = []
        for intent in self.intents.intents.values():
            for data in intent.data:
                for sentence in data.sentences:
                    for words in itertools.islice(self._expand(sentence.expression), limit):
                        text = " ".join(words.split())
                        if text and text not in out:
                            out.append(text)
                        if len(out) >= limit:
                            return out
        return out

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


class _JsgfWriter:
    def __init__(self, parser: IntentParser, known: Callable[[str], bool]) -> None:
        self.parser = parser
        self.known = known
        self.extra_rules: list[str] = []
        self._lists: dict[str, str] = {}

    def expr(self, e: Expression) -> str:
        if isinstance(e, TextChunk):
            words = tokenize(e.text)
            if not words:
                return "<NULL>"
            if not all(self.known(w) for w in words):
                return "<VOID>"
            return " ".join(words)
        if isinstance(e, Alternative):
            items = [self.expr(i) for i in e.items]
            items = [i for i in items if i != "<VOID>"]
            if not items:
                return "<VOID>"
            return "( " + " | ".join(items) + " )"
        if isinstance(e, Permutation):
            orders = [self.expr(Sequence(items=list(o))) for o in itertools.permutations(e.items)]
            orders = [o for o in orders if o != "<VOID>"]
            return "( " + " | ".join(orders) + " )" if orders else "<VOID>"
        if isinstance(e, Sequence):
            items = [self.expr(i) for i in e.items]
            if "<VOID>" in items:
                return "<VOID>"
            items = [i for i in items if i != "<NULL>"]
            return " ".join(items) if items else "<NULL>"
        if isinstance(e, RuleReference):
            rule = self.parser.intents.expansion_rules.get(e.rule_name)
            return self.expr(rule.expression) if rule else "<VOID>"
        if isinstance(e, ListReference):
            return self._list_rule(e.list_name)
        if isinstance(e, Sentence):
            return self.expr(e.expression)
        return "<VOID>"

    def _list_rule(self, name: str) -> str:
        if name in self._lists:
            return self._lists[name]
        rule = "<list_" + re.sub(r"\W", "_", name) + ">"
        self._lists[name] = rule
        slot_list = self.parser.intents.slot_lists.get(name)
        if isinstance(slot_list, TextSlotList):
            body = [self.expr(v.text_in) for v in slot_list.values]
        elif isinstance(slot_list, RangeSlotList):
            body = [number_words(n) for n in _range_numbers(slot_list)]
        elif isinstance(slot_list, WildcardSlotList):
            words = [w for w in self.parser.vocabulary() if self.known(w)]
            body = ["( " + " | ".join(words) + " )+"] if words else []
        else:
            body = []
        body = [b for b in body if b != "<VOID>"]
        self.extra_rules.append(f"{rule} = {' | '.join(body) if body else '<VOID>'};")
        return rule


def _range_numbers(slot_list: RangeSlotList) -> list[int]:
    return [int(n) for n in range(int(slot_list.start), int(slot_list.stop) + 1, int(slot_list.step))
            if n <= 999]


def _specificity(result) -> tuple[int, int]:
    """Prefer matches with more literal words and fewer wildcard words."""
    wild = sum(len(e.text.split()) for e in result.entities.values() if e.is_wildcard)
    return (-wild, result.text_chunks_matched)


def load_intents(files: Iterable[Path]) -> Intents:
    """Merge several hassil intent files; a broken file is named in the error."""
    import yaml
    from hassil.util import merge_dict

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


def builtin_intent_files() -> list[Path]:
    return sorted(INTENTS_DIR.glob("*.yaml"))

"""Semantic end of turn: is what the wearer said so far a whole command? Pure: no clock, no audio.

At the first short pause in a command the recognizer decodes ahead (glasses.stt.whisper). If
that text already is a complete, confident command, the assistant need not wait out the full
endpoint silence: it ends the turn at the pause (glasses.assistant.listening). A turn ends early
only when every one of these holds:

- the text matches a template exactly (no near miss, no ``loose`` template);
- every slot the matched template can hold is filled ("what's the weather like tomorrow" yes,
  "what's the weather" no: the wearer may be about to say where or when; "what time is it" has
  none to fill);
- the intent has no side effect (each skill declares its own: SkillSpec.side_effects): a timer,
  a list, a reminder or the camera waits the full silence, where a cut costs more ("set a timer
  for five... minutes" must not start a five-second timer);
- it is not an open question: a template marked ``metadata: {turn: wait}``, or a free-text slot
  holding more than ``OPEN_WORDS`` words (the wearer is dictating, not naming a day);
- the recognizer was sure of the words: a decode-ahead whose mean log-probability per token is
  below ``MIN_CONFIDENCE`` (-1.0, the bound under which Whisper itself calls a decode failed) is
  not acted on early (a real coffee order's first half came out "What's the time?" at -1.19,
  where the bench's commands decode at -0.1 to -0.4);
- no template of that intent goes on from these words with more than a filler word: "what time" parses
  ("what [is the] time [is it]") but "is it" may follow, "what's next" may go on "on my
  calendar"; "what time is it" only "now". A slot counts as ``SLOT_WEIGHT`` words.

Anything else waits the full silence, as before.

``stands`` answers a second question for the recognizer: may its decode without the command
prompt (the cheap first pass at a pause) be taken as the text, so the prompted decode never runs?
Yes for an exact, confident parse in the assistant's own words, whether the turn ends early or
waits (a timer waits, but "set a timer for two hours" needs no prompt to be heard right).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from hassil.expression import Alternative, ListReference, Permutation, RuleReference, Sentence, Sequence, TextChunk

from glasses.understand.parser import tokenize

OPEN_WORDS = 4   # a slot value longer than this is free text: the wearer may still be going
SLOT_WEIGHT = 2  # a slot still to come counts as this many words
SLOT_WORDS = 2   # a slot in the middle of a continuation takes at most this many heard words
GOES_ON = 2      # words (slots weighed) a template must still hold after the heard ones for them to go on
MIN_CONFIDENCE = -1.0  # mean log-probability per token: below it Whisper calls its own decode failed
_SLOT = "\x00slot"
_PER_SENTENCE = 5000  # expansions of one template kept for the continuation trie


@dataclass(frozen=True, slots=True)
class TurnCall:
    """``done``: end the turn now; ``why``: the reason, for logs and the benchmark."""

    done: bool
    why: str
    intent: str | None = None


class TurnJudge:
    """Built from the intent parser and the intents with side effects."""

    def __init__(self, parser: Any, side_effects: frozenset[str] = frozenset()) -> None:
        self.parser = parser
        self.side_effects = frozenset(side_effects)
        self._tries: dict[str, list] = {}
        self._vocabulary: frozenset[str] | None = None

    def goes_on(self, intent: str, words: list[str]) -> bool:
        """Whether one of ``intent``'s templates continues ``words`` with at least GOES_ON more words."""
        if intent not in self._tries:
            self._tries[intent] = _continuations(self.parser, intent)
        states = [(self._tries[intent], 0)]    # (node, words the slot being filled has taken)
        for w in words:
            nxt = []
            for node, in_slot in states:
                if 0 < in_slot < SLOT_WORDS:
                    nxt.append((node, in_slot + 1))  # the slot takes one more word
                if w in node[0]:
                    nxt.append((node[0][w], 0))
                if _SLOT in node[0]:
                    nxt.append((node[0][_SLOT], 1))
            states = nxt[:2000]
            if not states:
                return False
        return any(node[1] >= GOES_ON for node, _ in states)

    def judge(self, text: str | None, confidence: float | None = None) -> TurnCall:
        """``confidence``: the recognizer's mean log-probability per token for ``text`` (None:
        the engine gives none)."""
        if not text or not text.strip():
            return TurnCall(False, "nothing heard yet")
        if confidence is not None and confidence < MIN_CONFIDENCE:
            return TurnCall(False, f"the recognizer was unsure ({confidence:.2f})")
        scored = self.parser.parse_scored(text, fuzzy=False)
        parsed = scored.parsed
        if scored.intent is None or parsed is None or not scored.exact:
            return TurnCall(False, "not a confident command")
        name = scored.intent.name
        if name in self.side_effects:
            return TurnCall(False, "side effect: wait the full silence", name)
        if parsed.wait:
            return TurnCall(False, "open question", name)
        if parsed.unfilled:
            return TurnCall(False, f"slot not filled yet: {', '.join(parsed.unfilled)}", name)
        if any(len(str(v).split()) > OPEN_WORDS for v in scored.intent.slots.values()):
            return TurnCall(False, "free text: the wearer may go on", name)
        if self.goes_on(name, tokenize(scored.heard)):
            return TurnCall(False, "a template goes on from these words", name)
        return TurnCall(True, "complete command", name)

    def stands(self, text: str | None, confidence: float | None = None) -> bool:
        """May a decode made without the command prompt stand for what was said, so the prompted
        decode need not run (glasses.stt.whisper)? Only an exact, confident parse whose every word
        is one of the assistant's own (its templates, lists, numbers and the free-text slots'
        examples: "what time is it", "set a timer for two hours", "add milk to my shopping list"),
        whether or not the turn may end on it. A word outside them is where the prompt helps:
        unprompted, "what's on my shopping list" came back "what's on my sharpening list"."""
        if not text or not text.strip() or (confidence is not None and confidence < MIN_CONFIDENCE):
            return False
        scored = self.parser.parse_scored(text, fuzzy=False)
        if not scored.exact:
            return False
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.parser.vocabulary())
        return all(w in self._vocabulary or w.isdigit() for w in tokenize(scored.heard))


def _continuations(parser: Any, name: str) -> list:
    """A trie of the word sequences of every template of intent ``name`` (slots as one token); each node is
    [children, most words (slots weighed) still to come below it]."""
    def expand(expr):
        if isinstance(expr, TextChunk):
            yield tuple(tokenize(expr.text))
        elif isinstance(expr, ListReference):
            yield (_SLOT,)
        elif isinstance(expr, Alternative):
            for e in expr.items:
                yield from expand(e)
        elif isinstance(expr, Permutation):
            for order in itertools.permutations(expr.items):
                yield from expand(Sequence(items=list(order)))
        elif isinstance(expr, Sequence):
            for combo in itertools.product(*[list(itertools.islice(expand(e), _PER_SENTENCE)) for e in expr.items]):
                yield tuple(w for part in combo for w in part)
        elif isinstance(expr, Sentence):
            yield from expand(expr.expression)
        elif isinstance(expr, RuleReference):
            rule = parser.intents.expansion_rules.get(expr.rule_name)
            if rule is not None:
                yield from expand(rule.expression)

    root: list = [{}, 0]
    intent = parser.intents.intents.get(name)
    for data in intent.data if intent is not None else ():
        if True:
            for sentence in data.sentences:
                for seq in itertools.islice(expand(sentence), _PER_SENTENCE):
                    path = [root]
                    for token in seq:
                        path.append(path[-1][0].setdefault(token, [{}, 0]))
                    weight = 0
                    for token, node in zip(reversed((None,) + seq), reversed(path)):
                        node[1] = max(node[1], weight)
                        weight += SLOT_WEIGHT if token == _SLOT else 1 if token else 0
    return root

"""No action on a guess: which parses may act, and the "Did you mean ...?" question. Pure.

An intent with a side effect (it changes something the wearer would have to undo, or turns
the camera on) runs only on an exact template match. A near miss of it gets a question; the
next thing said answers it: yes runs the intent, no drops it, and anything else (or nothing
within ``window_ms``) drops it too and is understood on its own. A near miss of an intent
without side effects and without slots (what time is it, repeat) runs: a wrong guess costs
only a sentence. A near miss that would fill a slot is asked about, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from glasses.events import Intent
from glasses.understand.parser import ScoredParse

ANSWERS = ("yes", "no")   # intents in grammar.yaml beside this module, so a command-mode recognizer hears them
_YES = {"yes", "yeah", "yep", "yup", "sure", "correct", "right", "exactly", "affirmative", "ok", "okay",
        "please", "do", "go", "absolutely", "definitely", "indeed", "aye", "yes please", "do it", "go ahead",
        "that's right", "that is right", "yes it is", "yes i did", "yes do", "please do", "sure thing",
        "that's it", "uh huh", "mhm", "right yes"}
_NO = {"no", "nope", "nah", "not", "wrong", "don't", "dont", "cancel", "stop", "no thanks", "no thank you",
       "not really", "that's wrong", "no i didn't", "no don't", "never mind", "nevermind", "neither",
       "no it isn't", "not that", "incorrect"}


# A yes or a no in French, Spanish and German (assistant.language): "oui", "sí", "ja", "nein"
_OTHER_YES = ("oui", "ouais", "exactement", "exact", "absolument", "sí", "si", "claro", "exacto", "vale",
              "ja", "genau", "richtig", "jawohl")
_OTHER_NO = ("non", "nan", "nein", "nö", "falsch")


def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None for anything else ("yes." "Yeah, please." "No!")."""
    words = re.sub(r"[^\w' ]+", " ", text.lower().replace("’", "'")).split()
    if not words or len(words) > 5:
        return None
    phrase = " ".join(words)
    if phrase in _NO or words[0] in ("no", "nope", "nah", *_OTHER_NO) or phrase.startswith("don't"):
        return False
    if phrase in _YES or words[0] in ("yes", "yeah", "yep", "yup", "sure", "correct", *_OTHER_YES):
        return True
    return None


def heard_as_action(heard: str) -> str:
    """The words heard, tidied, for a question about an intent no skill describes."""
    return " ".join(heard.lower().split())


@dataclass(frozen=True, slots=True)
class Decision:
    """act: run ``intent``; ask: say ``say`` and wait; drop: say ``say``, do nothing; none:
    nothing understood."""

    kind: str
    intent: Intent | None = None
    say: str | None = None


class Confirmation:
    """The pending question, if any. Feed every understood utterance to ``decide``."""

    def __init__(self, window_ms: int = 12_000, side_effects: frozenset[str] = frozenset(),
                 describe: Callable[[Intent, str], str | None] | None = None) -> None:
        """``side_effects``: the intents that act only on a confident parse (each skill declares
        its own: SkillSpec.side_effects); ``describe``: an intent in words for the question
        (SkillSpec.describe), else the words heard."""
        self.window_ms = window_ms
        self.side_effects = side_effects
        self.describe = describe
        self._pending: tuple[Intent, int] | None = None

    @property
    def pending(self) -> Intent | None:
        return self._pending[0] if self._pending else None

    def drop(self) -> None:
        self._pending = None

    def ask(self, intent: Intent, t_ms: int) -> None:
        """A skill asked about ``intent`` itself (Reply.confirm: "Did you mean Kauppatori?"): the
        next yes runs it, as after a near-miss parse."""
        self._pending = (intent, t_ms)

    def decide(self, scored: ScoredParse, t_ms: int) -> Decision:
        if self._pending is not None:
            intent, asked = self._pending
            self._pending = None
            if t_ms - asked <= self.window_ms:
                answer = yes_or_no(scored.heard)
                if answer is None and scored.exact and scored.intent and scored.intent.name in ANSWERS:
                    answer = scored.intent.name == "yes"
                if answer is True:
                    return Decision("act", replace(intent, t_ms=t_ms))
                if answer is False:
                    return Decision("drop", say="Okay, I won't.")
        if scored.intent is None or scored.intent.name in ANSWERS:  # a yes or no to nothing
            return Decision("none")
        if self.may_act(scored):
            return Decision("act", scored.intent)
        self._pending = (scored.intent, t_ms)
        said = self.describe(scored.intent, scored.matched) if self.describe else None
        return Decision("ask", say=f"Did you mean: {said or heard_as_action(scored.matched)}?")

    def may_act(self, scored: ScoredParse) -> bool:
        """Whether a parse is sure enough to run without asking."""
        if scored.intent is None:
            return False
        if scored.exact:
            return True
        return scored.intent.name not in self.side_effects and not scored.intent.slots

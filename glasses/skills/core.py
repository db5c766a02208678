"""The built-in answers: the time, the date and help."""

from __future__ import annotations

from typing import Iterable

from glasses.events import Intent
from glasses.skills.base import Context, Reply
from glasses.skills.spoken import clock, date_words


class ClockSkill:
    intents = ("get_time", "get_date")
    examples = ("what time is it", "what's the date")

    def handle(self, intent: Intent, ctx: Context) -> Reply:
        if intent.name == "get_time":
            return Reply(f"It's {clock(ctx.now, part_of_day=True)}.",
                         card={"kind": "time", "title": f"{ctx.now:%H:%M}", "lines": [f"{ctx.now:%A}"]})
        return Reply(f"It's {date_words(ctx.now.date(), year=True)}.",
                     card={"kind": "date", "title": f"{ctx.now:%a %d %b}", "lines": [f"{ctx.now:%Y}"]})


class HelpSkill:
    intents = ("help",)
    examples = ()

    def __init__(self, examples: Iterable[str]) -> None:
        self._examples = [e for e in examples if e]

    def handle(self, intent: Intent, ctx: Context) -> Reply:
        shown = self._examples[:1] + self._examples[2:]  # the time, then each feature's examples
        listed = ", ".join(f'"{e}"' for e in shown[:-1]) + (f', or "{shown[-1]}"' if len(shown) > 1 else
                                                              f'"{shown[0]}"' if shown else "")
        return Reply(f"Say the wake word or press the button, then ask, for example: {listed}. "
                     "Say stop to silence me.",
                     card={"kind": "help", "title": "You can ask", "lines": list(self._examples)})

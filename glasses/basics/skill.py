"""The basics: the time, the date, help, and the two commands the assistant acts on itself
(stop, say that again), answered with a Control so that the assistant never reads intent names."""

from __future__ import annotations

from typing import Iterable

from glasses.basics.cards import DateCard, HelpCard, TimeCard
from glasses.events import Intent
from glasses.skills.base import Context, Control, Meaning, Reply
from glasses.skills.spoken import clock, date_words

INTENTS = ("get_time", "get_date", "help", "stop", "repeat")


class BasicsSkill:
    intents = INTENTS

    def __init__(self, examples: Iterable[str]) -> None:
        self._examples = [e for e in examples if e]

    def handle(self, intent: Intent, ctx: Context) -> Reply:
        if intent.name == "get_time":
            return Reply(f"It's {clock(ctx.now, part_of_day=True)}.",
                         TimeCard(title=f"{ctx.now:%H:%M}", lines=(f"{ctx.now:%A}",)),
                         meaning=Meaning("get_time.one" if ctx.now.hour == 1 else "get_time",   # "Es la 1"
                                         {"card_weekday": ctx.now.date()}))
        if intent.name == "get_date":
            return Reply(f"It's {date_words(ctx.now.date(), year=True)}.",
                         DateCard(title=f"{ctx.now:%a %d %b}", lines=(f"{ctx.now:%Y}",)),
                         meaning=Meaning("get_date", {"card_day_full": ctx.now.date()}))
        if intent.name == "stop":
            return Reply("", control=Control.STOP)
        if intent.name == "repeat":
            return Reply("", control=Control.REPEAT)
        return self._help()

    def _help(self) -> Reply:
        shown = self._examples[:1] + self._examples[2:]  # the time, then each feature's examples
        listed = ", ".join(f'"{e}"' for e in shown[:-1]) + (f', or "{shown[-1]}"' if len(shown) > 1 else
                                                              f'"{shown[0]}"' if shown else "")
        return Reply(f"Say the wake word or press the button, then ask, for example: {listed}. "
                     "Say stop to silence me.", HelpCard(title="You can ask", lines=tuple(self._examples)),
                     meaning=Meaning("help"))

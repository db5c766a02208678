"""Answers in the wearer's language (``assistant.language``: fr, es, de).

The skills answer in English. For another language, each skill's ``replies.<lang>.yaml`` (beside
its ``intents.yaml``) is a phrase table of our own: intent -> the answer in that language, with
``{slot}`` from the parsed intent and ``{time}``, ``{date}`` from the clock (written the way that
language says them: "17 h 15", "17:15 Uhr"). A skill's refusal or question (an English reply the
table has no entry for, or one whose slots are missing) stays in English rather than saying the
wrong thing; ``covered(intent)`` tells which intents answer in the language. The espeak-ng voice
for the language is ``VOICES``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

VOICES = {"fr": "fr-fr", "es": "es", "de": "de"}
_LOCALE = {
    "fr": {"days": "lundi mardi mercredi jeudi vendredi samedi dimanche",
           "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
           "time": "{h} h {m:02d}", "date": "{day} {d} {month} {y}"},
    "es": {"days": "lunes martes miércoles jueves viernes sábado domingo",
           "months": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
           "time": "{h}:{m:02d}", "date": "{day}, {d} de {month} de {y}"},
    "de": {"days": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
           "months": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
           "time": "{h}:{m:02d} Uhr", "date": "{day}, der {d}. {month} {y}"},
}
_UNITS = {"fr": ("heure", "minute", "seconde", "et"), "es": ("hora", "minuto", "segundo", "y"),
          "de": ("Stunde", "Minute", "Sekunde", "und")}


def voice_for(language: str, configured: str) -> str:
    """The espeak-ng voice: the configured one, unless it is the English default and the wearer
    speaks another language."""
    return VOICES.get(language, configured) if configured == "en-us" else configured


def clock_words(language: str, now: datetime) -> str:
    return _LOCALE[language]["time"].format(h=now.hour, m=now.minute)


def date_words(language: str, now: datetime) -> str:
    loc = _LOCALE[language]
    return loc["date"].format(day=loc["days"].split()[now.weekday()], d=now.day,
                              month=loc["months"].split()[now.month - 1], y=now.year)


def duration_words(language: str, seconds: str) -> str:
    if not str(seconds).isdigit():
        return str(seconds)
    s = int(seconds)
    hour, minute, second, also = _UNITS[language]
    parts = [(s // 3600, hour), (s % 3600 // 60, minute), (s % 60, second)]
    plural = "n" if language == "de" else "s"
    said = [f"{n} {unit}{plural if n != 1 else ''}" for n, unit in parts if n]
    return f" {also} ".join(said)


class LanguageReplies:
    def __init__(self, language: str, tables: Mapping[str, str]) -> None:
        self.language = language
        self.tables = dict(tables)

    @classmethod
    def from_files(cls, language: str, intent_files: Iterable[Path]) -> "LanguageReplies":
        tables: dict[str, str] = {}
        for path in intent_files:
            table = Path(path).with_name(f"replies.{language}.yaml")
            if table.exists():
                tables.update({str(k): str(v) for k, v in
                               (yaml.safe_load(table.read_text(encoding="utf-8")) or {}).items()})
        return cls(language, tables)

    def covered(self, intent: str) -> bool:
        return intent in self.tables

    def text(self, name: str, slots: Mapping[str, str], now: datetime) -> str | None:
        """The answer for intent ``name`` in the language, or None (no entry, or a slot missing)."""
        template = self.tables.get(name)
        if template is None:
            return None
        values = {k: str(v) for k, v in slots.items()}
        for key in list(values):
            if key.endswith("_s"):
                values[key] = duration_words(self.language, values[key])
        values.update(time=clock_words(self.language, now), date=date_words(self.language, now))
        if values.get("name") == "all":
            values.pop("name")
            template = self.tables.get(f"{name}.all", template)
        for choice in (f"{name}.{key}" for key in ("name",) if key in values):
            template = self.tables.get(choice, template)
        try:
            return template.format(**values)
        except (KeyError, IndexError):
            return None

    def localize(self, intent: Any, reply: Any, now: datetime) -> Any:
        """``reply`` with its words in the language when the table has them. Only a reply that
        shows or changes something (a card or events: the thing was done) is replaced; a refusal
        or a question ("You already have a pizza timer") stays as the skill said it, and control
        replies, which say nothing, pass as they are."""
        if not reply.text or (reply.card is None and not reply.events):
            return reply
        said = self.text(intent.name, intent.slots, now)
        return reply if said is None else replace(reply, text=said)

"""Answers in the wearer's language (``assistant.language``: fr, es, de).

The skills answer in English, and a reply may carry its answer as data too
(``Reply.meaning``: a key such as "timer_status.left" and its values; glasses.skills.base.Meaning).
For another language, each skill's ``replies.<lang>.yaml`` (beside its ``intents.yaml``) is a
phrase table of our own: answer key -> the sentence in that language, with ``{slot}`` filled from
the meaning's values, each said the language's way (glasses.skills.base.Meaning lists the kinds):
a clock time "17 h 15" / "17:15" / "17:15 Uhr", a day "demain" / "mañana" / "morgen", a duration
"10 minutes", a list "du lait et des œufs"... A string value goes through the table's
``words.<slot>`` map when there is one (the weather's condition words, list names), and a word the
map lacks makes the whole answer stay in English. ``<key>.card`` (title and lines) puts the card's
words in the language too.

Replies without a meaning keep the older form: the table's entry for the intent's name, filled
from the parsed intent's slots, replaces a reply that did something (a card or events).

Whatever cannot be said right (no entry, a value missing or not in a word map) stays in the
skill's English rather than saying the wrong thing; ``covered(intent)`` tells which intents have
answers in the language, ``english_only`` which are left in English on purpose and why. The
assistant's own apologies ("Sorry, I didn't catch that") come from
``glasses/assistant/replies.<lang>.yaml`` (``phrase``). The espeak-ng voice for the language is
``VOICES``.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from glasses.assistant import phrases as assistant_phrases
from glasses.skills.base import Meaning

VOICES = {"fr": "fr-fr", "es": "es", "de": "de"}
_LOCALE = {
    "fr": {"days": "lundi mardi mercredi jeudi vendredi samedi dimanche",
           "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
           "date": "{day} {d} {month} {y}", "short_date": "{day} {d} {month}",
           "today": "aujourd'hui", "tomorrow": "demain", "yesterday": "hier", "weekday": "{day}",
           "far": "le {d} {month}", "at": "à {time}", "and": "et"},
    "es": {"days": "lunes martes miércoles jueves viernes sábado domingo",
           "months": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
           "date": "{day}, {d} de {month} de {y}", "short_date": "{day} {d} de {month}",
           "today": "hoy", "tomorrow": "mañana", "yesterday": "ayer", "weekday": "el {day}",
           "far": "el {d} de {month}", "at": "a las {time}", "at_one": "a la {time}", "and": "y"},
    "de": {"days": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
           "months": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
           "date": "{day}, der {d}. {month} {y}", "short_date": "{day}, {d}. {month}",
           "today": "heute", "tomorrow": "morgen", "yesterday": "gestern", "weekday": "am {day}",
           "far": "am {d}. {month}", "at": "um {time}", "and": "und"},
}
_DISTANCE = {"fr": ("quelques mètres", "mètres", "kilomètre", "kilomètres"),
             "es": ("unos metros", "metros", "kilómetro", "kilómetros"),
             "de": ("ein paar Meter", "Meter", "Kilometer", "Kilometer")}
_UNITS = {"fr": ("heure", "minute", "seconde", "et"), "es": ("hora", "minuto", "segundo", "y"),
          "de": ("Stunde", "Minute", "Sekunde", "und")}
ASSISTANT_TABLES = Path(assistant_phrases.__file__).parent   # replies.<lang>.yaml: the apologies
_PHRASE_NAMES = {v: k for k, v in vars(assistant_phrases).items() if k.isupper() and isinstance(v, str)}


def voice_for(language: str, configured: str) -> str:
    """The espeak-ng voice: the configured one, unless it is the English default and the wearer
    speaks another language."""
    return VOICES.get(language, configured) if configured == "en-us" else configured


def clock_words(language: str, now: datetime) -> str:
    """A clock time as the voice says it: "14 heures 5", "14 y 5", "14 Uhr 5" ("9 heures",
    "9", "9 Uhr" on the hour). espeak-ng reads "14 h 05" as "quatorze ache zéro cinq" and
    "9:30 Uhr" as "neun Uhr dreißig Uhr", so the written forms are not used for speech."""
    h, m = now.hour, now.minute
    if language == "fr":
        said = f"{h} heure{'s' if h > 1 else ''}"
        return f"{said} {m}" if m else said
    if language == "es":
        return f"{h} y {m}" if m else f"{h}"
    return f"{h} Uhr {m}" if m else f"{h} Uhr"


def date_words(language: str, now: datetime | date) -> str:
    loc = _LOCALE[language]
    return loc["date"].format(day=loc["days"].split()[now.weekday()], d=now.day,
                              month=loc["months"].split()[now.month - 1], y=now.year)


def short_date_words(language: str, d: date) -> str:
    """ "mardi 3 mars", "martes 3 de marzo", "Dienstag, 3. März" (a card's title)."""
    loc = _LOCALE[language]
    return loc["short_date"].format(day=loc["days"].split()[d.weekday()], d=d.day,
                                    month=loc["months"].split()[d.month - 1])


def day_words(language: str, d: date, today: date) -> str:
    """ "aujourd'hui", "demain", "vendredi" (within a week), else "le 5 décembre"; Spanish "el
    viernes", German "am Freitag" (the form that follows a verb)."""
    loc = _LOCALE[language]
    delta = (d - today).days
    if delta in (0, 1, -1):
        return loc[{0: "today", 1: "tomorrow", -1: "yesterday"}[delta]]
    if 1 < delta < 7:
        return loc["weekday"].format(day=loc["days"].split()[d.weekday()])
    return loc["far"].format(d=d.day, month=loc["months"].split()[d.month - 1])


def at_words(language: str, t: datetime) -> str:
    """ "à 9 h 00", "a las 9:00" ("a la 1:00"), "um 9:00 Uhr"."""
    loc = _LOCALE[language]
    form = loc["at_one"] if "at_one" in loc and t.hour == 1 else loc["at"]
    return form.format(time=clock_words(language, t))


def when_words(language: str, t: datetime, now: datetime) -> str:
    """A moment relative to now: "à 9 h 00", "demain à 9 h 00", "am Freitag um 9:00 Uhr"."""
    day = t.date()
    at = at_words(language, t)
    return at if day == now.date() else f"{day_words(language, day, now.date())} {at}"


def duration_words(language: str, seconds: Any, approximate: bool = False) -> str:
    """ "1 heure et 5 minutes", "2 minutos y 30 segundos", "10 Minuten"; ``approximate``
    rounds as a countdown is heard (whole minutes from ten minutes, half minutes from two)."""
    if isinstance(seconds, str) and not seconds.isdigit():
        return seconds
    s = max(0, int(round(float(seconds))))
    if approximate:
        if s >= 600:
            s = int(round(s / 60.0)) * 60
        elif s >= 120:
            s = int(round(s / 30.0)) * 30
    hour, minute, second, also = _UNITS[language]
    parts = [(s // 3600, hour), (s % 3600 // 60, minute), (s % 60, second)]
    plural = "n" if language == "de" else "s"
    said = [f"{n} {unit}{plural if n != 1 else ''}" for n, unit in parts if n]
    return f" {also} ".join(said) or f"0 {second}{plural}"


def distance_words(language: str, m: float) -> str:
    """ "quelques mètres", "350 mètres", "1,2 kilomètre" (rounded as nav.speech rounds English)."""
    few, metres, km_one, km_many = _DISTANCE[language]
    if m < 5:
        return few
    if m < 1000:
        return f"{int(round(m / 10.0) * 10) or 10 if m < 100 else int(round(m / 50.0) * 50)} {metres}"
    km = round(m / 1000.0, 1)
    return f"{km:g}".replace(".", ",") + " " + (km_one if km < 2 else km_many)


def join_words(language: str, items: list[str]) -> str:
    """ "a, b et c", "a, b y c", "a, b und c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + f" {_LOCALE[language]['and']} " + items[-1]


_MINUS = {"fr": "moins", "es": "menos", "de": "minus"}


def _number(language: str, value: float) -> str:
    """Digits, a negative one with the language's minus word (espeak-ng drops the sign of "-2")."""
    n = math.floor(value + 0.5) if isinstance(value, float) else int(value)
    return f"{_MINUS[language]} {-n}" if n < 0 else str(n)


def _tidy(text: str) -> str:
    """Spaces collapsed, no space before a comma or full stop, each sentence's first letter capital."""
    text = " ".join(text.split()).replace(" ,", ",").replace(" .", ".").replace("..", ".")
    text = re.sub(r"([.!?] )(\w)", lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:] if text else text


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def load_table(path: Path) -> dict[str, Any]:
    """One replies.<lang>.yaml: keys to sentences (strings), word maps and cards (mappings)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of answer keys")
    return {str(k): (v if isinstance(v, (dict, list)) else str(v)) for k, v in data.items()}


class LanguageReplies:
    def __init__(self, language: str, tables: Mapping[str, Any]) -> None:
        self.language = language
        self.tables = dict(tables)

    @classmethod
    def from_files(cls, language: str, intent_files: Iterable[Path]) -> "LanguageReplies":
        tables: dict[str, Any] = {}
        where: dict[str, Path] = {}
        paths = [Path(p).with_name(f"replies.{language}.yaml") for p in intent_files]
        for table in dict.fromkeys([ASSISTANT_TABLES / f"replies.{language}.yaml", *paths]):
            if table.exists():
                for key, value in load_table(table).items():
                    if key in ("english_only", "silent") and isinstance(value, dict):
                        tables.setdefault(key, {}).update(value)
                        continue
                    if key in where:   # one skill's word map would change another's answers
                        raise ValueError(f"{table}: {key!r} is already defined in {where[key]}")
                    tables[key], where[key] = value, table
        return cls(language, tables)

    # --- what is covered --------------------------------------------------------------------
    @property
    def english_only(self) -> dict[str, str]:
        """Intents left in English on purpose, with the reason (the tables' ``english_only``)."""
        return {str(k): str(v) for k, v in (self.tables.get("english_only") or {}).items()}

    @property
    def silent(self) -> dict[str, str]:
        """Intents whose answer is no words in any language (stop), with the reason."""
        return {str(k): str(v) for k, v in (self.tables.get("silent") or {}).items()}

    def covered(self, intent: str) -> bool:
        """Whether ``intent``'s answers are said in the language (an entry for it, or for its
        answers' keys "intent.variant", and not listed as English only). Refusals with a value
        the tables cannot say still fall back to English (``text`` returns None)."""
        if intent in self.english_only:
            return False
        return any(isinstance(v, str) and (k == intent or k.startswith(intent + "."))
                   for k, v in self.tables.items())

    # --- saying it ----------------------------------------------------------------------------
    def phrase(self, english: str) -> str:
        """The assistant's own apology or prompt (glasses.assistant.phrases) in the language."""
        name = _PHRASE_NAMES.get(english)
        said = self.tables.get(f"assistant.{name}") if name else None
        return said if isinstance(said, str) else english

    def say(self, meaning: Meaning, now: datetime) -> str | None:
        """The sentence for ``meaning`` in the language, or None (no entry, a value it cannot say)."""
        said = self._fill(meaning, now)
        return None if said is None else _tidy(said)

    def _fill(self, meaning: Meaning, now: datetime, card: bool = False) -> str | None:
        """``meaning``'s template filled in (a clause: not tidied, its spaces kept); a nested
        clause uses all its slots (``card`` is for the top-level answer only)."""
        values = self._values(meaning, now, card)
        template = self.tables.get(meaning.key)
        if values is None or not isinstance(template, str):
            return None
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return None

    def _values(self, meaning: Meaning, now: datetime, card: bool = False) -> dict[str, str] | None:
        """The slots said in the language (``card_*`` ones only for the card: a card word the
        tables lack costs the card's words, not the spoken answer), or None."""
        values = {"time": clock_words(self.language, now), "date": date_words(self.language, now)}
        for name, value in meaning.slots.items():
            if name.startswith("card_") and not card:
                continue
            said = self._value(name, value, now)
            if said is None:
                return None
            values[name] = said
        return values

    def _value(self, name: str, value: Any, now: datetime) -> str | None:
        lang = self.language
        if value is None:
            return ""
        if isinstance(value, Meaning):
            return self._fill(value, now, card=True)
        if isinstance(value, (list, tuple)):
            said = [self._value(name, v, now) for v in value]
            if any(s is None for s in said):
                return None
            if name.endswith("_sentences"):
                return " ".join(_tidy(s) for s in said if s)
            return ", ".join(s for s in said if s) if name.endswith("_parts") else join_words(lang, said)
        words = self.tables.get(f"words.{name}", self.tables.get(f"words.{name.removeprefix('card_')}"))
        if isinstance(words, dict) and isinstance(value, str):
            found = words.get(value.lower(), words.get(value))
            return None if found is None else str(found)
        if isinstance(value, datetime):
            if name.startswith("card_"):
                return f"{value:%H:%M}"   # a card shows the time as written
            if name.endswith("_when"):
                return when_words(lang, value, now)
            return at_words(lang, value) if name.endswith("_at") else clock_words(lang, value)
        if isinstance(value, date):
            if name.endswith("_weekday"):
                return _LOCALE[lang]["days"].split()[value.weekday()]
            return short_date_words(lang, value) if name.endswith("_full") else day_words(lang, value, now.date())
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)) and name.endswith("distance_m"):
            return distance_words(lang, value)
        if isinstance(value, (int, float)) and name.endswith("_s"):
            return duration_words(lang, value, approximate=name.endswith("_about_s"))
        if isinstance(value, (int, float)):
            return _number(lang, value)
        return str(value)

    def card(self, meaning: Meaning, card: Any, now: datetime) -> Any:
        """``card`` with the words of ``<key>.card`` (title, lines; a line whose value is
        missing is left out) and the ``words.card`` map over its other lines, else as it is."""
        spec = self.tables.get(f"{meaning.key}.card")
        then = meaning.slots.get("then")
        if spec is None and isinstance(then, Meaning):   # "Standup. Walking to ...": the walk's card
            return self.card(then, card, now)
        values = self._values(meaning, now, card=True)
        if card is None or values is None:
            return card
        changes: dict[str, Any] = {}
        if isinstance(spec, dict):
            try:
                if "title" in spec:
                    changes["title"] = _first_up(str(spec["title"]).format(**values).strip(" ·"))
                if "lines" in spec:
                    lines = []
                    for line in spec["lines"] or ():
                        many = re.fullmatch(r"\{\*(\w+)\}", str(line))
                        if many:   # "{*card_lines}": one line per item of that list
                            items = [self._value(many.group(1), v, now) for v in meaning.slots.get(many.group(1)) or ()]
                            if any(i is None for i in items):
                                return card
                            lines.extend(_first_up(i.strip()) for i in items if i and i.strip())
                            continue
                        try:
                            said = str(line).format(**values).strip()
                        except (KeyError, IndexError, ValueError):
                            continue
                        if said:
                            lines.append(_first_up(said))
                    changes["lines"] = tuple(lines)
            except (KeyError, IndexError, ValueError):
                return card
        fixed = self.tables.get("words.card")
        if "lines" not in changes and isinstance(fixed, dict) and card.lines:
            changes["lines"] = tuple(str(fixed.get(line, line)) for line in card.lines)
        return replace(card, **changes) if changes else card

    # --- the older, intent-keyed form -----------------------------------------------------------
    def text(self, name: str, slots: Mapping[str, str], now: datetime) -> str | None:
        """The answer for intent ``name`` from the parsed intent's slots, or None."""
        template = self.tables.get(name)
        if not isinstance(template, str):
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
            return str(template).format(**values)
        except (KeyError, IndexError):
            return None

    def localize(self, intent: Any, reply: Any, now: datetime) -> Any:
        """``reply`` with its words in the language when the tables have them.

        A reply with a meaning is said from its own key (its card too); when that cannot be said
        it stays in English. A reply without one uses the intent-keyed entry, only when it shows
        or changes something (a card or events: the thing was done): a refusal or a question
        stays as the skill said it. Control replies, which say nothing, pass as they are."""
        if not reply.text:
            return reply
        if reply.meaning is not None:
            said = self.say(reply.meaning, now)
            if said is None:
                return reply
            return replace(reply, text=said, card=self.card(reply.meaning, reply.card, now), meaning=None)
        if intent is None or (reply.card is None and not reply.events):
            return reply
        said = self.text(intent.name, intent.slots, now)
        return reply if said is None else replace(reply, text=said)

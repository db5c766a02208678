"""Answers in French, Spanish and German (assistant.language), through the whole assistant.

The demo session's recorded forecast (glasses/data/demo/weather/forecast.json, London, 3 March
2026) and calendar (glasses/data/demo/calendar.ics) stand in for the network and the wearer's
calendar: the answers must carry the forecast's real temperatures and the calendar's real events,
in the wearer's language, and the cards must say what the voice says. Then the tables: every
intent a language understands has answers in it (or is listed as English on purpose, with the
reason), and every answer key the skills give as data (Reply.meaning) has a sentence in each
language.
"""

from __future__ import annotations

import ast
import json
import math
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from glasses.events import AudioChunk, Say, TextInput
from glasses.replies import LanguageReplies
from glasses.runtime.build import build_parser, build_text_assistant, close_skills
from glasses.skills.base import Meaning
from glasses.skills.registry import installed

ROOT = Path(__file__).parent.parent
DEMO = ROOT / "glasses" / "data" / "demo"
LANGUAGES = ("fr", "es", "de")
FORECAST = json.loads((DEMO / "weather" / "forecast.json").read_text(encoding="utf-8"))


def _daily(day: str) -> tuple[int, int]:
    d = FORECAST["daily"]
    i = d["time"].index(day)
    half_up = lambda x: math.floor(x + 0.5)   # noqa: E731 - as the skill rounds degrees
    return half_up(d["temperature_2m_max"][i]), half_up(d["temperature_2m_min"][i])


@pytest.fixture
def make(tmp_path):
    made = []

    def build(language: str, **kwargs):
        from glasses.config import Config

        config = Config()
        config = replace(config, assistant=replace(config.assistant, language=language, timezone="Europe/London"),
                         day=replace(config.day, home_name="London", home_lat=51.5074, home_lon=-0.1278))
        a = build_text_assistant(config, origin=datetime(2026, 3, 3, 8, 20, tzinfo=timezone.utc),
                                 sealed_in=tmp_path / language, session_root=DEMO, **kwargs)
        made.append(a)
        return a

    yield build
    for a in made:
        close_skills(a)


def ask(assistant, text: str, t_ms: int) -> list[Say]:
    return [e for e in assistant.process(TextInput(t_ms, text)) if isinstance(e, Say)]


def words(says: list[Say]) -> str:
    return " ".join(s.text for s in says)


WEATHER_TOMORROW = {"fr": ("quel temps fait-il demain", "Demain à London : {cond}, maximum {high} degrés, minimum {low} degrés.",
                           "ciel partiellement nuageux", "demain"),
                    "es": ("¿qué tiempo hará mañana?", "Mañana en London: {cond}, máxima de {high} grados y mínima de {low}.",
                           "parcialmente nublado", "mañana"),
                    "de": ("wie wird das Wetter morgen", "Morgen in London: {cond}, höchstens {high} Grad, mindestens {low} Grad.",
                           "teils bewölkt", "morgen")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_tomorrows_weather_in_the_language_with_the_forecasts_temperatures(language, make):
    text, template, cond, tomorrow = WEATHER_TOMORROW[language]
    high, low = _daily("2026-03-04")
    assert FORECAST["daily"]["weather_code"][2] == 2          # partly cloudy: the word comes from our table
    (say,) = ask(make(language), text, 1000)
    assert say.text == template.format(cond=cond, high=high, low=low)
    assert say.card.title == f"London · {tomorrow}"             # the card follows the voice
    assert say.card.lines[0] == cond[0].upper() + cond[1:] and say.card.lines[1] == f"{low}–{high}°C"


NOW = {"fr": ("quel temps fait-il", "En ce moment à London, il fait {temp} degrés, ciel couvert."),
       "es": ("qué tiempo hace", "Ahora mismo en London hace {temp} grados, nublado."),
       "de": ("wie ist das Wetter", "Gerade hat es in London {temp} Grad, bewölkt.")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_weather_now_in_the_language(language, make):
    text, start = NOW[language]
    assert FORECAST["current"]["weather_code"] == 3            # cloudy
    said = words(ask(make(language), text, 1000))
    assert said.startswith(start.format(temp=round(FORECAST["current"]["temperature_2m"])))
    assert str(round(max(FORECAST["daily"]["temperature_2m_max"][1], 0))) in said   # later today, up to the high


SCHEDULE = {"fr": ("qu'est-ce que j'ai aujourd'hui",
                   "Vous avez 2 événements aujourd'hui : à 9 heures 30, Standup, lieu : Room 4 et à 18 heures, Gym.", "Mardi 3 mars"),
            "es": ("qué tengo hoy", "Tienes 2 eventos hoy: a las 9 y 30, Standup, en Room 4 y a las 18, Gym.",
                   "Martes 3 de marzo"),
            "de": ("was habe ich heute", "Du hast heute 2 Termine: um 9 Uhr 30 Standup, Ort: Room 4 und um 18 Uhr Gym.",
                   "Dienstag, 3. März")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_todays_schedule_reads_the_calendars_events_in_the_language(language, make):
    text, answer, title = SCHEDULE[language]
    (say,) = ask(make(language), text, 1000)
    assert say.text == answer                                  # titles and places as the calendar has them
    assert say.card.title == title and "09:30–09:45  Standup (Room 4)" in say.card.lines


NEXT = {"fr": ("quel est mon prochain rendez-vous", "Prochain rendez-vous : Standup, à 9 heures 30, dans 1 heure et 10 minutes, lieu : Room 4."),
        "es": ("cuál es mi próxima cita", "Lo próximo es Standup, a las 9 y 30, dentro de 1 hora y 10 minutos, en Room 4."),
        "de": ("was ist mein nächster Termin", "Als Nächstes: Standup, um 9 Uhr 30, in 1 Stunde und 10 Minuten, Ort: Room 4.")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_next_event_in_the_language(language, make):
    text, answer = NEXT[language]
    assert words(ask(make(language), text, 0)) == answer


TIMERS = {"fr": ("minuteur 10 minutes", "combien de temps reste-t-il sur le minuteur", "Il reste 9 minutes.",
                 "Votre minuteur de 10 minutes est terminé.", "Minuteur de 10 minutes"),
          "es": ("pon un temporizador de 10 minutos", "cuánto tiempo le queda al temporizador", "Quedan 9 minutos.",
                 "Tu temporizador de 10 minutos ha terminado.", "Temporizador de 10 minutos"),
          "de": ("stell einen Timer für 10 Minuten", "wie lange läuft der Timer noch", "Noch 9 Minuten.",
                 "Dein Timer für 10 Minuten ist abgelaufen.", "Timer für 10 Minuten")}
SILENCE = b"\0\0" * 640


@pytest.mark.parametrize("language", LANGUAGES)
def test_time_left_on_a_timer_and_its_alarm_in_the_language(language, make):
    start, status, left, alarm, title = TIMERS[language]
    a = make(language)
    ask(a, start, 0)
    (say,) = ask(a, status, 60_000)                           # one minute later: nine left
    assert say.text == left and say.card.title == title
    rung = [e for e in a.process(AudioChunk(600_500, SILENCE)) if isinstance(e, Say)]   # the alarm, unasked
    assert [s.text for s in rung] == [alarm] and rung[0].card.title == title


LISTS = {"fr": ("ajoute du lait et des œufs à ma liste de courses", "qu'est-ce qu'il y a sur ma liste de courses",
                "Votre liste de courses contient 2 articles : lait et œufs.", "Liste de courses"),
         "es": ("añade leche y huevos a la lista de la compra", "qué hay en mi lista de la compra",
                "Tu lista de la compra tiene 2 artículos: leche y huevos.", "Lista de la compra"),
         "de": ("setze Milch und Eier auf die Einkaufsliste", "was steht auf meiner Einkaufsliste",
                "Auf deiner Einkaufsliste stehen 2 Einträge: milch und eier.", "Einkaufsliste")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_reading_the_list_in_the_language_keeps_the_items_as_said(language, make):
    add, read, answer, title = LISTS[language]
    a = make(language)
    ask(a, add, 0)
    (say,) = ask(a, read, 10_000)
    assert say.text == answer and say.card.title == title


REFUSALS = {"fr": [("combien de temps reste-t-il sur le minuteur", "Vous n'avez aucun minuteur en cours."),
                   ("c'est encore loin", "Vous n'êtes pas en navigation. Dites par exemple : emmène-moi à la gare."),
                   ("où suis-je", "Je ne sais pas encore où vous êtes : pas de signal GPS."),
                   ("zorglub patati", "Désolé, je n'ai pas compris. Dites aide pour savoir ce que je sais faire.")],
            "es": [("cuánto tiempo le queda al temporizador", "No tienes ningún temporizador en marcha."),
                   ("dónde estoy", "Todavía no sé dónde estás: no hay señal GPS."),
                   ("zorglub patati", "Lo siento, no lo he entendido. Di ayuda para saber qué puedo hacer.")],
            "de": [("wie lange läuft der Timer noch", "Es läuft kein Timer."),
                   ("wo bin ich", "Ich weiß noch nicht, wo du bist: kein GPS-Signal."),
                   ("zorglub patati", "Das habe ich leider nicht verstanden. Sag Hilfe, um zu hören, was ich kann.")]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_refusals_and_the_fallback_in_the_language(language, make):
    a = make(language)
    for i, (text, answer) in enumerate(REFUSALS[language]):
        assert words(ask(a, text, i * 10_000)) == answer, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_time_and_date_cards_follow_the_language(language, make):
    a = make(language)
    (time_say,) = ask(a, {"fr": "quelle heure est-il", "es": "qué hora es", "de": "wie spät ist es"}[language], 0)
    assert time_say.card.lines == ({"fr": "mardi", "es": "martes", "de": "Dienstag"}[language].capitalize(),)
    (help_say,) = ask(a, {"fr": "aide", "es": "ayuda", "de": "Hilfe"}[language], 10_000)
    parser = build_parser(installed(), language)
    for line in help_say.card.lines:                          # the help card's examples are commands in the language
        assert parser.parse(line) is not None, line


BRIEFING = {"fr": ("quelle heure est-il", "Bonjour. Nous sommes le mardi 3 mars. Vous avez 2 événements aujourd'hui, en "
                   "commençant par Standup à 9 heures 30 ; puis Gym à 18 heures. Météo à London : ciel dégagé, de "
                   "{low} à {high} degrés.", "Bonjour"),
            "es": ("qué hora es", "Buenos días. Hoy es martes 3 de marzo. Hoy tienes 2 eventos, empezando por Standup a "
                   "las 9 y 30; luego Gym a las 18. El tiempo en London: cielo despejado, entre {low} y {high} grados.",
                   "Buenos días"),
            "de": ("wie spät ist es", "Guten Morgen. Heute ist Dienstag, 3. März. Du hast heute 2 Termine, zuerst Standup "
                   "um 9 Uhr 30; dann Gym um 18 Uhr. Wetter in London: klar, {low} bis {high} Grad.", "Guten Morgen")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_morning_briefing_on_the_first_wake_is_in_the_language(language, make):
    text, briefing, greeting = BRIEFING[language]
    high, low = _daily("2026-03-03")
    a = make(language, first_wake=True)
    ask(a, text, 0)
    later = [e for t in range(500, 20_000, 500) for e in a.process(AudioChunk(t, SILENCE)) if isinstance(e, Say)]
    assert [s.text for s in later] == [briefing.format(low=low, high=high)]
    assert later[0].card.title == greeting and "09:30  Standup" in later[0].card.lines


# --- the tables ---------------------------------------------------------------------------
def _replies(language: str) -> LanguageReplies:
    return LanguageReplies.from_files(language, installed().intent_files())


def _language_intents(language: str) -> set[str]:
    names: set[str] = set()
    for path in installed().intent_files():
        local = Path(path).with_name(f"{Path(path).stem}.{language}.yaml")
        if local.exists():
            data = yaml.safe_load(local.read_text(encoding="utf-8")) or {}
            names |= set((data.get("intents") or {}))
            names |= {t if isinstance(t, str) else t["intent"] for t in (data.get("home_assistant") or {}).values()}
    return names


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_the_language_understands_is_answered_in_it_or_says_why_not(language):
    replies = _replies(language)
    intents = _language_intents(language)
    assert len(intents) >= 27
    missing = sorted(i for i in intents if not replies.covered(i) and i not in replies.english_only
                     and i not in replies.silent)
    assert not missing, f"{language}: no answers for {missing}"
    for intent, why in {**replies.english_only, **replies.silent}.items():
        assert intent in intents and len(why) > 20, intent     # a real reason, for an intent that exists


def _meaning_keys() -> set[str]:
    """Every answer key the skills give as a constant (Meaning("...") in glasses/)."""
    keys: set[str] = set()

    def strings(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.IfExp):
            yield from strings(node.body)
            yield from strings(node.orelse)
        elif isinstance(node, ast.BoolOp):
            for v in node.values:
                yield from strings(v)

    for path in (ROOT / "glasses").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Meaning" and node.args:
                keys |= set(strings(node.args[0]))
    # built from parts in the code: the timers' verbs and the schedule's variants
    keys |= {f"{verb}.{n}" for verb in ("pause_timer", "resume_timer", "add_timer_time", "remove_timer_time")
             for n in ("one", "many")}
    keys |= {f"get_schedule.{k}{one}" for k in ("events", "more_today") for one in ("", "_one")}
    return keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_answer_the_skills_give_as_data_has_a_sentence_in_each_language(language):
    replies = _replies(language)
    keys = _meaning_keys()
    assert len(keys) > 100
    english = tuple(f"{i}." for i in replies.english_only)
    missing = sorted(k for k in keys if not isinstance(replies.tables.get(k), str) and not k.startswith(english))
    assert not missing, f"{language}: {missing}"


def test_a_value_the_tables_cannot_say_keeps_the_english():
    fr = _replies("fr")
    now = datetime(2026, 3, 3, 14, 5, tzinfo=timezone.utc)
    assert fr.say(Meaning("weather.cond", {"cond": "volcanic ash"}), now) is None     # not in words.cond
    assert fr.say(Meaning("no.such.key"), now) is None
    said = fr.say(Meaning("get_weather.day", {"stale": None, "label": Meaning("day.label", {"day": now.date()}),
                                               "place": None, "high": 7.6, "low": -2.4, "cond": None, "rain": None,
                                               "unit": "°C"}), now)
    assert said == "Aujourd'hui : maximum 8 degrés, minimum moins 2 degrés."   # espeak-ng drops the "-" of "-2"


@pytest.mark.parametrize("language,said", [("fr", "Il est 14 heures 5."), ("es", "Son las 14 y 5."),
                                           ("de", "Es ist 14 Uhr 5.")])
def test_clock_times_are_written_the_way_the_voice_reads_them(language, said):
    """espeak-ng reads "14 h 05" as "quatorze ache zéro cinq" and "14:05 Uhr" as "vierzehn Uhr
    fünf Uhr": the spoken forms are written out."""
    now = datetime(2026, 3, 3, 14, 5, tzinfo=timezone.utc)
    assert _replies(language).say(Meaning("get_time"), now) == said
    if language == "es":   # one o'clock is singular
        assert _replies("es").say(Meaning("get_time.one"), now.replace(hour=1, minute=30)) == "Es la 1 y 30."


NO_HOME = {"fr": ("quel temps fait-il", "Je ne sais pas où est votre domicile."),
           "es": ("qué tiempo hace", "No sé dónde está tu casa."),
           "de": ("wie ist das Wetter", "Ich weiß nicht, wo du wohnst.")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_weather_with_no_home_set_says_so_in_the_language(language, tmp_path):
    """A traveller who has not set a home hears why in their language, with the config keys to set."""
    from glasses.config import Config

    config = Config()
    config = replace(config, assistant=replace(config.assistant, language=language, timezone="Europe/London"),
                     day=replace(config.day, home_name=None, home_lat=None, home_lon=None))
    a = build_text_assistant(config, origin=datetime(2026, 3, 3, 8, 20, tzinfo=timezone.utc),
                             sealed_in=tmp_path, session_root=DEMO)
    try:
        text, start = NO_HOME[language]
        said = words(ask(a, text, 1000))
        assert said.startswith(start) and "day.home_name" in said, said
    finally:
        close_skills(a)

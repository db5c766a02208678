"""Navigation in French, Spanish and German (assistant.language), through the assistant on the
bundled Helsinki map: where am I, a place asked about by sound and a yes or no in the language,
a walk to arrival with every cue said in the language, and the refusals."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from glasses.config import Config
from glasses.events import Location, Say, TextInput
from glasses.location.emulated import emulated_location
from glasses.nav.skill import NavSkill

STATION = (60.1710, 24.9414)


@pytest.fixture
def make(helsinki):
    from glasses.runtime.build import build_text_assistant

    def build(language: str):
        config = Config()
        config = replace(config, assistant=replace(config.assistant, language=language))
        skill = NavSkill(config.nav, lambda: helsinki)
        a = build_text_assistant(config, origin=datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("UTC")), skills=[skill])
        a.skill = skill
        return a

    return build


def said(events) -> list[str]:
    return [e.text for e in events if isinstance(e, Say)]


WHERE = {"fr": ("où suis-je", "Vous êtes sur ", ", près de Cafe Ekberg."),
         "es": ("dónde estoy", "Estás en ", ", cerca de Cafe Ekberg."),
         "de": ("wo bin ich", "Du bist auf ", ", in der Nähe von Cafe Ekberg.")}


@pytest.mark.parametrize("language", ["fr", "es", "de"])
def test_where_am_i_in_the_language(language, make, helsinki):
    text, start, end = WHERE[language]
    a = make(language)
    ekberg = helsinki.find("Cafe Ekberg")
    a.process(Location(1000, ekberg.lat, ekberg.lon, 5.0, None))
    (where,) = said(a.process(TextInput(2000, text)))
    assert where.startswith(start) and where.endswith(end)


ASK = {"fr": ("emmène-moi à Copatory", "Vouliez-vous dire Kauppatori ?", "oui", "En route vers Kauppatori : ",
              "non", "D'accord, je laisse tomber.", "emmène-moi à zorglub", "Désolé, je ne trouve pas zorglub sur la carte."),
       "es": ("llévame a Copatory", "¿Querías decir Kauppatori?", "sí", "Vamos a Kauppatori: ",
              "no", "Vale, no lo hago.", "llévame a zorglub", "Lo siento, no encuentro zorglub en el mapa."),
       "de": ("bring mich zu Copatory", "Meintest du Kauppatori?", "ja", "Los geht's zu Kauppatori: ",
              "nein", "Okay, dann nicht.", "bring mich zu zorglub", "Tut mir leid, ich finde zorglub nicht auf der Karte.")}


@pytest.mark.parametrize("language", ["fr", "es", "de"])
def test_a_place_asked_about_by_sound_is_answered_with_the_languages_yes_and_no(language, make):
    go, asked, yes, walking, no, dropped, nowhere, not_found = ASK[language]
    a = make(language)
    a.process(Location(0, *STATION))
    assert said(a.process(TextInput(1000, go))) == [asked]
    assert said(a.process(TextInput(2000, no))) == [dropped] and a.skill.trip is None
    assert said(a.process(TextInput(3000, go))) == [asked]
    (walk,) = said(a.process(TextInput(4000, yes)))
    assert walk.startswith(walking) and a.skill.trip is not None
    assert said(a.process(TextInput(5000, nowhere))) == [not_found]


WALK = {"fr": ("emmène-moi à Cafe Ekberg", "En route vers Cafe Ekberg : ", ("Dans ", ", maintenant."), "Vous êtes arrivé. Cafe Ekberg est"),
        "es": ("llévame a Cafe Ekberg", "Vamos a Cafe Ekberg: ", ("En ", "Ahora, "), "Has llegado. Cafe Ekberg está"),
        "de": ("bring mich zu Cafe Ekberg", "Los geht's zu Cafe Ekberg: ", ("Noch ", "Jetzt "), "Du bist angekommen. Cafe Ekberg ist")}


@pytest.mark.parametrize("language", ["fr", "es", "de"])
def test_a_walk_to_arrival_is_guided_in_the_language(language, make, helsinki):
    go, walking, cues, arrived = WALK[language]
    a = make(language)
    walker = emulated_location("walk@Kauppatori", a.p.router.skills, speed_kmh=18.0)
    for fix in walker.poll(0):
        a.process(fix)
    (start,) = said(a.process(TextInput(600, go)))
    assert start.startswith(walking)
    card_title = next(e.card.title for e in a.process(TextInput(700, go)) if isinstance(e, Say))
    assert card_title != "To Cafe Ekberg" and "Cafe Ekberg" in card_title
    heard = []
    for t in range(1000, 400_000, 100):
        for fix in walker.poll(t):
            heard += said(a.process(fix))
        if heard and heard[-1].startswith(arrived):
            break
    assert heard[-1].startswith(arrived) and a.skill.trip is None
    assert len(heard) >= 3 and all(h.startswith((cues[0], arrived)) or cues[1] in h for h in heard), heard

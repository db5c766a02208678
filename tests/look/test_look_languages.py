"""The look skill's answers in French, Spanish and German (assistant.language): a product seen
by its barcode is named as the catalogue has it, with its quantity, price and rating said the
language's way, on the voice and on the card; the catalogue's English review summary is left out."""

from __future__ import annotations

import pytest

from glasses.events import Intent
from glasses.look.skill import LookSkill
from glasses.replies import LanguageReplies
from glasses.skills.registry import installed
from glasses.vision.barcode import make_reader
from glasses.vision.fakes import FakeOcrEngine

from tests.look.test_skill import oat_frames, run_look

SAID = {
    "fr": {"identify_product": "Oat drink de Northfield, 1 litre. 1,89 euros ici, noté 4,4 sur 5 par 212 avis.",
           "product_price": "Oat drink, 1 litre : 1,89 euros ici.",
           "product_reviews": "Oat drink est noté 4,4 sur 5 par 212 avis."},
    "es": {"identify_product": "Oat drink, de Northfield, 1 litro. 1,89 euros aquí, valorado con 4,4 sobre 5 en 212 opiniones.",
           "product_price": "Oat drink, 1 litro: 1,89 euros aquí.",
           "product_reviews": "Oat drink está valorado con 4,4 sobre 5 en 212 opiniones."},
    "de": {"identify_product": "Oat drink von Northfield, 1 Liter. 1,89 Euro hier, mit 4,4 von 5 bewertet, aus 212 Bewertungen.",
           "product_price": "Oat drink, 1 Liter: 1,89 Euro hier.",
           "product_reviews": "Oat drink ist mit 4,4 von 5 bewertet, aus 212 Bewertungen."},
}
ALLERGENS = {"fr": "Allergènes : gluten", "es": "Alérgenos: gluten", "de": "Allergene: gluten"}


@pytest.mark.parametrize("language", ["fr", "es", "de"])
def test_a_product_is_described_in_the_language(language, catalog, ctx):
    skill = LookSkill(catalog, make_reader("auto"), FakeOcrEngine("should not be needed"))
    replies = LanguageReplies.from_files(language, installed().intent_files())
    for intent, want in SAID[language].items():
        reply, _ = run_look(skill, Intent(0, intent), oat_frames(), ctx)
        assert "Oat drink" in reply.text and reply.meaning is not None     # the skill's English, and its meaning
        said = replies.localize(None, reply, ctx.now)
        assert said.text == want, intent
        assert said.card.lines[0] == "1 L" and ALLERGENS[language] in said.card.lines
        assert "rated" not in " ".join(said.card.lines)


def test_the_camera_being_off_is_said_in_the_language(catalog, ctx):
    skill = LookSkill(catalog, make_reader("auto"), FakeOcrEngine(""))
    skill.switch.set(False)
    reply = skill.handle(Intent(0, "identify_product"), ctx)
    said = LanguageReplies.from_files("fr", installed().intent_files()).localize(None, reply, ctx.now)
    assert said.text == "La caméra est coupée, je ne peux pas regarder."

"""Look and shop's declaration (the glasses.skills entry point): its intents, the long press that
looks, the engine it asks about what its catalog does not know (an AsksAboutPictures peer), which intents turn the camera on or change something, its config, cards, doctor rows and
its commands (``glasses look``, ``glasses products``)."""

from __future__ import annotations

from pathlib import Path

from glasses.look.build import NORMALIZERS, build_skill
from glasses.look.cards import CARDS
from glasses.look.cli import add_look_commands
from glasses.look.config import LookConfig
from glasses.look.doctor_rows import catalog_rows
from glasses.look.skill import LookSkill
from glasses.products.catalog import demo_catalog
from glasses.skills.base import AsksAboutPictures, Context, ListKeeper, Reply
from glasses.skills.contract import Services, SkillSpec

HERE = Path(__file__).resolve().parent

# Every look intent turns the camera on; the rest change the catalog, a list or the camera switch.
SIDE_EFFECTS = frozenset({
    "identify_product", "product_price", "product_reviews", "product_details", "read_text",
    "add_product_to_list", "remember_product", "camera_on",
})


def build(services: Services) -> LookSkill:
    """The skill on the wearer's catalog, or (replay) the demo catalog in memory; "add this to my
    list" goes to whichever skill keeps lists (a ListKeeper peer)."""
    catalog = services.extras.get("catalog") or (demo_catalog() if services.replay else None)

    def add_to_list(item: str, ctx: Context) -> Reply:
        keeper = services.peers.first(ListKeeper)
        if keeper is None:
            return Reply(f"I can't keep a shopping list yet, so I couldn't add {item}.")
        return keeper.add_to_list(item, ctx)

    def ask_about(question: str, bgr, ctx: Context) -> Reply | None:
        """What the catalog does not know goes to whichever skill answers about pictures (the engine)."""
        asker = services.peers.first(AsksAboutPictures)
        return asker.ask_about(question, bgr, ctx) if asker is not None else None

    return build_skill(services.section("look"), catalog=catalog, add_to_list=add_to_list, ask_about=ask_about)


SKILL = SkillSpec(
    name="look",
    build=build,
    intents=(HERE / "intents.yaml",),
    phrasings=(HERE / "phrasings.yaml",),
    normalizers=NORMALIZERS,
    side_effects=SIDE_EFFECTS,
    gestures={"long_press": "identify_product"},
    config=LookConfig,
    config_doc="camera, barcodes, text reading, products",
    examples=LookSkill.examples,
    cards=CARDS,
    doctor=catalog_rows,
    commands=add_look_commands,
    order=20,
)

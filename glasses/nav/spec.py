"""Navigation's declaration (the glasses.skills entry point): its intents, which of them start or
end guidance, its config, cards, doctor row (the location fix), commands (route, maps) and bench (spoken destinations)."""

from __future__ import annotations

from pathlib import Path

from glasses.location.doctor import check_location
from glasses.nav.cards import CARDS
from glasses.nav.cli import add_nav_commands
from glasses.nav.config import NavConfig
from glasses.nav.maps import open_map
from glasses.nav.skill import NavSkill
from glasses.nav.spoken_bench import bench as spoken_destinations_bench
from glasses.skills.base import Calendar
from glasses.skills.contract import Services, SkillSpec

HERE = Path(__file__).resolve().parent


def build(services: Services) -> NavSkill:
    """The skill on the configured map (loaded on first use) and the wearer's calendar (a Calendar
    peer, for "take me to my next meeting")."""
    nav: NavConfig = services.section("nav")

    def load():
        return open_map(nav.map, nav.maps_dir, nav.places, speed_kmh=nav.walk_speed_kmh)

    def events_between(start, end) -> list:
        calendar = services.peers.first(Calendar)
        return calendar.events_between(start, end) if calendar is not None else []

    return NavSkill(nav, load, events_between)


SKILL = SkillSpec(
    name="nav",
    build=build,
    intents=(HERE / "intents.yaml",),
    samples=HERE / "samples.yaml",
    side_effects=frozenset({"navigate_to", "navigate_meeting", "stop_navigation"}),  # start or end guidance
    config=NavConfig,
    config_doc="walking navigation: map, saved places",
    examples=NavSkill.examples,
    cards=CARDS,
    doctor=lambda config: [check_location(config.nav)],
    commands=add_nav_commands,
    bench=spoken_destinations_bench,
    order=30,
)

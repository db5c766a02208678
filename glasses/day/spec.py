"""The day assistant's declaration (the glasses.skills entry point): its intents, which of them
change something, how to say them in a "Did you mean ...?" question, its config and cards."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from glasses.day.cards import CARDS
from glasses.day.config import DayConfig
from glasses.day.doctor_rows import day_rows
from glasses.day.normalize import NORMALIZERS, vocabulary
from glasses.day.skill import DaySkill
from glasses.day.store import DayStore
from glasses.day.timers import duration_adjective
from glasses.events import Intent
from glasses.skills.contract import Services, SkillSpec

HERE = Path(__file__).resolve().parent

SIDE_EFFECTS = frozenset({
    "start_timer", "cancel_timer", "pause_timer", "resume_timer",
    "set_reminder", "cancel_reminder",
    "add_to_list", "remove_from_list", "clear_list",
})


def build(services: Services) -> DaySkill:
    """The skill on the root's data folder and fetcher; a replay is sealed: only the session's own
    calendar, state in the replay's fresh folder, no inbox."""
    config: DayConfig = services.section("day")
    if services.replay:
        calendar = services.session_root / "calendar.ics" if services.session_root else None
        config = replace(config, data_dir=services.data_dir, inbox_dir=None, inbox_port=0,
                         calendars=(str(calendar),) if calendar and calendar.exists() else ())
    elif services.data_dir is not None:
        config = replace(config, data_dir=services.data_dir)
    return DaySkill(config, tz=services.tz, store=DayStore(config.db_path), fetcher=services.fetcher,
                    peers=services.peers)


def _timer(slots: dict) -> str:
    if slots.get("name") == "all":
        return "all the timers"
    if slots.get("name"):
        return f"the {slots['name']} timer"
    if slots.get("duration_s", "").isdigit():
        return f"the {duration_adjective(int(slots['duration_s']))} timer"
    return "the timer"


def describe(intent: Intent, heard: str) -> str | None:
    """What the day skill would do, in words for the question ("cancel the pizza timer")."""
    s = dict(intent.slots)
    if intent.name == "start_timer" and s.get("duration_s", "").isdigit():
        name = f" {s['name']}" if s.get("name") else ""
        return f"start a {duration_adjective(int(s['duration_s']))}{name} timer"
    if intent.name in ("cancel_timer", "pause_timer", "resume_timer"):
        return f"{intent.name.split('_')[0]} {_timer(s)}"
    if intent.name in ("add_to_list", "remove_from_list") and s.get("item"):
        verb, prep = ("add", "to") if intent.name == "add_to_list" else ("remove", "from")
        return f"{verb} {s['item'].replace('; ', ' and ')} {prep} the {s.get('list', 'shopping')} list"
    if intent.name == "set_reminder" and s.get("text"):
        return f"remind you to {s['text']}"
    return None


SKILL = SkillSpec(
    name="day",
    build=build,
    intents=(HERE / "intents.yaml",),
    phrasings=(HERE / "phrasings.yaml",),
    samples=HERE / "samples.yaml",
    normalizers=NORMALIZERS,
    vocabulary=vocabulary,
    side_effects=SIDE_EFFECTS,
    describe=describe,
    config=DayConfig,
    config_doc="schedule, weather, briefing, timers, reminders, lists, notifications",
    examples=DaySkill.examples,
    cards=CARDS,
    doctor=day_rows,
    order=10,
)

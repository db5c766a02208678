"""Fixtures for the day tests (helpers live in dayfix.py)."""

from __future__ import annotations

import pytest

from dayfix import DATA, LONDON, ForecastServer
from glasses.day.config import DayConfig

from glasses.day.places import geonames_index
from glasses.day.skill import DaySkill
from glasses.day.store import DayStore
from glasses.runtime.build import build_parser
from glasses.understand.parser import IntentParser


@pytest.fixture
def server():
    s = ForecastServer()
    yield s
    s.close()


@pytest.fixture(scope="session")
def parser() -> IntentParser:
    return build_parser()


@pytest.fixture(scope="session")
def places():
    return geonames_index()


@pytest.fixture
def make_skill(tmp_path, server, places):
    made: list[DaySkill] = []

    def make(**overrides) -> DaySkill:
        values = dict(calendars=(str(DATA / "work.ics"), str(DATA / "personal.ics")), home_name="London",
                      home_lat=51.5, home_lon=-0.12, data_dir=tmp_path / "data", weather_url=server.url,
                      weather_timeout_s=1.0)
        values.update(overrides)
        config = DayConfig(**values)
        skill = DaySkill(config, tz=LONDON, store=DayStore(config.db_path), places=places)
        made.append(skill)
        return skill

    yield make
    for s in made:
        try:
            s.close()
        except Exception:
            pass



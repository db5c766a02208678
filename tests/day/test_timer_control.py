"""Pause, resume, add and take time off timers, through the parser and the day skill on a
real SQLite store; and a schema-1 database gains the pause column without losing timers."""

import sqlite3
from datetime import timedelta

from dayfix import MONDAY_8AM, ask, ctx
from glasses.day.store import DayStore


def at(seconds: float):
    return MONDAY_8AM + timedelta(seconds=seconds)


def test_pause_and_resume_freeze_the_countdown(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "set a ten minute pasta timer", at(0))
    assert ask(skill, parser, "pause the pasta timer", at(120)).text == \
        "Paused your pasta timer, with eight minutes left."
    assert ask(skill, parser, "pause my timer", at(130)).text == "Your timer is already paused."
    assert "paused" in ask(skill, parser, "how long is left on my pasta timer", at(500)).text
    assert skill.due(ctx(at(700))) == []            # a paused timer does not ring
    assert ask(skill, parser, "resume the timer", at(1000)).text == \
        "Resumed your pasta timer, with eight minutes left."
    assert skill.due(ctx(at(1000 + 479))) == []
    assert [r.text for r in skill.due(ctx(at(1000 + 480)))] == ["Your pasta timer is done."]


def test_add_and_take_time(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "set a timer for 10 minutes", at(0))
    assert ask(skill, parser, "add 5 minutes to my timer", at(60)).text == \
        "Added five minutes to your ten minute timer. Fourteen minutes left."
    assert ask(skill, parser, "take 2 minutes off the timer", at(60)).text.startswith(
        "Took two minutes off your ten minute timer. Twelve minutes left")
    assert skill.due(ctx(at(779))) == [] and skill.due(ctx(at(780)))


def test_choosing_among_several_timers(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "set a pizza timer for 15 minutes", at(0))
    ask(skill, parser, "start a 5 minute timer", at(0))
    assert "Which one should I pause" in ask(skill, parser, "pause the timer", at(10)).text
    assert ask(skill, parser, "pause the 5 minute timer", at(10)).text.startswith("Paused your five minute timer")
    assert ask(skill, parser, "stop 5 minute timer", at(20)).text == "Cancelled your five minute timer."
    assert ask(skill, parser, "time left on the 15 minute timer", at(60)).text == \
        "Fourteen minutes left on your pizza timer."   # found by its duration
    assert ask(skill, parser, "status of the 20 minute timer", at(60)).text == \
        "There's no twenty minute timer. You have pizza timer."
    assert ask(skill, parser, "cancel pizza timer", at(60)).text == "Cancelled your pizza timer."
    assert ask(skill, parser, "resume the timer", at(70)).text == "You have no paused timers."


def test_schema_one_database_is_upgraded(tmp_path):
    path = tmp_path / "day.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE timers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT '',
            duration_s INTEGER NOT NULL, started_ms INTEGER NOT NULL, ends_ms INTEGER NOT NULL,
            state TEXT NOT NULL DEFAULT 'running', last_alarm_ms INTEGER, alarms INTEGER NOT NULL DEFAULT 0);
        INSERT INTO timers (name, duration_s, started_ms, ends_ms) VALUES ('tea', 300, 0, 300000);
        PRAGMA user_version = 1;""")
    db.close()
    store = DayStore(path)
    try:
        [t] = store.timers()
        assert (t.name, t.paused_ms) == ("tea", None)
        store.pause_timer(t.id, 100_000)
        assert store.timer(t.id).left_ms(250_000) == 200_000
        store.resume_timer(t.id, 400_000)
        assert store.timer(t.id).ends_ms == 600_000
    finally:
        store.close()

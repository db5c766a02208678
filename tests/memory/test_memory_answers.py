"""Spoken replies for memory requests, with a real store in tmp_path."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from glasses.memory.answers import (ForgetLast, ForgetToday, Recall, Remember, reply, spoken_note, when_said,
                                    you_form)
from glasses.memory.store import MemoryStore, Note

TZ = timezone(timedelta(hours=2))
NOW = datetime(2026, 12, 3, 18, 0, tzinfo=TZ)          # a Thursday


def note(text="I parked on level three, bay 42", made=None, **kw) -> Note:
    return Note(id=1, text=text, made=made or datetime(2026, 12, 1, 9, 40, tzinfo=TZ), **kw)


@pytest.mark.parametrize("made, said", [
    (datetime(2026, 12, 3, 9, 40, tzinfo=TZ), "Today at nine forty"),
    (datetime(2026, 12, 2, 12, 0, tzinfo=TZ), "Yesterday at noon"),
    (datetime(2026, 12, 1, 9, 40, tzinfo=TZ), "On Tuesday at nine forty"),
    (datetime(2026, 11, 20, 21, 15, tzinfo=TZ), "On Friday the twentieth of November at quarter past nine in the evening"),
    (datetime(2025, 3, 3, 8, 30, tzinfo=TZ), "On Monday the third of March, 2025 at half past eight"),
    # made at 23:30 in London is already the next day in Helsinki, where the wearer is now
    (datetime(2026, 12, 2, 23, 30, tzinfo=timezone.utc), "Today at half past one at night"),
])
def test_when_said(made, said):
    assert when_said(made, NOW) == said


def test_spoken_note_said_and_seen():
    assert spoken_note(note(place="Kauppatori"), NOW) == (
        "On Tuesday at nine forty near Kauppatori you noted: you parked on level three, bay 42.")
    assert spoken_note(note("wifi: blueberry2024", source="seen", kind="ocr", place="Cafe Regatta"), NOW) == (
        "On Tuesday at nine forty near Cafe Regatta you saw a sign that said: wifi: blueberry2024.")
    assert spoken_note(note("Oat drink 1 l", source="seen", kind="product"), NOW).endswith("you looked at Oat drink 1 l.")
    assert you_form("I lent my drill to Marko, I'm sure") == "you lent your drill to Marko, you're sure"


def test_remember_recall_forget(tmp_path):
    store = MemoryStore(tmp_path / "m.sqlite")
    earlier = NOW - timedelta(days=2)
    assert reply(Remember("I parked on level three, bay 42", place="Kauppatori"), store, earlier) == (
        "OK, I'll remember that you parked on level three, bay 42.")
    assert reply(Remember("Laura is allergic to peanuts"), store, NOW - timedelta(hours=2)) == (
        "OK, I'll remember that Laura is allergic to peanuts.")
    assert reply(Remember("PLATFORM 7 TURKU", source="seen", kind="ocr"), store, NOW - timedelta(hours=1)) == (
        "OK, I'll remember what you're looking at: PLATFORM 7 TURKU.")
    assert reply(Recall("what do you remember about Laura"), store, NOW) == (
        "Today at four you noted: Laura is allergic to peanuts.")
    assert reply(Recall("which platform for Turku"), store, NOW).endswith(
        "you saw a sign that said: PLATFORM 7 TURKU.")
    assert reply(Recall("who painted the Mona Lisa"), store, NOW) == "I don't remember anything about that."
    assert reply(ForgetToday(), store, NOW) == "I forgot two notes from today."
    assert [n.text for n in store.all()] == ["I parked on level three, bay 42"]   # Tuesday's note stays
    assert reply(ForgetToday(), store, NOW) == "There was nothing from today to forget."
    assert reply(ForgetLast(), store, NOW) == "Forgotten: you parked on level three, bay 42."
    assert reply(ForgetLast(), store, NOW) == "There's nothing to forget."
    assert reply(Remember("  "), store, NOW) == "What should I remember?"
    assert reply(Recall(""), store, NOW) == "What should I look for?"
    assert store.count() == 0


def test_a_weak_match_is_hedged(tmp_path):
    store = MemoryStore(tmp_path / "m.sqlite")       # full-text search: the car is found through synonyms only
    reply(Remember("I parked on level three, bay 42"), store, NOW - timedelta(hours=3))
    assert reply(Recall("where did I leave the car"), store, NOW) == (
        "I'm not sure, but the closest thing I have: Today at three you noted: you parked on level three, bay 42.")

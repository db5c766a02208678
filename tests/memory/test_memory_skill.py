"""The memory skill through the assistant: its phrases route to it (and look keeps "remember this
as ..."), notes survive the process (two `glasses ask` runs on one SQLite file), "remember this"
reads a real sign with PP-OCR, answers say when it was noted, forget is a side effect."""

from __future__ import annotations

from datetime import datetime, timezone

import cv2
import numpy as np
import pytest

from glasses.config import Config, with_overrides
from glasses.events import Frame, Location, Say, TextInput
from glasses.runtime.build import build, build_parser


@pytest.fixture(scope="module")
def parser():
    return build_parser()


@pytest.mark.parametrize("text, intent", [
    ("remember that I parked on level three, bay 42", "remember_note"),
    ("remember this", "remember_this"),
    ("remember this as oat biscuits", "remember_product"),   # the look skill's, not ours
    ("remember that as my usual coffee", "remember_product"),
    ("where did I park", "recall"),
    ("what did I see at the pharmacy", "recall"),
    ("what was the wifi password on that sign", "recall"),
    ("what do you remember about Anna", "recall"),
    ("forget that", "forget_last"),
    ("forget everything from today", "forget_today"),
    ("take a photo", "take_photo"),
    ("what is this", "identify_product"),
])
def test_phrases_route_to_their_skill(parser, text, intent):
    assert parser.parse(text, fuzzy=False).name == intent


def test_a_note_made_in_one_process_answers_in_the_next(glasses_cli, isolated_home):
    r = glasses_cli("ask", "remember that I parked on level three, bay 42")
    assert r.returncode == 0 and "remember that you parked on level three" in r.stdout, r.stderr
    r = glasses_cli("ask", "where did I leave the car")
    assert r.returncode == 0, r.stderr
    assert "you noted: you parked on level three bay forty two" in r.stdout and r.stdout.startswith("Today at")
    db = isolated_home / ".local" / "share" / "glasses" / "memory" / "memory.sqlite"
    assert db.is_file() and db.stat().st_mode & 0o077 == 0
    r = glasses_cli("ask", "forget everything from today")
    assert r.returncode == 0 and "I forgot one note from today" in r.stdout, r.stdout
    r = glasses_cli("ask", "where did I park")
    assert "I don't remember" in r.stdout


def built_for(tmp_path, **extras):
    config = with_overrides(Config(), {"day": {"briefing_on_first_wake": False}}, "test")
    origin = datetime(2026, 12, 2, 9, 40, tzinfo=timezone.utc)
    return build(config, origin=origin, ears=False, replay=True, data_dir=tmp_path, hud=False,
                 extras={"capture_read": None, **extras})


def said(out) -> list[str]:
    return [e.text for e in out if isinstance(e, Say)]


def sign() -> np.ndarray:
    img = np.full((480, 640, 3), 245, np.uint8)
    cv2.putText(img, "GUEST WIFI", (60, 160), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (20, 20, 20), 5)
    cv2.putText(img, "PASSWORD: ORANGE42", (40, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (20, 20, 20), 4)
    return img


def test_remember_this_reads_the_sign_and_the_question_finds_it_with_when_and_where(tmp_path):
    built = built_for(tmp_path)
    p = built.pipeline
    try:
        p.process(Location(0, 60.1675, 24.9525))
        out = p.process(TextInput(100, "remember this"))
        assert said(out) == []          # looking first
        for i in range(8):
            out += p.process(Frame(300 + i * 200, sign()))
        out += p.finish(3000)
        assert any("ORANGE42" in s.replace(" ", "") for s in said(out)), said(out)
        out = p.process(TextInput(60_000 * 90, "what was the wifi password on that sign")) + p.finish(60_000 * 90 + 5000)
        answer = said(out)[-1]
        assert answer.startswith("Today at ") and "ORANGE42" in answer.replace(" ", ""), answer
        assert " near Laivaravintola Marival II " in answer   # the navigation map names the fix
        note = built.skill("memory").store.last()
        assert (note.source, note.kind, note.lat, note.lon) == ("seen", "ocr", 60.1675, 24.9525) and note.place
    finally:
        built.close()


def test_forget_runs_on_a_sure_parse_and_a_near_miss_is_asked(tmp_path):
    built = built_for(tmp_path)
    p = built.pipeline
    try:
        p.process(TextInput(0, "remember that the spare key is under the blue pot"))
        out = p.process(TextInput(5000, "forgot tht"))
        assert said(out)[-1].startswith("Did you mean: forget the last note?"), said(out)
        assert built.skill("memory").store.count() == 1
        out = p.process(TextInput(8000, "no"))
        assert built.skill("memory").store.count() == 1
        out = p.process(TextInput(12000, "forget that"))
        assert said(out)[-1] == "Forgotten: the spare key is under the blue pot."
        assert built.skill("memory").store.count() == 0
    finally:
        built.close()

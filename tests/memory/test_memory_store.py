"""Notes in a real SQLite file: across store instances and processes, search in other words,
forgetting, bad files; recall@1 on glasses/data/memory/pairs.yaml."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from glasses.memory.build import open_store
from glasses.memory.config import MemoryConfig
from glasses.memory.embed import SentenceEmbedder
from glasses.memory.store import MemoryStore, MemoryStoreError, fts5_available

ROOT = Path(__file__).resolve().parents[2]
PAIRS = yaml.safe_load((Path(__file__).resolve().parents[2] / "glasses" / "data" / "memory" / "pairs.yaml").read_text())
TZ = timezone(timedelta(hours=2))
T0 = datetime(2026, 12, 1, 9, 40, tzinfo=TZ)


@pytest.fixture(scope="module")
def embedder():
    return SentenceEmbedder()


def all_pairs():
    return [(p["note"], p["question"]) for half in ("dev", "held_out") for p in PAIRS[half]]


def test_fts5_is_available():
    assert fts5_available()


def test_a_note_survives_into_a_second_store(tmp_path):
    path = tmp_path / "memory.sqlite"
    first = MemoryStore(path)
    first.remember("I parked on level three, bay 42", T0, place="Kauppatori", lat=60.1675, lon=24.9525)
    first.remember("Anna's birthday is on the 14th of March", T0 + timedelta(minutes=5))
    first.close()
    second = MemoryStore(path)
    assert second.count() == 2
    hit = second.search("where did I leave the car")[0]
    assert hit.note.text == "I parked on level three, bay 42" and hit.note.place == "Kauppatori"
    assert hit.note.made == T0 and hit.note.made.utcoffset() == timedelta(hours=2)
    assert (hit.note.lat, hit.note.lon) == (60.1675, 24.9525)
    assert second.search("what do you remember about Anna")[0].note.text.startswith("Anna's birthday")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_forget_last_and_since(tmp_path):
    s = MemoryStore(tmp_path / "m.sqlite")
    s.remember("yesterday's note", T0 - timedelta(days=1))
    s.remember("this morning's note", T0)
    s.remember("the latest note", T0 + timedelta(hours=1))
    assert s.forget_last().text == "the latest note"
    assert [n.text for n in s.all()] == ["yesterday's note", "this morning's note"]
    assert s.forget_since(T0.replace(hour=0, minute=0)) == 1
    assert [n.text for n in s.all()] == ["yesterday's note"]
    assert s.search("morning") == []                 # the full-text index forgot it too
    assert s.forget_last().text == "yesterday's note" and s.forget_last() is None


def test_seen_notes_and_bad_values(tmp_path):
    s = MemoryStore(tmp_path / "m.sqlite")
    n = s.remember("WIFI: blueberry2024", T0, source="seen", kind="ocr")
    assert (n.source, n.kind) == ("seen", "ocr")
    with pytest.raises(ValueError):
        s.remember("x", T0, source="heard")
    with pytest.raises(ValueError):
        s.remember("x", T0.replace(tzinfo=None))
    with pytest.raises(ValueError):
        s.remember("   ", T0)
    with pytest.raises(ValueError):
        s.remember("x", T0, lat=91.0, lon=0.0)
    assert len(s.remember("y" * 10_000, T0).text) == 2_000
    assert s.search('" OR * NEAR(') == []               # FTS syntax in a question is only words
    assert s.search("") == []


def test_a_damaged_file_is_one_line_and_left_alone(tmp_path):
    bad = tmp_path / "memory.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    before = bad.read_bytes()
    with pytest.raises(MemoryStoreError) as err:
        MemoryStore(bad)
    assert "\n" not in str(err.value) and str(bad) in str(err.value)
    assert bad.read_bytes() == before


def test_fts_finds_the_car_in_other_words(tmp_path):
    s = MemoryStore(tmp_path / "m.sqlite")
    for i, (note, _q) in enumerate(all_pairs()):
        s.remember(note, T0 + timedelta(hours=i))
    hits = s.search("where did I leave the car")
    assert hits[0].note.text == "I parked on level three, bay 42"
    assert not hits[0].sure                          # found through the synonym table only


def test_embeddings_recall_on_the_pairs(tmp_path, embedder):
    s = MemoryStore(tmp_path / "m.sqlite", embedder=embedder)
    pairs = all_pairs()
    ids = [s.remember(note, T0 + timedelta(hours=i)).id for i, (note, _q) in enumerate(pairs)]
    top = [s.search(q, 1) for _n, q in pairs]
    right = sum(1 for hits, nid in zip(top, ids) if hits and hits[0].note.id == nid)
    assert right >= 38, f"recall@1 {right}/40 (measured 40/40: docs/memory.md)"
    unanswered = [s.search(q, 1) for q in PAIRS["unanswerable"]]
    assert all(not hits or not hits[0].sure for hits in unanswered)   # never said as if sure


def test_a_question_about_a_place_finds_what_was_noted_there(tmp_path, embedder):
    s = MemoryStore(tmp_path / "m.sqlite", embedder=embedder)
    s.remember("Ibuprofen 400 mg, 12 tablets, 4.90 euros", T0, source="seen", kind="ocr", place="the pharmacy")
    s.remember("the bus to the airport leaves from stop H4", T0 + timedelta(hours=1), place="the railway station")
    s.remember("Mika likes oat milk in his coffee", T0 + timedelta(hours=2))
    hit = s.search("what did I see at the pharmacy")[0]
    assert hit.note.text.startswith("Ibuprofen") and hit.sure


def test_vectors_are_kept_and_filled_in_later(tmp_path, embedder):
    path = tmp_path / "m.sqlite"
    MemoryStore(path).remember("my bike is locked to the railing outside the library", T0)   # no embedder
    s = MemoryStore(path, embedder=embedder)
    assert s.search("where is my bicycle")[0].note.text.startswith("my bike")
    rows = s._run("SELECT model, length(vec) FROM vectors")
    assert rows == [("all-MiniLM-L6-v2-onnx-int8", 384 * 4)]
    s.forget_last()
    assert s._run("SELECT COUNT(*) FROM vectors") == [(0,)]


def test_open_store_from_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    cfg = MemoryConfig()
    assert cfg.db_path == tmp_path / "xdg" / "glasses" / "memory" / "memory.sqlite"
    store = open_store(MemoryConfig(search="fts"))
    assert store.embedder is None and cfg.db_path.exists()
    assert stat.S_IMODE(cfg.db_path.parent.stat().st_mode) == 0o700


def test_memory_answers_across_processes(tmp_path):
    """One process is told to remember; a second, later one is asked in other words."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    common = textwrap.dedent("""
        from datetime import datetime, timedelta, timezone
        from glasses.memory.answers import Recall, Remember, reply
        from glasses.memory.build import open_store
        from glasses.memory.config import MemoryConfig
        store = open_store(MemoryConfig())
        tz = timezone(timedelta(hours=2))
    """)
    tell = common + ("print(reply(Remember('I parked on level three, bay 42', place='Kauppatori'), store, "
                     "datetime(2026, 12, 1, 9, 40, tzinfo=tz)))")
    ask = common + "print(reply(Recall('where did I leave the car'), store, datetime(2026, 12, 3, 18, 0, tzinfo=tz)))"
    one = subprocess.run([sys.executable, "-c", tell], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert one.returncode == 0, one.stderr
    assert one.stdout.strip() == "OK, I'll remember that you parked on level three, bay 42."
    two = subprocess.run([sys.executable, "-c", ask], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert two.returncode == 0, two.stderr
    assert two.stdout.strip() == ("On Tuesday at nine forty near Kauppatori you noted: "
                                  "you parked on level three, bay 42.")


def test_the_manifest_pins_the_embedding_model():
    from glasses.memory.embed import MODEL_SHA256, VOCAB, VOCAB_SHA256, default_model_path
    from glasses.models import locate, manifest, sha256_of

    entry = next(e for e in manifest() if e.name == "minilm-int8")
    path = locate(entry)
    assert path == default_model_path() and entry.sha256 == MODEL_SHA256 == sha256_of(path)
    assert sha256_of(VOCAB) == VOCAB_SHA256


def test_a_note_written_elsewhere_is_found_by_a_store_that_searched_before(tmp_path, embedder):
    path = tmp_path / "m.sqlite"
    reader = MemoryStore(path, embedder=embedder)
    reader.remember("Mika likes oat milk in his coffee", T0)
    assert reader.search("how does Mika take his coffee")[0].note.text.startswith("Mika")   # vectors cached
    writer = MemoryStore(path, embedder=embedder)
    writer.remember("my bike is locked to the railing outside the library", T0 + timedelta(hours=1))
    assert reader.search("where is my bicycle")[0].note.text.startswith("my bike")
    writer.forget_last()
    hits = reader.search("where is my bicycle")
    assert all(not h.note.text.startswith("my bike") for h in hits)

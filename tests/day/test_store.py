"""The SQLite file: WAL, survives restarts and kill -9, and a corrupt or locked file gives a
one-line error and is never replaced."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from glasses.day.store import DayStore, StoreError
from glasses.errors import GlassesError


def test_wal_and_restart(tmp_path):
    path = tmp_path / "day.sqlite"
    store = DayStore(path)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.add_item("shopping", "oat milk", 1)
    store.add_timer("pasta", 600, 1_000)
    store.add_reminder("call anna", 5_000, 1_000)
    store.close()
    again = DayStore(path)
    assert again.items("shopping") == ["oat milk"]
    assert [t.name for t in again.timers()] == ["pasta"]
    assert [r.text for r in again.pending_reminders()] == ["call anna"]


def test_survives_kill_9(tmp_path):
    path = tmp_path / "day.sqlite"
    script = textwrap.dedent(f"""
        import os, signal
        from glasses.day.store import DayStore
        s = DayStore({str(path)!r})
        s.add_item("shopping", "eggs", 1)
        s.add_timer("tea", 240, 2)
        print("written", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert proc.returncode == -signal.SIGKILL and "written" in proc.stdout
    store = DayStore(path)
    assert store.items("shopping") == ["eggs"]
    assert [t.name for t in store.timers()] == ["tea"]


def test_corrupt_file_is_a_clear_error_and_left_alone(tmp_path):
    path = tmp_path / "day.sqlite"
    junk = b"this is my precious data, not a database\n" * 200
    path.write_bytes(junk)
    with pytest.raises(StoreError) as info:
        DayStore(path)
    message = str(info.value)
    assert isinstance(info.value, GlassesError)
    assert "\n" not in message and str(path) in message and "not a database" in message
    assert path.read_bytes() == junk
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.sqlite"]


def test_damaged_database_detected(tmp_path):
    path = tmp_path / "day.sqlite"
    store = DayStore(path)
    for i in range(300):
        store.add_item("shopping", f"item {i} " + "x" * 200, i)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2:4096 * 2 + 2000] = b"\xff" * 2000   # scribble over a b-tree page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        DayStore(path)
    assert path.read_bytes() == bytes(data)


def test_locked_database_is_a_clear_error(tmp_path):
    path = tmp_path / "day.sqlite"
    DayStore(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            store = DayStore(path, busy_timeout_s=0.2)
            store.add_item("shopping", "bread", 1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert DayStore(path).items("shopping") == []


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "day.sqlite"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StoreError, match="newer version"):
        DayStore(path)

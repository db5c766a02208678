"""All of the day assistant's state in one SQLite file (WAL): timers, reminders, lists,
notifications and a few markers (the date of the last briefing).

Times are stored as epoch milliseconds of session-clock moments, so a replayed session and
a live one behave the same. Writes are committed at once (synchronous=FULL): a kill -9 loses
nothing that was confirmed to the wearer. A file that is not a database, is damaged, or is
locked by another program raises StoreError with one line saying so; the file is never
deleted, moved or rewritten.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

from glasses.errors import GlassesError

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS timers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL DEFAULT '',
    duration_s INTEGER NOT NULL,
    started_ms INTEGER NOT NULL,
    ends_ms INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'running',      -- running | ringing | paused | done | cancelled
    last_alarm_ms INTEGER,
    alarms INTEGER NOT NULL DEFAULT 0,
    paused_ms INTEGER                            -- when it was paused (schema 2)
);
CREATE TABLE IF NOT EXISTS reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    text TEXT NOT NULL,
    due_ms INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',      -- pending | spoken | cancelled
    spoken_ms INTEGER,
    late INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS list_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    list TEXT NOT NULL,
    item TEXT NOT NULL,
    added_ms INTEGER NOT NULL,
    UNIQUE (list, item)
);
CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    received_ms INTEGER NOT NULL,
    read_ms INTEGER,
    file_key TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS reminders_due ON reminders (state, due_ms);
CREATE INDEX IF NOT EXISTS timers_state ON timers (state, ends_ms);
"""


class StoreError(GlassesError):
    """The day database cannot be used (corrupt, locked, newer schema); it is left untouched."""


def to_ms(t: datetime) -> int:
    if t.tzinfo is None:
        raise ValueError("aware datetime required")
    return int(round(t.timestamp() * 1000))


def from_ms(ms: int, like: datetime) -> datetime:
    """Epoch ms -> aware datetime in the zone of ``like``."""
    return datetime.fromtimestamp(ms / 1000, tz=like.tzinfo)


@dataclass(frozen=True, slots=True)
class Timer:
    id: int
    name: str
    duration_s: int
    started_ms: int
    ends_ms: int
    state: str
    last_alarm_ms: int | None
    alarms: int
    paused_ms: int | None = None   # session-clock ms when paused (state "paused")

    def left_ms(self, now_ms: int) -> int:
        """Milliseconds still to run (frozen while paused)."""
        return max(0, self.ends_ms - (self.paused_ms if self.state == "paused" and self.paused_ms is not None
                                      else now_ms))


@dataclass(frozen=True, slots=True)
class Reminder:
    id: int
    text: str
    due_ms: int
    created_ms: int
    state: str
    spoken_ms: int | None
    late: bool


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    source: str
    title: str
    body: str
    received_ms: int
    read_ms: int | None


class DayStore:
    """One connection, guarded by a lock (the assistant may call from several threads)."""

    def __init__(self, path: Path | str, busy_timeout_s: float = 2.0) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        if str(path) != ":memory:":
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the day database ({exc.strerror})",
                                 where=str(self.path.parent)) from None
        try:
            self.db = sqlite3.connect(str(path), timeout=busy_timeout_s, check_same_thread=False,
                                      isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            self.db.execute("PRAGMA busy_timeout = %d" % int(busy_timeout_s * 1000))
            check = self.db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise StoreError(f"the day database is damaged (integrity check: {check[0] if check else 'no answer'}); "
                                 "it was left as it is: move it away to start a new one", where=str(self.path))
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"the day database was made by a newer version (schema {version}); "
                                 "it was left as it is", where=str(self.path))
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal" and str(path) != ":memory:":
                raise StoreError(f"cannot switch the day database to WAL mode (got {mode})", where=str(self.path))
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                with self._tx():
                    if version == 1:  # schema 2: timers can be paused
                        self.db.execute("ALTER TABLE timers ADD COLUMN paused_ms INTEGER")
                    for stmt in _statements(_SCHEMA):
                        self.db.execute(stmt)
                    self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except StoreError:
            self.db.close()
            raise
        except sqlite3.Error as exc:
            self.db.close()
            raise self._error(exc) from None

    # --- plumbing ---------------------------------------------------------------------------
    def _error(self, exc: sqlite3.Error) -> StoreError:
        msg = str(exc)
        if "locked" in msg or "busy" in msg:
            return StoreError(f"the day database is locked by another program ({msg}); close it and try again",
                              where=str(self.path))
        if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
            return StoreError(f"the day database is damaged or not a database ({msg}); it was left as it is: "
                              "move it away to start a new one", where=str(self.path))
        return StoreError(f"day database error: {msg}", where=str(self.path))

    class _Tx:
        def __init__(self, store: "DayStore") -> None:
            self.store = store

        def __enter__(self):
            self.store._lock.acquire()
            try:
                self.store.db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                self.store._lock.release()
                raise self.store._error(exc) from None
            return self.store.db

        def __exit__(self, exc_type, exc, tb):
            try:
                if exc_type is None:
                    try:
                        self.store.db.execute("COMMIT")
                    except sqlite3.Error as err:
                        self.store.db.execute("ROLLBACK")
                        raise self.store._error(err) from None
                else:
                    try:
                        self.store.db.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                    if isinstance(exc, sqlite3.Error):
                        raise self.store._error(exc) from None
            finally:
                self.store._lock.release()
            return False

    def _tx(self) -> "DayStore._Tx":
        return DayStore._Tx(self)

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self.db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise self._error(exc) from None

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # --- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       (key, value))

    # --- timers -----------------------------------------------------------------------------
    def add_timer(self, name: str, duration_s: int, started_ms: int) -> Timer:
        with self._tx() as db:
            cur = db.execute("INSERT INTO timers(name, duration_s, started_ms, ends_ms) VALUES (?, ?, ?, ?)",
                             (name, duration_s, started_ms, started_ms + duration_s * 1000))
            tid = cur.lastrowid
        return self.timer(tid)  # type: ignore[return-value]

    def timer(self, tid: int) -> Timer | None:
        rows = self._query("SELECT * FROM timers WHERE id = ?", (tid,))
        return Timer(*rows[0]) if rows else None

    def timers(self, states: tuple[str, ...] = ("running", "ringing")) -> list[Timer]:
        marks = ",".join("?" * len(states))
        return [Timer(*r) for r in self._query(
            f"SELECT * FROM timers WHERE state IN ({marks}) ORDER BY ends_ms, id", states)]

    def set_timer_state(self, tid: int, state: str, alarm_ms: int | None = None) -> None:
        with self._tx() as db:
            if alarm_ms is None:
                db.execute("UPDATE timers SET state = ? WHERE id = ?", (state, tid))
            else:
                db.execute("UPDATE timers SET state = ?, last_alarm_ms = ?, alarms = alarms + 1 WHERE id = ?",
                           (state, alarm_ms, tid))

    def pause_timer(self, tid: int, now_ms: int) -> None:
        with self._tx() as db:
            db.execute("UPDATE timers SET state = 'paused', paused_ms = ? WHERE id = ? AND state = 'running'",
                       (now_ms, tid))

    def resume_timer(self, tid: int, now_ms: int) -> None:
        """Running again: the end moves later by however long it was paused."""
        with self._tx() as db:
            db.execute("UPDATE timers SET state = 'running', ends_ms = ends_ms + (? - paused_ms), paused_ms = NULL "
                       "WHERE id = ? AND state = 'paused'", (now_ms, tid))

    def shift_timer(self, tid: int, delta_ms: int) -> None:
        """Add (or with a negative delta take) time; a ringing timer that gets time runs again."""
        with self._tx() as db:
            db.execute("UPDATE timers SET ends_ms = ends_ms + ?, state = CASE WHEN state = 'ringing' "
                       "THEN 'running' ELSE state END, last_alarm_ms = NULL WHERE id = ?", (delta_ms, tid))

    # --- reminders --------------------------------------------------------------------------
    def add_reminder(self, text: str, due_ms: int, created_ms: int) -> Reminder:
        with self._tx() as db:
            rid = db.execute("INSERT INTO reminders(text, due_ms, created_ms) VALUES (?, ?, ?)",
                             (text, due_ms, created_ms)).lastrowid
        return self.reminders_where("id = ?", (rid,))[0]

    def reminders_where(self, where: str, args: tuple = ()) -> list[Reminder]:
        return [Reminder(*r[:6], bool(r[6])) for r in self._query(
            f"SELECT * FROM reminders WHERE {where} ORDER BY due_ms, id", args)]

    def pending_reminders(self) -> list[Reminder]:
        return self.reminders_where("state = 'pending'")

    def due_reminders(self, now_ms: int) -> list[Reminder]:
        return self.reminders_where("state = 'pending' AND due_ms <= ?", (now_ms,))

    def mark_reminder(self, rid: int, state: str, spoken_ms: int | None = None, late: bool = False) -> None:
        with self._tx() as db:
            db.execute("UPDATE reminders SET state = ?, spoken_ms = ?, late = ? WHERE id = ?",
                       (state, spoken_ms, int(late), rid))

    # --- lists ------------------------------------------------------------------------------
    def add_item(self, list_name: str, item: str, added_ms: int) -> bool:
        """True when added, False when it was already there."""
        with self._tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO list_items(list, item, added_ms) VALUES (?, ?, ?)",
                             (list_name, item, added_ms))
            return cur.rowcount > 0

    def items(self, list_name: str) -> list[str]:
        return [r[0] for r in self._query("SELECT item FROM list_items WHERE list = ? ORDER BY added_ms, id",
                                          (list_name,))]

    def remove_item(self, list_name: str, item: str) -> bool:
        with self._tx() as db:
            return db.execute("DELETE FROM list_items WHERE list = ? AND item = ?", (list_name, item)).rowcount > 0

    def clear_list(self, list_name: str) -> int:
        with self._tx() as db:
            return db.execute("DELETE FROM list_items WHERE list = ?", (list_name,)).rowcount

    def list_names(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT list FROM list_items ORDER BY list")]

    # --- notifications ----------------------------------------------------------------------
    def add_notification(self, source: str, title: str, body: str, received_ms: int, file_key: str | None) -> bool:
        with self._tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO notifications(source, title, body, received_ms, file_key) "
                             "VALUES (?, ?, ?, ?, ?)", (source, title, body, received_ms, file_key))
            return cur.rowcount > 0

    def prune_notifications(self, before_ms: int) -> int:
        """Delete notifications received before ``before_ms``; returns how many."""
        with self._tx() as db:
            return db.execute("DELETE FROM notifications WHERE received_ms < ?", (before_ms,)).rowcount

    def unread_notifications(self) -> list[Notification]:
        return [Notification(*r[:6]) for r in self._query(
            "SELECT * FROM notifications WHERE read_ms IS NULL ORDER BY received_ms, id")]

    def mark_read(self, ids: list[int], read_ms: int) -> None:
        with self._tx() as db:
            db.executemany("UPDATE notifications SET read_ms = ? WHERE id = ?", [(read_ms, i) for i in ids])


def _statements(script: str) -> Iterator[str]:
    for stmt in script.split(";"):
        lines = [ln.split("--", 1)[0] for ln in stmt.splitlines()]
        text = "\n".join(lines).strip()
        if text:
            yield text

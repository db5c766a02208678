"""The wearer's notes in one SQLite file with an FTS5 index (standard library sqlite3).

A note has its text, when it was made (aware time, stored as epoch ms plus the ISO text with
its zone, so an answer can say "on Tuesday at 9:40" in the zone it was made in), where (a place
name and/or lat/lon), and its source: ``said`` (the wearer dictated it) or ``seen`` (from the
camera: ``kind`` ocr, barcode or product). Search is FTS5 (porter stemming) over the question's
content words expanded with glasses.memory.expand, ranked by bm25, newest first on ties; the
choice against sentence embeddings is measured in docs/memory.md.

Every write commits at once (WAL, synchronous=FULL), so a note confirmed to the wearer is there
for the next process. A damaged or foreign file raises MemoryStoreError in one line and is left
as it is.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from glasses.errors import GlassesError
import numpy as np

from glasses.memory.expand import content_words, expand, fts_match

SCHEMA_VERSION = 1
SOURCES = ("said", "seen")
KINDS = ("", "ocr", "barcode", "product")
MAX_NOTE_CHARS = 2_000
MAX_QUESTION_CHARS = 1_000
SYNONYM_WEIGHT = 0.4
MIN_SIMILARITY = 0.25   # cosine below which a note does not answer a question at all (docs/memory.md)
SURE_SIMILARITY = 0.40  # cosine from which an answer is given without a hedge

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    text TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('said', 'seen')),
    kind TEXT NOT NULL DEFAULT '',
    made_ms INTEGER NOT NULL,
    made TEXT NOT NULL,                 -- ISO 8601 with the zone it was made in
    place TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL
);
CREATE INDEX IF NOT EXISTS notes_made ON notes (made_ms);
CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5(
    text, place, content='notes', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS notes_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, text, place) VALUES (new.id, new.text, new.place);
END;
CREATE TABLE IF NOT EXISTS vectors (
    note_id INTEGER PRIMARY KEY REFERENCES notes (id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vec BLOB NOT NULL,                  -- the text's embedding: float32, unit length
    place_vec BLOB                      -- the place name's, when the note has one
);
CREATE TRIGGER IF NOT EXISTS notes_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text, place) VALUES ('delete', old.id, old.text, old.place);
END;
"""


@dataclass(frozen=True, slots=True)
class Hit:
    note: Note
    score: float            # cosine similarity (embeddings) or weighted bm25 (FTS5); higher is better
    sure: bool              # a strong match; a weak one is offered with a hedge


class Embedder(Protocol):
    model_id: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


class MemoryStoreError(GlassesError):
    """The memory database cannot be used (damaged, locked, newer); it is left untouched."""


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    text: str
    made: datetime                  # aware, in the zone it was made in
    source: str = "said"            # said | seen
    kind: str = ""                  # seen: ocr | barcode | product
    place: str = ""                 # a spoken place name ("Kauppatori"), or ""
    lat: float | None = None
    lon: float | None = None


def fts5_available() -> bool:
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
        con.close()
        return True
    except sqlite3.Error:
        return False


class MemoryStore:
    """One connection guarded by a lock; every call is its own committed transaction."""

    def __init__(self, path: Path | str, embedder: Embedder | None = None, min_similarity: float = MIN_SIMILARITY,
                 sure_similarity: float = SURE_SIMILARITY, busy_timeout_s: float = 2.0) -> None:
        self.path = Path(path)
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.sure_similarity = sure_similarity
        self._cache: tuple | None = None     # ((data_version, total_changes), vectors) of the last search
        self._lock = threading.RLock()
        if str(path) != ":memory:":
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                if not self.path.exists():      # private from the start: SQLite gives -wal/-shm the same mode
                    os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
                    os.chmod(self.path, 0o600)
            except OSError as exc:
                raise MemoryStoreError(f"cannot create the memory database ({exc.strerror})",
                                       where=str(self.path)) from None
        try:
            self.db = sqlite3.connect(str(path), timeout=busy_timeout_s, check_same_thread=False,
                                      isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            check = self.db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise MemoryStoreError("the memory database is damaged; it was left as it is: move it away "
                                       "to start a new one", where=str(self.path))
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise MemoryStoreError(f"the memory database was made by a newer version (schema {version}); "
                                       "it was left as it is", where=str(self.path))
            if str(path) != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                self.db.executescript(_SCHEMA)     # every statement is IF NOT EXISTS: safe to repeat
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except MemoryStoreError:
            self.db.close()
            raise
        except sqlite3.Error as exc:
            self.db.close()
            if "fts5" in str(exc).lower():
                raise MemoryStoreError("this Python's SQLite has no FTS5 full-text search", where=str(self.path)) from None
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> MemoryStoreError:
        msg = str(exc)
        if "locked" in msg or "busy" in msg:
            return MemoryStoreError(f"the memory database is locked by another program ({msg})", where=str(self.path))
        if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
            return MemoryStoreError(f"the memory database is damaged or not a database ({msg}); it was left as "
                                    "it is: move it away to start a new one", where=str(self.path))
        return MemoryStoreError(f"memory database error: {msg}", where=str(self.path))

    def _run(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self.db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise self._error(exc) from None

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # --- writing -----------------------------------------------------------------------------
    def remember(self, text: str, made: datetime, source: str = "said", kind: str = "", place: str = "",
                 lat: float | None = None, lon: float | None = None) -> Note:
        text = " ".join(str(text).split())[:MAX_NOTE_CHARS]
        if not text:
            raise ValueError("a note needs some text")
        if made.tzinfo is None:
            raise ValueError("a note's time needs a time zone")
        if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)):
            raise ValueError(f"give lat (-90..90) and lon (-180..180) together, got {lat!r}, {lon!r}")
        if source not in SOURCES or kind not in KINDS:
            raise ValueError(f"source must be one of {SOURCES} and kind one of {KINDS}")
        ms = int(round(made.timestamp() * 1000))
        with self._lock:
            try:
                cur = self.db.execute(
                    "INSERT INTO notes (text, source, kind, made_ms, made, place, lat, lon) VALUES (?,?,?,?,?,?,?,?)",
                    (text, source, kind, ms, made.isoformat(timespec="seconds"), place.strip()[:200], lat, lon))
            except sqlite3.Error as exc:
                raise self._error(exc) from None
            note = self.get(int(cur.lastrowid))
        if self.embedder is not None:
            self._store_vectors([(note.id, note.text, note.place)])
        return note

    def forget_last(self) -> Note | None:
        """Delete the newest note; returns it (None when there is none)."""
        with self._lock:
            note = self.last()
            if note is not None:
                self._run("DELETE FROM notes WHERE id = ?", (note.id,))
            return note

    def forget_since(self, since: datetime) -> int:
        """Delete every note made at or after ``since``; returns how many."""
        ms = int(round(since.timestamp() * 1000))
        with self._lock:
            try:
                return int(self.db.execute("DELETE FROM notes WHERE made_ms >= ?", (ms,)).rowcount)
            except sqlite3.Error as exc:
                raise self._error(exc) from None

    # --- reading -----------------------------------------------------------------------------
    _COLS = "id, text, made, source, kind, place, lat, lon"

    @staticmethod
    def _note(row: tuple) -> Note:
        return Note(id=row[0], text=row[1], made=datetime.fromisoformat(row[2]), source=row[3], kind=row[4],
                    place=row[5], lat=row[6], lon=row[7])

    def get(self, note_id: int) -> Note:
        rows = self._run(f"SELECT {self._COLS} FROM notes WHERE id = ?", (note_id,))
        if not rows:
            raise KeyError(note_id)
        return self._note(rows[0])

    def last(self) -> Note | None:
        rows = self._run(f"SELECT {self._COLS} FROM notes ORDER BY made_ms DESC, id DESC LIMIT 1")
        return self._note(rows[0]) if rows else None

    def count(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM notes")[0][0])

    def all(self) -> list[Note]:
        return [self._note(r) for r in self._run(f"SELECT {self._COLS} FROM notes ORDER BY made_ms, id")]

    def search(self, question: str, limit: int = 3, synonyms: bool = True) -> list[Hit]:
        """Notes that may answer ``question``, best first: by sentence embeddings when the store
        has an embedder, else by FTS5 (``search_fts``). ``Hit.sure`` is False for a weak match."""
        question = str(question)[:MAX_QUESTION_CHARS]
        if self.embedder is not None:
            return [Hit(note, sim, sim >= self.sure_similarity) for note, sim in self.search_vectors(question, limit)]
        return [Hit(self.get(nid), score, own) for nid, score, own in self.search_fts(question, limit, synonyms)]

    def search_fts(self, question: str, limit: int = 10, synonyms: bool = True) -> list[tuple[int, float, bool]]:
        """(note id, score, matched the question's own words) best first, by FTS5 bm25: the
        question's own words count fully, words from the synonym table at ``SYNONYM_WEIGHT``."""
        own = content_words(str(question)[:MAX_QUESTION_CHARS])
        score: dict[int, float] = {}
        by_own: set[int] = set()
        parts = [(own, 1.0)]
        if synonyms:
            parts.append(([t for t in expand(question) if t not in own], SYNONYM_WEIGHT))
        for i, (terms, weight) in enumerate(parts):
            match = fts_match(terms)
            if match is None:
                continue
            for nid, bm25 in self._run("SELECT rowid, bm25(notes_fts, 1.0, 0.5) FROM notes_fts "
                                       "WHERE notes_fts MATCH ?", (match,)):
                score[int(nid)] = score.get(int(nid), 0.0) - weight * float(bm25)   # bm25: lower is better
                if i == 0:
                    by_own.add(int(nid))
        newest = {nid: ms for nid, ms in self._run("SELECT id, made_ms FROM notes")} if score else {}
        ranked = sorted(score, key=lambda n: (-score[n], -newest.get(n, 0)))
        return [(n, score[n], n in by_own) for n in ranked[:limit]]

    # --- embeddings --------------------------------------------------------------------------
    def _store_vectors(self, notes: list[tuple[int, str, str]]) -> dict[int, tuple[np.ndarray, np.ndarray | None]]:
        """Embed and keep (text vector, place vector or None) for each (id, text, place)."""
        assert self.embedder is not None
        if not notes:
            return {}
        texts = _embed_in_batches(self.embedder, [t for _n, t, _p in notes])
        placed = [(i, p) for i, (_n, _t, p) in enumerate(notes) if p]
        places = _embed_in_batches(self.embedder, [p for _i, p in placed]) if placed else []
        place_of = {i: v for (i, _p), v in zip(placed, places)}
        out = {}
        for i, (nid, _t, _p) in enumerate(notes):
            pv = place_of.get(i)
            out[nid] = (texts[i], pv)
            self._run("INSERT OR REPLACE INTO vectors (note_id, model, vec, place_vec) VALUES (?, ?, ?, ?)",
                      (nid, self.embedder.model_id, texts[i].astype(np.float32).tobytes(),
                       None if pv is None else pv.astype(np.float32).tobytes()))
        return out

    def _vectors(self) -> tuple[list[int], np.ndarray, np.ndarray]:
        """Every note's text and place vectors (a note with no place has a zero place vector).
        Notes with no vector yet, or one of another model, are embedded now."""
        assert self.embedder is not None
        with self._lock:
            key = (self._run("PRAGMA data_version")[0][0], self.db.total_changes)   # any write, here or elsewhere
            if self._cache is not None and self._cache[0] == key:
                return self._cache[1]
            found = self._load_vectors()
            self._cache = ((self._run("PRAGMA data_version")[0][0], self.db.total_changes), found)
            return found

    def _load_vectors(self) -> tuple[list[int], np.ndarray, np.ndarray]:
        assert self.embedder is not None
        rows = self._run("SELECT n.id, n.text, n.place, v.vec, v.place_vec FROM notes n LEFT JOIN vectors v "
                         "ON v.note_id = n.id AND v.model = ? ORDER BY n.id", (self.embedder.model_id,))
        fresh = self._store_vectors([(nid, text, place) for nid, text, place, vec, _pv in rows if vec is None])
        ids, texts, places = [], [], []
        for nid, _t, _p, vec, pvec in rows:
            if vec is None:
                tv, pv = fresh[nid]
            else:
                tv = np.frombuffer(vec, dtype=np.float32)
                pv = None if pvec is None else np.frombuffer(pvec, dtype=np.float32)
            ids.append(int(nid))
            texts.append(tv)
            places.append(np.zeros_like(tv) if pv is None else pv)
        if not ids:
            return [], np.zeros((0, 1), np.float32), np.zeros((0, 1), np.float32)
        return ids, np.stack(texts), np.stack(places)

    def search_vectors(self, question: str, limit: int = 3) -> list[tuple[Note, float]]:
        """(note, similarity) best first, only those at or above ``min_similarity``. A note's
        similarity is the better of its text's and its place name's ("what did I see at the pharmacy")."""
        with self._lock:
            ids, texts, places = self._vectors()
            if not ids:
                return []
            q = self.embedder.embed([question])[0]
            sims = np.maximum(texts @ q, places @ q)
            order = np.argsort(-sims, kind="stable")[:limit]
            return [(self.get(ids[i]), float(sims[i])) for i in order if sims[i] >= self.min_similarity]


def _embed_in_batches(embedder: Embedder, texts: list[str], size: int = 64) -> np.ndarray:
    """Embeddings of many texts, ``size`` at a time (a batch is padded to its longest text)."""
    return np.concatenate([embedder.embed(texts[i:i + size]) for i in range(0, len(texts), size)])

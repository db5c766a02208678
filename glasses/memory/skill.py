"""The memory skill: "remember that ...", "remember this" (what the camera sees), questions about
what was noted ("where did I park", "what was the wifi password on that sign"), "forget that",
"forget everything from today". The notes are one SQLite file (glasses/memory/store.py), so a
note made in one process answers a question in the next; every answer says when (and, with a
position fix, where) it was noted (glasses/memory/answers.py).

"Remember this" is a look: each frame is read on the assistant's worker (text by PP-OCR, barcodes
by zxing-cpp) until one shows something, and the note is what it showed, with the time and the
last position fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np

from glasses.events import Intent
from glasses.memory.answers import ForgetLast, ForgetToday, Recall, Remember, reply
from glasses.memory.cards import MemoryCard
from glasses.memory.store import MemoryStore
from glasses.skills.base import Context, ForgetsLast, Reply

INTENTS = ("remember_note", "remember_this", "recall", "forget_last", "forget_today")


@dataclass(frozen=True, slots=True)
class Seen:
    """What a frame showed, as a note: kind ocr | barcode | product."""

    text: str
    kind: str


class MemorySkill:
    intents = INTENTS
    examples = ("remember that I parked on level three", "where did I park")

    def __init__(self, store: Callable[[], MemoryStore],
                 read: Callable[[np.ndarray], Seen | None] | None = None,
                 place_name: Callable[[float, float], str] = lambda lat, lon: "",
                 others: Callable[[], Iterable[ForgetsLast]] = tuple) -> None:
        """store: opens the notes (once, at the first use or ``warm``); read: what a frame shows;
        place_name: a position's name ("" when none), for "noted near Kauppatori"; others: what
        else "forget that" may mean (the engine's conversation), asked at call time."""
        self._place_name = place_name
        self._others = others
        self._open = store
        self._store: MemoryStore | None = None
        self.read = read
        self._fix: Any = None

    @property
    def store(self) -> MemoryStore:
        if self._store is None:
            self._store = self._open()
        return self._store

    def warm(self, ctx: Context) -> None:
        self.store.search("warm up", limit=1)   # loads the embedding model before listening

    def locate(self, fix: Any, ctx: Context) -> Iterable[Any]:
        self._fix = fix              # where a note is made; nothing is said
        return ()

    def _where(self) -> dict:
        fix = self._fix
        if fix is None:
            return {}
        return {"lat": round(fix.lat, 6), "lon": round(fix.lon, 6), "place": self._place_name(fix.lat, fix.lon)}

    # --- "remember this": a look ----------------------------------------------------------------
    def needs_camera(self, intent: Intent) -> bool:
        return intent.name == "remember_this" and self.read is not None

    def see(self, bgr: np.ndarray) -> Seen | None:
        return self.read(bgr) if self.read is not None else None

    def answer(self, intent: Intent, sighting: Any, frames_seen: int, ctx: Context) -> Reply:
        if not isinstance(sighting, Seen):
            return Reply("I couldn't make out any text or barcode to remember. Hold it closer and ask again.")
        return self._reply(Remember(sighting.text, source="seen", kind=sighting.kind, **self._where()), ctx)

    # --- the Skill protocol ---------------------------------------------------------------------
    def handle(self, intent: Intent, ctx: Context) -> Reply:
        s = dict(intent.slots)
        if intent.name == "remember_note":
            return self._reply(Remember(s.get("note", ""), **self._where()), ctx)
        if intent.name == "remember_this":
            return Reply("I need the camera for that, and I can't read with it here.")
        if intent.name == "recall":
            return self._reply(Recall(f"{s.get('ask', '')} {s.get('question', '')}".strip()), ctx)
        if intent.name == "forget_last":
            other = self._said_after_the_last_note(ctx)
            return other.forget_last(ctx) if other is not None else self._reply(ForgetLast(), ctx)
        if intent.name == "forget_today":
            return self._reply(ForgetToday(), ctx)
        return Reply("I can't do that with my notes.")

    def _said_after_the_last_note(self, ctx: Context) -> ForgetsLast | None:
        """The skill whose last addition ("forget that" right after an answer) is newer than the
        last note, or None: then "forget that" forgets the note."""
        note = self.store.last()
        note_age_ms = (ctx.now - note.made).total_seconds() * 1000 if note is not None else float("inf")
        newest, age = None, note_age_ms
        for other in self._others():
            kept = other.last_kept_ms(ctx)
            if kept is not None and ctx.t_ms - kept < age:
                newest, age = other, ctx.t_ms - kept
        return newest

    def _reply(self, request: Any, ctx: Context) -> Reply:
        said = reply(request, self.store, ctx.now)
        note = self.store.last() if isinstance(request, Remember) else None
        if isinstance(request, Recall):
            hits = self.store.search(request.question, limit=1) if not said.startswith(("I don't", "What")) else []
            note = hits[0].note if hits else None
        if note is None:
            return Reply(said, MemoryCard(title="Notes", lines=(said,)))
        place = note.place or (f"{note.lat:.5f}, {note.lon:.5f}" if note.lat is not None else None)
        return Reply(said, MemoryCard(title="Noted" if isinstance(request, Remember) else "You noted",
                                      lines=(note.text[:120],), noted=note.made.isoformat(timespec="seconds"),
                                      place=place))

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None



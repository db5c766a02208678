"""What the assistant says for memory requests (pure but for the store it is handed).

``reply(request, store, now)`` turns a parsed request (remember some text, recall by a
question, forget the last note, forget today's notes) into the spoken reply and does what it
says; ``spoken_note(note, now)`` is the sentence that tells when and where a note was made:
"On Tuesday at nine forty near Kauppatori you noted: you parked on level three, bay 42."
Only a confident parse should reach ``reply`` with a forget request (the caller asks on a near miss).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from glasses.limits import clip_for_speech
from glasses.memory.store import MemoryStore, Note
from glasses.skills.spoken import clock, count, date_words

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Remember:
    text: str
    source: str = "said"          # said | seen
    kind: str = ""                # seen: ocr | barcode | product
    place: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Recall:
    question: str


@dataclass(frozen=True, slots=True)
class ForgetLast:
    pass


@dataclass(frozen=True, slots=True)
class ForgetToday:
    pass


Request = Remember | Recall | ForgetLast | ForgetToday

_SWAP = {"i": "you", "i'm": "you're", "i've": "you've", "i'll": "you'll", "i'd": "you'd", "me": "you",
         "my": "your", "mine": "yours", "myself": "yourself", "am": "are", "we": "you", "our": "your", "us": "you"}
_TOKEN = re.compile(r"[A-Za-z']+|[^A-Za-z']+")


def you_form(text: str) -> str:
    """The wearer's words said back to them: "I parked my car" -> "you parked your car"."""
    out = []
    for tok in _TOKEN.findall(text):
        low = tok.lower()
        out.append(_SWAP.get(low, tok) if low in _SWAP else tok)
    return "".join(out)


def when_said(made: datetime, now: datetime) -> str:
    """ "Today at nine forty", "Yesterday at noon", "On Tuesday at ...", "On Tuesday the third of
    March at ...", with the year when it is not this year. The day is reckoned where ``now`` is."""
    t = made.astimezone(now.tzinfo) if now.tzinfo else made
    days = (now.date() - t.date()).days
    at = f"at {clock(t)}"
    if days == 0:
        return f"Today {at}"
    if days == 1:
        return f"Yesterday {at}"
    if 1 < days < 7:
        return f"On {WEEKDAYS[t.weekday()]} {at}"
    return f"On {date_words(t.date(), year=t.year != now.year)} {at}"


def spoken_note(note: Note, now: datetime) -> str:
    """When and where a note was made, then the note."""
    where = f" near {note.place}" if note.place else ""
    head = f"{when_said(note.made, now)}{where}"
    text = note.text.strip().rstrip(".")
    if note.source == "seen":
        what = {"ocr": f"you saw a sign that said: {text}", "barcode": f"you scanned the barcode {text}",
                "product": f"you looked at {text}"}.get(note.kind, f"you saw: {text}")
    else:
        what = f"you noted: {you_form(text)}"
    return clip_for_speech(f"{head} {what}.")


def reply(request: Request, store: MemoryStore, now: datetime) -> str:
    """Do what the request asks and say so."""
    if isinstance(request, Remember):
        text = " ".join(request.text.split())
        if not text:
            return "There's nothing to remember." if request.source == "seen" else "What should I remember?"
        note = store.remember(text, now, source=request.source, kind=request.kind, place=request.place,
                              lat=request.lat, lon=request.lon)
        if note.source == "seen":
            return clip_for_speech(f"OK, I'll remember what you're looking at: {note.text.rstrip('.')}.")
        return clip_for_speech(f"OK, I'll remember that {you_form(note.text).rstrip('.')}.")
    if isinstance(request, Recall):
        if not request.question.strip():
            return "What should I look for?"
        hits = store.search(request.question, limit=3)
        if not hits:
            return "I don't remember anything about that."
        best = hits[0]
        sentence = spoken_note(best.note, now)
        if not best.sure:
            return clip_for_speech(f"I'm not sure, but the closest thing I have: {sentence}")
        others = [h for h in hits[1:] if h.sure]
        if others:
            sentence += f" I have {count(len(others), 'more note')} that may be about it."
        return clip_for_speech(sentence)
    if isinstance(request, ForgetLast):
        note = store.forget_last()
        if note is None:
            return "There's nothing to forget."
        return clip_for_speech(f"Forgotten: {you_form(note.text).rstrip('.')}.")
    if isinstance(request, ForgetToday):
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        n = store.forget_since(midnight)
        if n == 0:
            return "There was nothing from today to forget."
        return f"I forgot {count(n, 'note')} from today."
    raise TypeError(f"not a memory request: {request!r}")

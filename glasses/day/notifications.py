"""The local notification inbox: other programs on the device drop a JSON file into a
folder, or POST one to a small HTTP endpoint bound to 127.0.0.1 (``inbox_server``, which
writes the same kind of file). ``ingest`` moves each file into the database and then into ``done/``;
a file that is not a notification goes to ``rejected/`` with one warning line.

A notification file: {"title": "Anna", "body": "Running ten minutes late", "source": "messages"}
(title or body is required; source is optional).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from pathlib import Path

from glasses.skills import spoken
from glasses.day.store import DayStore, Notification
from glasses.skills.base import Reply
from glasses.day.cards import NotificationsCard

log = logging.getLogger("glasses.day")
MAX_BYTES = 64 * 1024
MAX_PER_INGEST = 200   # files read in one pass; the rest wait for the next one


def validate(obj: object) -> dict[str, str]:
    """The notification fields, or ValueError saying what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    out = {}
    for key in ("source", "title", "body"):
        value = obj.get(key, "")
        if not isinstance(value, str):
            raise ValueError(f"'{key}' must be text")
        out[key] = " ".join(value.split())[:500]
    if not out["title"] and not out["body"]:
        raise ValueError("needs a 'title' or a 'body'")
    return out


def write_file(inbox: Path, fields: dict[str, str]) -> Path:
    """Drop a notification into the inbox atomically (what the HTTP endpoint does)."""
    inbox.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.json"
    tmp = inbox / f".{name}.tmp"
    tmp.write_text(json.dumps(fields), encoding="utf-8")
    os.replace(tmp, inbox / name)
    return inbox / name


def ingest(inbox: Path, store: DayStore, now_ms: int) -> int:
    """Move every *.json in ``inbox`` into the store; returns how many were new."""
    try:
        entries = sorted(p for p in inbox.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
    except OSError:
        return 0
    added = 0
    for path in entries[:MAX_PER_INGEST]:
        try:
            st = path.stat()
            raw = path.read_bytes()
            if len(raw) > MAX_BYTES:
                raise ValueError("too large")
            fields = validate(json.loads(raw))
        except OSError:
            continue
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            why = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
            log.warning("notification %s: rejected (%s)", path.name, why)
            _move(path, inbox / "rejected")
            continue
        key = f"{path.name}:{st.st_size}:{st.st_mtime_ns}"
        if store.add_notification(fields["source"], fields["title"], fields["body"], now_ms, key):
            added += 1
        _move(path, inbox / "done")
    return added


def prune(inbox: Path, store: DayStore, now_ms: int, keep_days: int) -> int:
    """Forget notifications received more than ``keep_days`` ago: their rows, and their files
    in ``done/`` and ``rejected/``. Returns how many rows went."""
    cutoff_ms = now_ms - keep_days * 86_400_000
    removed = store.prune_notifications(cutoff_ms)
    for folder in (inbox / "done", inbox / "rejected"):
        try:
            old = [p for p in folder.iterdir() if p.is_file() and p.stat().st_mtime * 1000 < cutoff_ms]
        except OSError:
            continue
        for p in old:
            try:
                p.unlink()
            except OSError as exc:
                log.warning("notification %s: could not remove it (%s)", p.name, exc.strerror)
    return removed


def _move(path: Path, folder: Path) -> None:
    try:
        folder.mkdir(exist_ok=True)
        os.replace(path, folder / path.name)
    except OSError as exc:
        log.warning("notification %s: could not move it (%s)", path.name, exc.strerror)


def _said(n: Notification) -> str:
    who = n.title or n.source or "a notification"
    if n.source and n.title and n.source.lower() not in n.title.lower():
        who = f"{n.title} on {n.source}"
    return f"{who}: {n.body}" if n.body else who


def read_reply(unread: list[Notification], limit: int = 5) -> Reply:
    if not unread:
        return Reply("You have no new notifications.", NotificationsCard(title="Notifications",
                                                        lines=["none"]))
    spoken_ones = unread[:limit]
    text = f"You have {spoken.count(len(unread), 'new notification')}. " + " ".join(
        spoken.sentence(_said(n)) for n in spoken_ones)
    if len(unread) > limit:
        text += f" And {spoken.count(len(unread) - limit, 'more')}.".replace("mores", "more")
    return Reply(text, NotificationsCard(title="Notifications",
                        lines=[_said(n) for n in unread]))

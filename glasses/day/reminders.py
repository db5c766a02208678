"""Reminders: what to say when one is set, listed, cancelled or due. Pure."""

from __future__ import annotations

from datetime import datetime

from glasses.skills import spoken
from glasses.day.store import Reminder, from_ms
from glasses.skills.base import Reply
from glasses.day.cards import ReminderCard


def about(text: str) -> str:
    """ "call my mum" -> "to call your mum"; "the meeting" -> "about the meeting"."""
    said = spoken.you_form(text)
    if not said:
        return ""
    first = said.split()[0]
    if first in ("about", "that", "of"):
        return said
    if first in ("the", "a", "an", "your", "my") or said.endswith(("appointment", "meeting", "birthday")):
        return "about " + said
    return "to " + said


def set_reply(r: Reminder, now: datetime) -> Reply:
    due = from_ms(r.due_ms, now)
    what = about(r.text)
    when = spoken.when_phrase(due, now)
    if (due - now).total_seconds() < 3600 * 2 and due.date() == now.date() and (due - now).total_seconds() > 0:
        when = f"in {spoken.duration((due - now).total_seconds(), approximate=True)}"
    text = f"OK, I'll remind you {what} {when}." if what else f"OK, I'll remind you {when}."
    return Reply(text, ReminderCard(title="Reminder set",
                        lines=[f"{due.strftime('%a %H:%M')}  {r.text or 'reminder'}"], due_at_ms=r.due_ms))


def past_reply(due: datetime, now: datetime) -> Reply:
    return Reply(f"{spoken.sentence(spoken.when_phrase(due, now))[:-1]} has already passed. When should I remind you?")


def list_reply(reminders: list[Reminder], now: datetime) -> Reply:
    if not reminders:
        return Reply("You have no reminders.", ReminderCard(title="Reminders", lines=["none"]))
    phrases = [f"{about(r.text) or 'a reminder'} {spoken.when_phrase(from_ms(r.due_ms, now), now)}"
               for r in reminders[:4]]
    more = len(reminders) - len(phrases)
    text = f"You have {spoken.count(len(reminders), 'reminder')}: " + "; ".join(phrases)
    if more:
        text += f"; and {spoken.count(more, 'more')}".replace("mores", "more")
    lines = [f"{from_ms(r.due_ms, now).strftime('%a %H:%M')}  {r.text or 'reminder'}" for r in reminders]
    return Reply(text + ".", ReminderCard(title="Reminders", lines=lines))


def find(reminders: list[Reminder], words: str) -> list[Reminder]:
    """Reminders whose text shares the spoken words (all of them first, then any)."""
    wanted = {w for w in words.lower().split() if w not in ("to", "the", "a", "my", "about")}
    if not wanted:
        return list(reminders)
    full = [r for r in reminders if wanted <= set(r.text.lower().split())]
    if full:
        return full
    return [r for r in reminders if wanted & set(r.text.lower().split())]


def due_text(r: Reminder, now: datetime, late: bool) -> str:
    what = spoken.you_form(r.text) or "you asked me to remind you now"
    if late:
        due = from_ms(r.due_ms, now)
        return f"You missed a reminder {spoken.when_phrase(due, now)}: {what}."
    return f"Reminder: {what}."

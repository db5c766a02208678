"""Reminders and lists: set_reminder, list_reminders, cancel_reminder, and add_to_list,
remove_from_list, read_list, clear_list. Each class hands the day skill one handler per intent;
every moment comes from the ``now`` it is given."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from glasses.day import lists, reminders
from glasses.day.normalize import list_items
from glasses.day.store import DayStore, from_ms, to_ms
from glasses.day.timeexpr import TooFarAhead, resolve_when
from glasses.events import Intent
from glasses.skills import spoken
from glasses.skills.base import Meaning, Reply


class ReminderAnswers:
    def __init__(self, store: DayStore) -> None:
        self.store = store

    def handlers(self) -> dict[str, Callable[[Intent, datetime], Reply]]:
        return {"set_reminder": self.set, "list_reminders": self.list, "cancel_reminder": self.cancel}

    def set(self, intent: Intent, now: datetime) -> Reply:
        when = intent.slots.get("when")
        if not when:
            return Reply("When should I remind you? Say, for example, remind me to call Anna at five.")
        try:
            due = resolve_when(when, now)
        except TooFarAhead:
            return Reply("I can only set reminders up to ten years ahead.")
        except ValueError:
            return Reply("Sorry, I didn't catch when.")
        if due <= now:
            return reminders.past_reply(due, now)
        r = self.store.add_reminder(intent.slots.get("text", ""), to_ms(due), to_ms(now))
        return reminders.set_reply(r, now)

    def list(self, intent: Intent, now: datetime) -> Reply:
        return reminders.list_reply(self.store.pending_reminders(), now)

    def cancel(self, intent: Intent, now: datetime) -> Reply:
        pending = self.store.pending_reminders()
        if not pending:
            return Reply("You have no reminders to cancel.")
        words = intent.slots.get("text", "")
        if words == "all":
            chosen = pending
        elif words:
            chosen = reminders.find(pending, words)
            if not chosen:
                return Reply(f"I couldn't find a reminder {reminders.about(words)}.")
        else:
            chosen = pending if len(pending) == 1 else []
            if not chosen:
                return Reply(f"You have {spoken.count(len(pending), 'reminder')}. Which one should I cancel?")
        if len(chosen) > 1 and words != "all":
            chosen = chosen[:1] if len({r.text for r in chosen}) == 1 else chosen
            if len(chosen) > 1:
                return Reply(f"{spoken.count(len(chosen), 'reminder').capitalize()} match. "
                             f"Say more of the reminder, or cancel all reminders.")
        for r in chosen:
            self.store.mark_reminder(r.id, "cancelled")
        if len(chosen) == 1:
            r = chosen[0]
            return Reply(f"Cancelled the reminder {reminders.about(r.text)} "
                         f"{spoken.when_phrase(from_ms(r.due_ms, now), now)}.".replace("  ", " "))
        return Reply(f"Cancelled {spoken.count(len(chosen), 'reminder')}.")


class ListAnswers:
    def __init__(self, store: DayStore) -> None:
        self.store = store

    def handlers(self) -> dict[str, Callable[[Intent, datetime], Reply]]:
        return {"add_to_list": self.add, "remove_from_list": self.remove, "read_list": self.read,
                "clear_list": self.clear}

    def _items_of(self, intent: Intent) -> list[str]:
        raw = intent.slots.get("item", "")
        return [i.strip() for i in raw.split(";") if i.strip()] if ";" in raw or raw else []

    def add(self, intent: Intent, now: datetime) -> Reply:
        name = intent.slots.get("list", "shopping")
        wanted = self._items_of(intent) or list_items(intent.slots.get("item", ""))
        if not wanted:
            return Reply(f"What should I add to your {name} list?", meaning=Meaning("add_to_list.what", {"list": name}))
        existing = self.store.items(name)
        added, present = [], []
        for item in wanted:
            if lists.present(existing, item) or not self.store.add_item(name, item, to_ms(now)):
                present.append(item)
            else:
                added.append(item)
                existing.append(item)
        return lists.added_reply(name, added, present, self.store.items(name))

    def remove(self, intent: Intent, now: datetime) -> Reply:
        name = intent.slots.get("list", "shopping")
        items = self.store.items(name)
        removed, missing = [], []
        for item in self._items_of(intent):
            hit = lists.match(items, item)
            if hit and self.store.remove_item(name, hit):
                removed.append(hit)
                items.remove(hit)
            else:
                missing.append(item)
        parts = []
        meaning = Meaning("remove_from_list.done", {
            "card_list": name,
            "removed": Meaning("remove_from_list.removed", {"items": removed, "list": name}) if removed else None,
            "missing": Meaning("remove_from_list.missing" if len(missing) == 1 else "remove_from_list.missing_many",
                               {"items": missing, "list": name}) if missing else None})
        if not removed and not missing:
            meaning = Meaning("remove_from_list.nothing", {"card_list": name})
        if removed:
            parts.append(f"Removed {spoken.join(removed)} from your {name} list.")
        if missing:
            parts.append(spoken.sentence(f"{spoken.join(missing)} {'is' if len(missing) == 1 else 'are'}n't on your {name} list"))
        return Reply(" ".join(parts) or "Nothing to remove.", lists.card(name, items), meaning=meaning)

    def read(self, intent: Intent, now: datetime) -> Reply:
        name = intent.slots.get("list", "shopping")
        return lists.read_reply(name, self.store.items(name))

    def clear(self, intent: Intent, now: datetime) -> Reply:
        name = intent.slots.get("list", "shopping")
        n = self.store.clear_list(name)
        if not n:
            return Reply(f"Your {name} list was already empty.", lists.card(name, []))
        return Reply(f"Cleared your {name} list; it had {spoken.count(n, 'item')}.", lists.card(name, []))

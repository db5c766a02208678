"""Lists (shopping, to do, packing...): matching spoken items and phrasing answers. Pure."""

from __future__ import annotations

from glasses.limits import MAX_LIST_SPOKEN
from glasses.skills import spoken
from glasses.skills.base import Meaning, Reply
from glasses.day.cards import ListCard


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _forms(word: str) -> set[str]:
    """A word and its possible singulars: "juices" -> {juices, juice, juic}."""
    forms = {word, _stem(word)}
    if word.endswith("s") and len(word) > 3:
        forms.add(word[:-1])
    return forms


def same_item(a: str, b: str) -> bool:
    """ "eggs" == "egg", "oat milk" == "Oat Milk", "apple juices" == "apple juice"."""
    wa, wb = a.lower().split(), b.lower().split()
    return len(wa) == len(wb) and all(_forms(x) & _forms(y) for x, y in zip(wa, wb))


def present(items: list[str], spoken_item: str) -> str | None:
    """The entry that IS this item (normalized: case, spacing, plurals), else None. Used for
    "already on it": "milk" is not "oat milk", "apple" is not "apple juice"."""
    for it in items:
        if same_item(it, spoken_item):
            return it
    return None


def match(items: list[str], spoken_item: str) -> str | None:
    """The list entry the wearer means when removing: same item, else the only one containing
    the words ("remove the milk" with only "oat milk" on the list)."""
    for it in items:
        if same_item(it, spoken_item):
            return it
    words = {_stem(w) for w in spoken_item.lower().split()}
    hits = [it for it in items if words <= {_stem(w) for w in it.lower().split()}]
    return hits[0] if len(hits) == 1 else None


def list_title(name: str) -> str:
    return f"{name} list"


def added_reply(list_name: str, added: list[str], present: list[str], items: list[str]) -> Reply:
    meaning = Meaning("add_to_list.done", {
        "list": list_name, "card_list": list_name,
        "added": Meaning("add_to_list.added", {"items": added, "list": list_name}) if added else None,
        "present": Meaning("add_to_list.present" if len(present) == 1 else "add_to_list.present_many",
                           {"items": present}) if present else None})
    parts = []
    if added:
        parts.append(f"Added {spoken.join(added)} to your {list_title(list_name)}.")
    if present:
        verb = "is" if len(present) == 1 else "are"
        parts.append(spoken.sentence(f"{spoken.join(present)} {verb} already on it"))
    return Reply(" ".join(parts), card(list_name, items), meaning=meaning)


def card(list_name: str, items: list[str]) -> dict:
    return ListCard(title=list_title(list_name).capitalize(), lines=items or ["(empty)"])


def read_reply(list_name: str, items: list[str]) -> Reply:
    if not items:
        return Reply(f"Your {list_title(list_name)} is empty.", card(list_name, items),
                     meaning=Meaning("read_list.empty", {"list": list_name, "card_list": list_name}))
    spoken_items = items[:MAX_LIST_SPOKEN]
    more = Meaning("read_list.more", {"count": len(items) - len(spoken_items)}) if len(items) > len(spoken_items) else None
    return Reply(f"Your {list_title(list_name)} has {spoken.count(len(items), 'item')}: {spoken.join(items, limit=MAX_LIST_SPOKEN)}.",
                 card(list_name, items),
                 meaning=Meaning("read_list.one" if len(items) == 1 else "read_list.items",
                                 {"list": list_name, "card_list": list_name, "count": len(items),
                                  "items": [*spoken_items, *([more] if more else [])]}))

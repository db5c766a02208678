"""Lists and the notification inbox (folder and 127.0.0.1 HTTP endpoint)."""

import json
import logging
import urllib.error
import urllib.request

import pytest

from dayfix import MONDAY_8AM, ask, ctx


def test_shopping_list(make_skill, parser):
    skill = make_skill()
    assert ask(skill, parser, "add oat milk to my shopping list", MONDAY_8AM).text == \
        "Added oat milk to your shopping list."
    assert ask(skill, parser, "add eggs and bread to the grocery list", MONDAY_8AM).text == \
        "Added eggs and bread to your shopping list."
    assert ask(skill, parser, "add some eggs to my shopping list", MONDAY_8AM).text == "Eggs is already on it."
    r = ask(skill, parser, "what's on my shopping list", MONDAY_8AM)
    assert r.text == "Your shopping list has three items: oat milk, eggs and bread."
    assert r.card.to_json() == {"kind": "list", "title": "Shopping list", "lines": ["oat milk", "eggs", "bread"]}
    assert ask(skill, parser, "remove egg from my shopping list", MONDAY_8AM).text == \
        "Removed eggs from your shopping list."
    assert ask(skill, parser, "put batteries on my to do list", MONDAY_8AM).text == "Added batteries to your to do list."
    assert ask(skill, parser, "clear my shopping list", MONDAY_8AM).text == \
        "Cleared your shopping list; it had two items."
    assert ask(skill, parser, "what's on my shopping list", MONDAY_8AM).text == "Your shopping list is empty."
    skill.close()
    assert make_skill().store.items("to do") == ["batteries"]


def test_inbox_folder(make_skill, parser, caplog):
    skill = make_skill()
    inbox = skill.inbox
    inbox.mkdir(parents=True)
    (inbox / "a.json").write_text(json.dumps({"source": "Messages", "title": "Anna", "body": "Running ten minutes late"}))
    (inbox / "b.json").write_text(json.dumps({"title": "Parcel delivered"}))
    (inbox / "c.json").write_text("{not json")
    caplog.set_level(logging.WARNING, logger="glasses.day")
    skill.due(ctx(MONDAY_8AM))
    assert sorted(p.name for p in (inbox / "done").iterdir()) == ["a.json", "b.json"]
    assert [p.name for p in (inbox / "rejected").iterdir()] == ["c.json"]
    assert any("notification c.json: rejected" in r.getMessage() for r in caplog.records)
    r = ask(skill, parser, "read my notifications", MONDAY_8AM)
    assert r.text == ("You have two new notifications. Anna on Messages: Running ten minutes late. "
                      "Parcel delivered.")
    assert ask(skill, parser, "read my notifications", MONDAY_8AM).text == "You have no new notifications."


def test_http_endpoint(make_skill, parser, tmp_path):
    skill = make_skill(inbox_port=0)
    assert skill.start_inbox_server() is None              # port 0 in config: no endpoint
    skill = make_skill()
    from glasses.day.inbox_server import NotificationServer
    server = NotificationServer(skill.inbox, 0, token="t" * 32)
    server.start()
    try:
        assert server._httpd.server_address[0] == "127.0.0.1"
        url = f"http://127.0.0.1:{server.port}/notify"
        auth = {"Content-Type": "application/json", "Authorization": "Bearer " + "t" * 32}
        req = urllib.request.Request(url, data=json.dumps({"source": "Calendar", "title": "Dentist moved",
                                                           "body": "Now at four"}).encode(), headers=auth)
        with urllib.request.urlopen(req, timeout=5) as resp:
            assert resp.status == 202
        bad = urllib.request.Request(url, data=b'{"title": 5}', headers=auth)
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(bad, timeout=5)
        assert info.value.code == 400
    finally:
        server.stop()
    r = ask(skill, parser, "any new notifications", MONDAY_8AM)
    assert r.text == "You have one new notification. Dentist moved on Calendar: Now at four."

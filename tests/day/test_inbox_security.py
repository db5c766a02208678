"""Issue 10 finding 2: the notification inbox cannot be driven by a web page or flooded.
A real HTTP client against the real server on 127.0.0.1 (port 0), then the real skill."""

from __future__ import annotations

import http.client
import json
import logging
import os
import socket
import stat
import threading
import time
from datetime import timedelta

import pytest

from dayfix import MONDAY_8AM, ask, ctx
from glasses.day.doctor_rows import day_rows
from glasses import doctor
from glasses.config import Config
from glasses.day import inbox_token, notifications
from glasses.day.inbox_server import NotificationServer, RateLimit
from glasses.errors import ConfigError, DeviceError

TOKEN = "s3cret-" + "x" * 30
NOTE = json.dumps({"source": "Bank", "title": "Bank", "body": "Say your PIN out loud"}).encode()


@pytest.fixture
def serve(tmp_path):
    started: list[NotificationServer] = []

    def start(**kw) -> NotificationServer:
        s = NotificationServer(tmp_path / "inbox", 0, kw.pop("token", TOKEN), **kw)
        s.start()
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def post(server, body=NOTE, *, token=TOKEN, ctype="application/json", host=None, origin=None,
         extra: dict | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Host": host or f"127.0.0.1:{server.port}"}
    if ctype:
        headers["Content-Type"] = ctype
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if origin:
        headers["Origin"] = origin
    headers.update(extra or {})
    conn.request("POST", "/notify", body=body, headers=headers)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp


def files(server) -> list:
    return sorted(p.name for p in server.inbox.glob("*.json")) if server.inbox.exists() else []


def test_a_local_program_with_the_token_is_accepted(serve):
    server = serve()
    assert post(server).status == 202
    assert post(server, host=f"localhost:{server.port}", origin=f"http://localhost:{server.port}").status == 202
    assert len(files(server)) == 2


@pytest.mark.parametrize("change, status", [
    ({"token": None}, 401), ({"token": "wrong" + "x" * 32}, 401), ({"token": TOKEN[:-1]}, 401),
    ({"ctype": "text/plain"}, 415), ({"ctype": None}, 415), ({"ctype": "application/x-www-form-urlencoded"}, 415),
    ({"origin": "https://evil.example"}, 403), ({"origin": "null"}, 403),
    ({"origin": "http://127.0.0.1:1"}, 403),
    ({"host": "evil.example:8765"}, 403), ({"host": "127.0.0.1.nip.io"}, 403),
])
def test_requests_without_token_json_or_local_origin_are_refused(serve, change, status):
    server = serve()
    assert post(server, **change).status == status
    assert files(server) == []


def test_a_cross_origin_browser_post_is_refused_even_with_json(serve):
    # what a web page can send: text/plain simple request, or JSON after a preflight; no token
    server = serve()
    assert post(server, token=None, ctype="text/plain;charset=UTF-8", origin="https://attacker.test").status == 403
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("OPTIONS", "/notify", headers={"Origin": "https://attacker.test",
                                                "Access-Control-Request-Method": "POST"})
    resp = conn.getresponse()
    assert resp.status >= 400 and resp.getheader("Access-Control-Allow-Origin") is None
    conn.close()
    assert files(server) == []


def test_deeply_nested_json_is_a_400_and_a_rejected_file(serve, make_skill, caplog):
    server = serve()
    assert post(server, body=b"[" * 60000).status == 400
    skill = make_skill()
    skill.inbox.mkdir(parents=True)
    (skill.inbox / "deep.json").write_text("[" * 60000)
    caplog.set_level(logging.WARNING, logger="glasses.day")
    skill.due(ctx(MONDAY_8AM))                                    # the live loop's call: must not raise
    assert [p.name for p in (skill.inbox / "rejected").iterdir()] == ["deep.json"]
    assert any("deep.json: rejected" in r.getMessage() for r in caplog.records)


def test_rate_limit(serve):
    server = serve(rate_per_min=5)
    codes = [post(server).status for _ in range(8)]
    assert codes == [202] * 5 + [429] * 3
    assert len(files(server)) == 5


def test_rate_limit_refills_with_time():
    now = [0.0]
    rl = RateLimit(6, clock=lambda: now[0])
    assert [rl.take() for _ in range(6)] == [0.0] * 6
    assert rl.take() == pytest.approx(10.0)
    now[0] = 10.0
    assert rl.take() == 0.0 and rl.take() > 0


def test_a_stalled_request_times_out_and_frees_its_slot(serve, caplog):
    server = serve(read_timeout_s=0.5, max_connections=2)
    before = threading.active_count()
    stalled = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(2)]
    for s in stalled:
        s.sendall(b"POST /notify HTTP/1.1\r\nHost: 127.0.0.1\r\n")   # and never finish the headers
    time.sleep(0.1)
    flood = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(40)]
    for s in flood:
        s.sendall(b"POST /notify HTTP/1.1\r\n")
    time.sleep(0.1)
    assert threading.active_count() - before <= 2 * 2              # a handler and a deadline per slot, no more
    assert post(server).status == 503                              # the pool is full: no third thread
    for s in flood:
        s.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for s in stalled:
            s.settimeout(5)
        if all(s.recv(100) == b"" for s in stalled):                    # closed by the server
            break
    assert post(server).status == 202
    for s in stalled:
        s.close()


def test_a_trickling_request_is_cut_at_the_total_timeout(serve):
    server = serve(read_timeout_s=5.0, total_timeout_s=0.5)
    s = socket.create_connection(("127.0.0.1", server.port))
    s.settimeout(0.2)
    start = time.monotonic()
    closed = False
    while time.monotonic() - start < 5:
        try:
            s.sendall(b"X-Slow: 1\r\n" if time.monotonic() - start > 0.01 else b"POST /notify HTTP/1.1\r\n")
            if s.recv(100) == b"":
                closed = True
                break
        except socket.timeout:
            continue
        except OSError:
            closed = True
            break
    s.close()
    assert closed


def test_server_errors_are_one_log_line_not_a_traceback(serve, caplog, capsys):
    server = serve(read_timeout_s=0.2)
    caplog.set_level(logging.INFO, logger="glasses.day")
    with socket.create_connection(("127.0.0.1", server.port)) as s:
        s.sendall(b"POST /notify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n")
        time.sleep(0.6)
    post(server, token="nope" * 8)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refused and all("\n" not in m for m in refused)


def test_port_in_use_is_one_clear_error(serve):
    first = serve()
    second = NotificationServer(first.inbox, first.port, TOKEN)
    with pytest.raises(DeviceError, match=f"notification inbox: cannot listen on 127.0.0.1:{first.port}"):
        second.start()


def test_token_is_made_once_private_and_reused(tmp_path):
    path = tmp_path / "cfg" / "glasses" / "inbox-token"
    token = inbox_token.load_or_create(path)
    assert len(token) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert inbox_token.load_or_create(path) == token
    os.chmod(path, 0o644)
    assert inbox_token.load_or_create(path) == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("")
    with pytest.raises(ConfigError, match="inbox-token: the inbox token is empty"):
        inbox_token.load_or_create(path)


def test_skill_starts_the_endpoint_with_the_token_from_the_config_dir(make_skill, parser, isolated_home):
    skill = make_skill(inbox_port=_free_port())
    port = skill.start_inbox_server()
    path = isolated_home / ".config" / "glasses" / "inbox-token"
    token = path.read_text().strip()
    server = skill._server
    assert post(server, token=None).status == 401
    assert post(server, token=token).status == 202
    r = ask(skill, parser, "read my notifications", MONDAY_8AM)
    assert r.text == "You have one new notification. Bank: Say your PIN out loud."
    assert port == server.port


def test_doctor_says_where_the_token_is(isolated_home):
    from glasses.day.config import DayConfig
    config = Config(day=DayConfig(inbox_port=8765))
    rows = [r for r in day_rows(config) if r.name == "notification inbox"]
    assert rows and "token will be made in" in rows[0].detail and "inbox-token" in rows[0].detail
    inbox_token.load_or_create(config.day.token_path)
    row = [r for r in day_rows(config) if r.name == "notification inbox"][0]
    assert f"token in {config.day.token_path}" in row.detail and "Authorization: Bearer" in row.detail


def test_old_notifications_are_pruned(make_skill, parser):
    skill = make_skill(notifications_keep_days=2)
    inbox = skill.inbox
    inbox.mkdir(parents=True)
    (inbox / "old.json").write_text(json.dumps({"title": "Old news"}))
    skill.due(ctx(MONDAY_8AM))
    done = inbox / "done" / "old.json"
    assert done.exists()
    skill.store.add_notification("", "Recent", "", int((MONDAY_8AM + timedelta(days=2)).timestamp() * 1000), None)
    three_days = MONDAY_8AM + timedelta(days=3)
    os.utime(done, (MONDAY_8AM.timestamp(), MONDAY_8AM.timestamp()))
    skill.due(ctx(three_days))                                     # the hourly prune runs
    assert not done.exists()
    assert ask(skill, parser, "read my notifications", three_days).text == \
        "You have one new notification. Recent."


def test_ingest_reads_a_bounded_number_of_files_per_pass(make_skill):
    skill = make_skill()
    skill.inbox.mkdir(parents=True)
    for i in range(notifications.MAX_PER_INGEST + 5):
        (skill.inbox / f"{i:04d}.json").write_text(json.dumps({"title": f"n{i}"}))
    assert notifications.ingest(skill.inbox, skill.store, 1) == notifications.MAX_PER_INGEST
    assert notifications.ingest(skill.inbox, skill.store, 2) == 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_busy_inbox_port_leaves_the_assistant_running_without_the_inbox(make_skill):
    """The port is taken by another program: one note for the wearer, no exception, the rest starts."""
    from datetime import datetime, timezone

    from glasses.runtime.background import Background

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        skill = make_skill(inbox_port=taken.getsockname()[1])
        jobs = Background([skill], tz=timezone.utc, refresh_every_s=3600)
        notes = jobs.start(datetime(2026, 3, 2, 8, tzinfo=timezone.utc))
        assert any(n.startswith("notification inbox off:") for n in notes) and jobs.inbox_ports == []
        assert "inbox" not in jobs.started
        jobs.stop()
    finally:
        taken.close()

"""The ask skill end to end: the whole assistant (parser, routing, the skill, the client, the
sentence splitter, the speech output, the HUD) against the stand-in engine, a real HTTP server
process on 127.0.0.1 (glasses/ask/standin.py) that logs every request it gets and when it sent its
last token. Nothing here replaces a part of the path with a fake."""

from __future__ import annotations

import json
import shutil
import socket
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from glasses.ask.client import SPOKEN
from glasses.ask.sentences import sentences
from glasses.ask.skill import OFFLINE
from glasses.ask.standin import ANSWER
from glasses.asking import answer_text
from glasses.assistant.workers import ThreadWorkers
from glasses.config import Config
from glasses.events import (
    AudioChunk, Button, Error, Intent, Say, SayDuration, SayMore, SpeechAudio, State, TextInput, to_json, type_name,
)
from glasses.hud.state import HudState
from glasses.runtime.build import build_text_assistant, close_skills

ORIGIN = datetime(2026, 3, 3, 14, tzinfo=timezone.utc)
SILENCE = bytes(640)  # 20 ms at 16 kHz


def config_for(url: str | None, **ask) -> Config:
    base = Config()
    return replace(base, ask=replace(base.ask, url=url, **ask),
                   day=replace(base.day, briefing_on_first_wake=False))


def log_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def kinds(events) -> list[str]:
    out = []
    for e in events:
        try:
            out.append(type_name(e))
        except KeyError:
            pass
    return out


def drive(assistant, started: float, until, seconds: float = 15.0) -> list[tuple[float, object]]:
    """The live loop: a 20 ms silent chunk at a time on the wall clock (ThreadWorkers); every
    output event with the wall time it came out, until ``until(events)`` holds."""
    seen: list[tuple[float, object]] = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        t_ms = int((time.time() - started) * 1000)
        for e in assistant.process(AudioChunk(t_ms, SILENCE, 16000)):
            seen.append((time.time(), e))
        if until([e for _, e in seen]):
            break
        time.sleep(0.02)
    return seen


@pytest.fixture
def live(tmp_path):
    """``live(config) -> assistant`` on worker threads, as glasses run has it; closed afterwards."""
    made = []

    def make(config):
        workers = ThreadWorkers(1)
        assistant = build_text_assistant(config, origin=ORIGIN, sealed_in=tmp_path / f"state{len(made)}",
                                         workers=workers)
        made.append((assistant, workers))
        return assistant

    yield make
    for assistant, workers in made:
        workers.close()
        close_skills(assistant)


def spoken_idle(events) -> bool:
    return any(isinstance(e, Say) for e in events) and isinstance(events[-1], State) and events[-1].state == "idle"


def test_the_answer_is_spoken_sentence_by_sentence_before_the_engine_finishes(engine, live, tmp_path):
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=60, log=log)
    assistant = live(config_for(eng.url))
    started = time.time()
    first = assistant.process(TextInput(0, "who wrote hamlet"))
    seen = [(time.time(), e) for e in first] + drive(assistant, started, spoken_idle)
    events = [e for _, e in seen]
    said = [e.text for e in events if isinstance(e, (Say, SayMore))]
    assert said == sentences(ANSWER)   # every sentence, in order, markdown gone
    assert [e.name for e in events if isinstance(e, Intent)] == ["open_question"]
    first_say = next(at for at, e in seen if isinstance(e, Say))
    done = [r["at"] for r in log_rows(log) if r["event"] == "done"]
    assert len(done) == 1 and first_say < done[0]   # spoken before the engine sent its last token
    order = kinds(events)
    told = [e for e in events if isinstance(e, SayDuration)]  # the whole answer's length, once the stream ended
    assert len(told) == 1 and order.index("say_duration") > max(i for i, k in enumerate(order) if k == "say_more")
    assert told[0].duration_ms == sum(e.duration_ms for e in events if isinstance(e, SpeechAudio))
    order = [k for k in order if k != "say_duration"]
    assert order.index("asking") < order.index("egress") < order.index("say") and order[-2:] == ["asked", "state"]
    egress = to_json(next(e for e in events if type_name(e) == "egress" if not isinstance(e, (Say, SayMore))))
    assert egress["host"] == "127.0.0.1" and egress["image"] is False
    request = next(r for r in log_rows(log) if r["event"] == "request")
    assert 0 < len(json.dumps(request["body"])) <= egress["bytes_sent"]   # the body, and headers, counted
    asked = next(e for e in events if type_name(e) == "asked")
    assert asked.outcome == "ok" and asked.chars == len(ANSWER)


def test_the_hud_shows_the_host_while_the_request_is_in_flight(engine, live, tmp_path):
    """The seam: what the skill emits is what the HUD reads (its reducer over the same events)."""
    eng = engine("normal", token_ms=30)
    assistant = live(config_for(eng.url))
    started = time.time()
    events = assistant.process(TextInput(0, "who wrote hamlet"))
    events += [e for _, e in drive(assistant, started, spoken_idle)]
    hud, badges = HudState(), []
    for e in events:
        hud, _ = hud.apply(e)
        badges.append(hud.badge)
    first_say = next(i for i, e in enumerate(events) if isinstance(e, Say))
    assert badges[first_say] == "127.0.0.1"            # shown while the answer streams
    assert hud.badge == "" and hud.update(0).badge == ""  # and gone once it is over
    assert hud.card is not None and hud.card.lines[-1] == sentences(ANSWER)[-1]


@pytest.mark.parametrize("barge_in", ["stop", "button"])
def test_stop_or_the_button_hangs_up_on_the_engine(engine, live, tmp_path, barge_in):
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=80, log=log)
    assistant = live(config_for(eng.url))
    started = time.time()
    events = assistant.process(TextInput(0, "who wrote hamlet"))
    events += [e for _, e in drive(assistant, started, lambda ev: any(isinstance(e, Say) for e in ev))]
    t_ms = int((time.time() - started) * 1000)
    stopped = assistant.process(TextInput(t_ms, "stop") if barge_in == "stop" else Button(t_ms, "press"))
    assert "interrupted" in kinds(stopped)
    hud = HudState()
    for e in events + stopped:
        hud, _ = hud.apply(e)
    assert hud.badge == ""   # the badge goes with the request
    after = [e for _, e in drive(assistant, started, lambda ev: False, seconds=1.5)]
    assert not any(isinstance(e, (Say, SayMore)) for e in after)   # nothing more is said
    deadline = time.time() + 5
    while time.time() < deadline and not any(r["event"] == "hung_up" for r in log_rows(log)):
        time.sleep(0.05)
    ends = [r["event"] for r in log_rows(log) if r["event"] in ("done", "hung_up")]
    assert ends == ["hung_up"]   # the engine saw the client go away before its last token


@pytest.mark.parametrize("mode, opts, ask, code", [
    ("die_mid_stream", {"die_after": 12}, {}, "engine_cut"),
    ("stall_first_token", {"stall_s": 30}, {"first_token_timeout_s": 1.0}, "engine_timeout"),
    ("http_500", {}, {}, "engine_http_error"),
    ("bad_json", {"stall_s": 30}, {"timeout_s": 1.0}, "engine_bad_stream"),
    ("endless", {"token_ms": 5}, {"max_answer_chars": 200}, "answer_capped"),
    ("endless", {"token_ms": 30}, {"max_answer_s": 1.5}, "answer_capped"),
])
def test_a_fault_is_one_spoken_line_an_error_event_and_the_assistant_carries_on(engine, tmp_path, mode, opts,
                                                                               ask, code):
    eng = engine(mode, **opts)
    assistant = build_text_assistant(config_for(eng.url, **ask), origin=ORIGIN, sealed_in=tmp_path)
    try:
        started = time.monotonic()
        events = assistant.process(TextInput(0, "who wrote hamlet")) + assistant.finish(0)
        assert time.monotonic() - started < 12
        errors = [e for e in events if isinstance(e, Error)]
        assert [e.code for e in errors] == [code]
        said = [e.text for e in events if isinstance(e, (Say, SayMore))]
        assert said[-1] == SPOKEN[code]
        assert sum(len(s) for s in said) <= 1500 + 200   # capped
        assert next(e for e in events if type_name(e) == "asked").outcome == code
        after = answer_text(assistant, "what time is it", 60_000)
        assert after["intent"] == "get_time" and "two" in after["reply"]   # 14:01, the session clock
    finally:
        close_skills(assistant)


def test_an_engine_that_is_down_is_one_spoken_line(tmp_path):
    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assistant = build_text_assistant(config_for(f"http://127.0.0.1:{port}/v1"), origin=ORIGIN, sealed_in=tmp_path)
    try:
        events = assistant.process(TextInput(0, "who wrote hamlet")) + assistant.finish(0)
        assert [e.code for e in events if isinstance(e, Error)] == ["engine_unreachable"]
        assert [e.text for e in events if isinstance(e, (Say, SayMore))] == [SPOKEN["engine_unreachable"]]
        assert "egress" not in kinds(events)   # nothing was sent
    finally:
        close_skills(assistant)


def test_commands_stay_on_the_device(engine, tmp_path):
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=0, log=log)
    assistant = build_text_assistant(config_for(eng.url), origin=ORIGIN, sealed_in=tmp_path / "state")
    try:
        for i, command in enumerate(["set a timer for five minutes", "what time is it",
                                     "add milk to my shopping list", "what's on my shopping list",
                                     "what's the weather", "stop", "uh", "bain to the fan's purple"]):
            got = answer_text(assistant, command, 1000 * (i + 1))
            assert got["intent"] != "open_question", (command, got)
        assert log_rows(log) == []                      # not one request
        got = answer_text(assistant, "how do I get a red wine stain out", 20_000)
        assert got["intent"] == "open_question" and got["reply"].startswith("Hamlet")
        assert [r["event"] for r in log_rows(log)] == ["request", "done"]
    finally:
        close_skills(assistant)


def test_follow_ups_carry_the_last_turns_and_forget_that_clears_them(engine, tmp_path):
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=0, log=log)
    assistant = build_text_assistant(config_for(eng.url), origin=ORIGIN, sealed_in=tmp_path / "state")

    def sent(n: int) -> list[dict]:
        return [r["body"]["messages"] for r in log_rows(log) if r["event"] == "request"][n]

    try:
        answer_text(assistant, "who wrote hamlet", 1000)
        answer_text(assistant, "and how old was he then", 30_000)
        follow = sent(1)
        assert [m["role"] for m in follow] == ["system", "user", "assistant", "user"]
        assert follow[1]["content"] == "who wrote hamlet" and follow[2]["content"].startswith("Hamlet")
        assert answer_text(assistant, "forget that", 40_000)["reply"] == "Okay, I've forgotten that."
        answer_text(assistant, "and how old was he then", 50_000)
        assert [m["role"] for m in sent(2)] == ["system", "user"]
        answer_text(assistant, "what is the tallest mountain", 60_000)
        answer_text(assistant, "how tall is it exactly", 60_000 + 3 * 60_000)   # after two minutes: afresh
        assert [m["role"] for m in sent(4)] == ["system", "user"]
    finally:
        close_skills(assistant)


def test_with_no_url_nothing_connects_and_the_answer_is_honest(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assistant = build_text_assistant(config_for(None), origin=ORIGIN, sealed_in=tmp_path)
    try:
        got = answer_text(assistant, "who wrote hamlet", 1000)
        assert got == {"intent": "open_question", "slots": {"question": "who wrote hamlet"}, "reply": OFFLINE}
    finally:
        close_skills(assistant)


def test_glasses_ask_json_gives_the_open_question(engine, glasses_cli, tmp_path):
    eng = engine("normal", token_ms=0)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"ask:\n  url: {eng.url}\n")
    r = glasses_cli("--config", str(cfg), "ask", "who wrote hamlet", "--json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["intent"] == "open_question" and got["reply"] == " ".join(sentences(ANSWER))
    off = glasses_cli("ask", "who wrote hamlet", "--json")
    assert json.loads(off.stdout)["reply"] == OFFLINE


def test_look_and_ask_sends_the_frame_faces_blurred(engine, glasses_cli, tmp_path):
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=0, log=log)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"ask:\n  url: {eng.url}\n")
    image = Path(__file__).resolve().parents[1] / "capture" / "data" / "faces" / "astronaut.jpg"
    r = glasses_cli("--config", str(cfg), "look", str(image), "--question", "what kind of plant is this", "--json")
    assert r.returncode == 0, r.stderr
    row = json.loads(r.stdout)
    assert row["intent"] == "look_and_ask" and row["image_sent"] is True and row["reply"].startswith("Hamlet")
    body = next(x for x in log_rows(log) if x["event"] == "request")["body"]
    parts = body["messages"][-1]["content"]
    assert parts[0] == {"type": "text", "text": "What kind of plant is this?"}
    assert parts[1]["image_url"]["url"]["head"].startswith("data:image/jpeg;base64,")


def test_a_recorded_answer_replays_offline(engine, glasses_cli, make_session, tmp_path):
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=0, log=log)
    assistant = build_text_assistant(config_for(eng.url), origin=ORIGIN, sealed_in=tmp_path / "state")
    recorded = tmp_path / "recorded"
    try:
        next(s for s in assistant.p.router.skills if hasattr(s, "record_to")).record_to(recorded)
        live_reply = answer_text(assistant, "who wrote hamlet", 1000)["reply"]
    finally:
        close_skills(assistant)
    session = make_session({"started_at": "2026-03-03T14:00:00+00:00",
                            "config": {"day": {"briefing_on_first_wake": False}},
                            "lines": [{"at": 1.0, "text": "who wrote hamlet"}], "duration": 6.0})
    (session / "ask").mkdir()
    shutil.copy(recorded / "ask" / "answers.jsonl", session / "ask" / "answers.jsonl")
    before = len(log_rows(log))
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"ask:\n  url: {eng.url}\n")   # an engine is set up and running: still never called
    r = glasses_cli("--config", str(cfg), "replay", str(session), "--json")
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    said = " ".join(e["text"] for e in events if e["type"] in ("say", "say_more"))
    assert said == live_reply and "egress" not in [e["type"] for e in events]
    assert len(log_rows(log)) == before
    bare = make_session({"started_at": "2026-03-03T14:00:00+00:00",
                         "config": {"day": {"briefing_on_first_wake": False}},
                         "lines": [{"at": 1.0, "text": "who wrote hamlet"}], "duration": 6.0})
    r = glasses_cli("--config", str(cfg), "replay", str(bare), "--json")
    said = [json.loads(line) for line in r.stdout.splitlines()]
    assert any(e["type"] == "say" and "recording has no answer" in e["text"] for e in said)
    assert len(log_rows(log)) == before


def test_the_bench_section_speaks_the_first_sentence_before_the_last_token():
    from glasses.ask.bench import first_audio

    got = first_audio(Config(), runs=2)
    assert got["runs"] == 2 and got["token_ms"] == 30
    assert got["first_sentence_before_last_token"] is True
    assert 0 < got["first_audio_ms_p50"] < got["last_token_ms_p50"]


def test_glasses_run_record_keeps_the_answer_and_its_replay_never_calls_the_engine(engine, glasses_cli, tmp_path,
                                                                                  monkeypatch):
    """The real live driver (glasses run --record) with a typed question, then glasses replay."""
    import queue

    from glasses.devices.speaker import RecordingSpeaker
    from glasses.emulator.sources import SilentMicrophone
    from glasses.live import run_live

    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share")):
        monkeypatch.setenv(name, str(tmp_path / "home" / sub))
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=10, log=log)
    base = config_for(eng.url)
    config = replace(base, day=replace(base.day, data_dir=tmp_path / "day", calendars=(), inbox_port=0))
    keys: queue.Queue = queue.Queue()
    keys.put(("text", "who wrote hamlet"))
    out = tmp_path / "session"
    assert run_live(config, record_to=out, push_to_talk=True, mic=SilentMicrophone(chunk_ms=40),
                    speaker=RecordingSpeaker(), keys=keys, max_seconds=2.0) == 0
    rows = [json.loads(line) for line in (out / "ask" / "answers.jsonl").read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["question"] == "who wrote hamlet" and rows[0]["answer"] == ANSWER
    assert rows[0]["host"] == "127.0.0.1" and rows[0]["bytes_sent"] > 0 and rows[0]["error"] is None
    sent = len(log_rows(log))
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"ask:\n  url: {eng.url}\n")
    r = glasses_cli("--config", str(cfg), "replay", str(out), "--json")
    assert r.returncode == 0, r.stderr
    said = [e["text"] for e in map(json.loads, r.stdout.splitlines()) if e["type"] in ("say", "say_more")]
    assert said[:3] == sentences(ANSWER)
    assert len(log_rows(log)) == sent   # the replay did not ask the engine


def test_the_conversation_view_shows_what_left_the_device():
    from glasses.ask.events import Egress
    from glasses.replay import conversation_line

    assert conversation_line(Egress(1500, "192.168.1.20", 812, True)) == \
        "[   1.50s] (sent 812 bytes to 192.168.1.20, with the picture)"
    assert conversation_line(SayMore(2000, "It is his longest play.")).endswith("It is his longest play.")


def test_the_catalog_answers_first_and_the_engine_gets_only_what_it_cannot(engine, glasses_cli, tmp_path):
    """"What am I looking at" is look and shop's: a barcode in the catalog is answered on the device
    with no request; a picture with no barcode or known product goes to the engine with the frame."""
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=0, log=log)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"ask:\n  url: {eng.url}\n")
    home = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    root = Path(__file__).resolve().parents[2]
    known = root / "glasses" / "data" / "demo" / "frames" / "000000.jpg"   # the demo oat drink's barcode
    r = glasses_cli("--config", str(cfg), "look", str(known), "--question", "what am I looking at", "--json", env=home)
    assert r.returncode == 0, r.stderr
    row = json.loads(r.stdout)
    assert row["intent"] == "identify_product" and "oat drink" in row["reply"].lower()
    assert row["image_sent"] is False and log_rows(log) == []
    unknown = root / "tests" / "capture" / "data" / "faces" / "astronaut.jpg"
    r = glasses_cli("--config", str(cfg), "look", str(unknown), "--question", "is this vegan", "--json", env=home)
    row = json.loads(r.stdout)
    assert row["intent"] == "product_details" and row["image_sent"] is True and row["reply"].startswith("Hamlet")
    body = next(x for x in log_rows(log) if x["event"] == "request")["body"]
    assert body["messages"][-1]["content"][0]["text"].startswith("Is this vegan?")


def test_forget_that_means_what_came_last_a_note_or_the_conversation(engine, tmp_path):
    """Memory owns "forget that" (deleting a note is a side effect); right after an answer it
    clears the follow-ups instead and keeps the notes; with no conversation left it forgets the note."""
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=0, log=log)
    assistant = build_text_assistant(config_for(eng.url), origin=ORIGIN, sealed_in=tmp_path / "state")

    def messages(n: int) -> list[dict]:
        return [r["body"]["messages"] for r in log_rows(log) if r["event"] == "request"][n]

    try:
        answer_text(assistant, "remember that I parked on level three", 1000)
        answer_text(assistant, "who wrote hamlet", 5000)
        assert answer_text(assistant, "forget that", 10_000)["reply"] == "Okay, I've forgotten that."
        answer_text(assistant, "and how old was he then", 15_000)
        assert [m["role"] for m in messages(1)] == ["system", "user"]   # the conversation went
        assert "level three" in answer_text(assistant, "where did I park", 20_000)["reply"]   # the note stayed
        answer_text(assistant, "remember that the locker code is 4411", 200_000)
        forgot = answer_text(assistant, "forget that", 205_000)
        assert forgot["intent"] == "forget_last" and "locker" not in \
            answer_text(assistant, "what was the locker code", 210_000)["reply"]
    finally:
        close_skills(assistant)


def test_look_and_ask_keeps_the_camera_off_after_camera_off(engine, tmp_path):
    """The wearer's switch holds for look and ask too: no camera event, no picture, no request."""
    log = tmp_path / "engine.jsonl"
    eng = engine("normal", token_ms=0, log=log)
    assistant = build_text_assistant(config_for(eng.url), origin=ORIGIN, sealed_in=tmp_path / "state")
    try:
        answer_text(assistant, "camera off", 1000)
        events = assistant.process(TextInput(5000, "what kind of plant is this")) + assistant.finish(5000)
        said = [e.text for e in events if isinstance(e, Say)]
        assert said == ["The camera is off. Say camera on, and ask again."]
        assert not [e for e in events if type_name(e) == "camera" and e.on]
        assert [r for r in log_rows(log) if r["event"] == "request"] == []
    finally:
        close_skills(assistant)

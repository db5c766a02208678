"""The engine client against a real stand-in engine process on 127.0.0.1 (glasses/ask/standin.py):
streaming and not, every fault, cancel from another thread, what is sent and what is logged."""

from __future__ import annotations

import json
import logging
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest

from glasses.ask.standin import ANSWER, tokens
from glasses.ask.client import Egress, EngineClient, EngineError
from glasses.ask.config import AskConfig
from glasses.ask.key import ApiKey
from glasses.ask.prompt import SYSTEM_PROMPT, Conversation, WearerContext
from glasses.ask.sentences import SentenceSplitter, sentences

DATA = Path(__file__).parent / "data"
QUESTION = [{"role": "user", "content": "who wrote hamlet"}]


def client_for(engine, **cfg) -> EngineClient:
    return EngineClient(AskConfig(url=engine.url, model="stand-in", **cfg))


def fault(stream_or_call) -> tuple[EngineError, float, list[str]]:
    """Run to the EngineError it must raise; its time and the pieces seen before it."""
    pieces: list[str] = []
    t0 = time.monotonic()
    with pytest.raises(EngineError) as info:
        if callable(stream_or_call):
            stream_or_call()
        else:
            for piece in stream_or_call:
                pieces.append(piece)
    return info.value, time.monotonic() - t0, pieces


def test_first_sentence_is_ready_long_before_the_last_token(engine):
    server = engine("normal", token_ms=30)
    stream = client_for(server).stream(QUESTION)
    split = SentenceSplitter()
    t0 = time.monotonic()
    spoken: list[tuple[float, str]] = []
    for piece in stream:
        for sentence in split.feed(piece):
            spoken.append((time.monotonic() - t0, sentence))
    t_end = time.monotonic() - t0
    spoken += [(t_end, s) for s in split.flush()]
    assert [s for _, s in spoken] == sentences(ANSWER) == [
        "Hamlet was written by William Shakespeare.", "It was probably written between 1599 and 1601.",
        "It is his longest play, and one of the most performed plays in the world."]
    n = len(tokens(ANSWER))
    # the first sentence is complete when token 7 of 30 arrives (the space before "It")
    assert spoken[0][0] / t_end < 0.5, (spoken[0][0], t_end, n)
    assert stream.status == 200 and stream.chars == len(ANSWER)


def test_non_streaming_answer(engine):
    answer = client_for(engine("normal")).complete(QUESTION)
    assert answer.text == ANSWER
    assert answer.egress.host == "127.0.0.1" and not answer.egress.image
    assert answer.egress.bytes_sent > len(json.dumps(QUESTION))


@pytest.mark.parametrize("mode, server_opts, cfg, code, status", [
    ("stall_first_token", {}, {"first_token_timeout_s": 0.5}, "engine_timeout", None),
    ("keepalive", {"token_ms": 100}, {"first_token_timeout_s": 0.5}, "engine_timeout", None),
    ("http_500", {}, {}, "engine_http_error", 500),
    ("http_401", {}, {}, "engine_http_error", 401),
    ("bad_json", {"token_ms": 1}, {}, "engine_bad_stream", None),
    ("die_mid_stream", {"token_ms": 1, "die_after": 5}, {}, "engine_cut", None),
    ("endless", {"token_ms": 1}, {"max_answer_chars": 200}, "answer_capped", None),
    ("endless", {"token_ms": 20}, {"max_answer_s": 1.0}, "answer_capped", None),
])
def test_stream_faults_have_their_code_in_bounded_time(engine, mode, server_opts, cfg, code, status):
    server = engine(mode, **server_opts)
    err, took, pieces = fault(client_for(server, **cfg).stream(QUESTION))
    assert err.code == code, str(err)
    assert err.status == status
    assert err.spoken and "\n" not in str(err)
    assert took < 8.0                                  # the stand-in would go on for a minute or forever
    if mode == "keepalive":                            # bytes keep coming: only the deadline ends it
        assert took < 3.0
    if mode == "die_mid_stream":
        assert server.proc.wait(5) == 3                # the engine process really died
        assert "".join(pieces) == "".join(tokens(ANSWER)[:5])
    if code == "answer_capped" and "max_answer_chars" in cfg:
        assert len("".join(pieces)) == 200 and err.partial
    if code == "answer_capped" and "max_answer_s" in cfg:
        assert pieces and 0.9 < took


@pytest.mark.parametrize("mode, cfg, code", [
    ("http_500", {}, "engine_http_error"),
    ("bad_json", {}, "engine_bad_stream"),
    ("die_mid_stream", {}, "engine_cut"),
    ("stall_first_token", {"max_answer_s": 1.0}, "engine_timeout"),
])
def test_non_streaming_faults(engine, mode, cfg, code):
    client = client_for(engine(mode), **cfg)
    err, took, _ = fault(lambda: client.complete(QUESTION))
    assert err.code == code, str(err)
    assert took < 8.0


def test_a_long_pause_mid_answer_is_a_timeout(engine):
    server = engine("normal", token_ms=1500)           # the first token at once, then 1.5 s gaps
    err, took, pieces = fault(client_for(server, timeout_s=0.3).stream(QUESTION))
    assert err.code == "engine_timeout" and pieces == ["Hamlet"] and took < 1.4


def test_a_question_too_large_is_refused_before_anything_is_sent():
    seen = []
    client = EngineClient(AskConfig(url="http://127.0.0.1:9/v1"), on_egress=seen.append,
                          resolver=lambda h, p: seen.append(h) or ["127.0.0.1"])
    huge = [{"role": "user", "content": "x" * (9 * 1024 * 1024)}]
    err, _, _ = fault(client.stream(huge))
    assert err.code == "question_too_large" and seen == []


def test_nothing_listening_is_unreachable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]          # closed again: nothing listens there
    client = EngineClient(AskConfig(url=f"http://127.0.0.1:{port}/v1"))
    err, took, _ = fault(client.stream(QUESTION))
    assert err.code == "engine_unreachable" and err.spoken == "I can't reach your home server right now."
    assert took < 3.0


def test_off_without_a_url_and_nothing_connects():
    calls = []
    client = EngineClient(AskConfig(), resolver=lambda host, port: calls.append(host) or [])
    err, _, _ = fault(client.stream(QUESTION))
    assert err.code == "engine_off" and calls == []


def test_a_name_resolving_to_a_public_address_is_refused_before_connecting():
    asked = []

    def resolver(host, port):
        asked.append((host, port))
        return ["93.184.216.34"]          # public: the client must not connect to it

    client = EngineClient(AskConfig(url="http://engine.example:11434/v1"), resolver=resolver)
    stream = client.stream(QUESTION)
    err, _, _ = fault(stream)
    assert err.code == "engine_refused" and "ask.url" in str(err) and "93.184.216.34" in str(err)
    assert asked == [("engine.example", 11434)] and stream.egress is None


def test_a_private_name_connects_to_the_address_that_was_checked(engine):
    server = engine("normal", token_ms=0)
    client = EngineClient(AskConfig(url=f"http://homeserver.local:{server.port}/v1"),
                          resolver=lambda host, port: ["127.0.0.1"])
    stream = client.stream(QUESTION)
    assert "".join(stream) == ANSWER
    assert stream.egress.host == "homeserver.local"


@pytest.mark.parametrize("how", ["stream", "client"])
def test_cancel_from_another_thread_ends_the_stream_promptly(engine, how):
    server = engine("stall_first_token", stall_s=60)
    client = client_for(server, first_token_timeout_s=30, max_answer_s=60)
    stream = client.stream(QUESTION)
    cancelled_at: list[float] = []

    def cancel() -> None:
        time.sleep(0.3)
        cancelled_at.append(time.monotonic())
        (stream.cancel if how == "stream" else client.cancel)()

    threading.Thread(target=cancel).start()
    assert list(stream) == []                       # ends quietly, no error
    lag = time.monotonic() - cancelled_at[0]
    assert stream.cancelled and lag < 1.0, lag      # not the 30 s first-token timeout


def test_cancel_mid_answer_stops_the_pieces(engine):
    stream = client_for(engine("normal", token_ms=40)).stream(QUESTION)
    got = []
    for piece in stream:
        got.append(piece)
        if len(got) == 3:
            threading.Thread(target=stream.cancel).start()
    assert 3 <= len(got) <= 5 and stream.cancelled


def _echo(engine, messages, key=None, **cfg):
    seen: list[Egress] = []
    client = EngineClient(AskConfig(url=engine.url, model="stand-in", max_answer_chars=20000, **cfg), key,
                          on_egress=seen.append)
    stream = client.stream(messages)
    received = json.loads("".join(stream))
    assert seen == [stream.egress]
    return received, stream.egress


def test_what_is_sent_by_default_is_the_prompt_and_the_question_only(engine):
    server = engine("echo", token_ms=0)
    talk = Conversation()
    context = WearerContext(local_time="Wednesday 2 December 2026, 14:05", place="Kallio, Helsinki")
    messages = talk.messages("who wrote hamlet", 10.0, context=context, send_context=False)
    received, egress = _echo(server, messages)
    body = received["body"]
    assert body["stream"] is True and body["model"] == "stand-in"
    assert body["messages"] == [{"role": "system", "content": SYSTEM_PROMPT},
                                {"role": "user", "content": "who wrote hamlet"}]
    everything = json.dumps(received)
    assert "Helsinki" not in everything and "14:05" not in everything and "December" not in everything
    assert "Authorization" not in received["headers"]
    assert received["path"] == "/v1/chat/completions"
    assert egress.image is False and egress.bytes_sent >= int(received["headers"]["Content-Length"])

    with_context = talk.messages("what time is it", 10.0, context=context, send_context=True)
    assert "Kallio, Helsinki" in json.dumps(_echo(server, with_context)[0])


def test_the_picture_arrives_as_an_image_url_part(engine):
    import hashlib

    import numpy as np

    from glasses.ask.image import frame_to_data_url
    from glasses.vision.faces import FaceBlurrer

    frame = (np.random.default_rng(3).random((480, 640, 3)) * 255).astype(np.uint8)
    picture = frame_to_data_url(frame, FaceBlurrer())
    messages = Conversation().messages("what am I looking at", 0.0, image_url=picture.data_url)
    received, egress = _echo(engine("echo", token_ms=0), messages)
    text, image = received["body"]["messages"][-1]["content"]
    assert text == {"type": "text", "text": "what am I looking at"}
    assert image["type"] == "image_url"
    sent = image["image_url"]["url"]
    assert sent["head"].startswith("data:image/jpeg;base64,/9j/")   # a JPEG's FF D8 FF
    assert sent["sha256"] == hashlib.sha256(picture.data_url.encode()).hexdigest()
    assert egress.image is True and egress.bytes_sent > len(picture.data_url)


def test_the_key_is_sent_but_never_logged_or_shown(engine, caplog):
    key = ApiKey("sk-test-0123456789abcdef-SECRET")
    caplog.set_level(logging.DEBUG)
    received, _ = _echo(engine("echo", token_ms=0), QUESTION, key=key)
    assert received["headers"]["Authorization"] == f"Bearer {key.value}"

    client = EngineClient(AskConfig(url=engine("http_401").url), key)
    err, _, _ = fault(client.stream(QUESTION))     # this server puts the key it got in its error
    assert err.status == 401 and "[key]" in str(err)
    assert key.value not in str(err) and key.value not in err.spoken and key.value not in repr(key)
    assert key.value not in caplog.text
    assert "hamlet" not in caplog.text.lower()      # nor the question ...
    assert "Shakespeare" not in caplog.text         # ... nor an answer


def test_one_log_line_per_request_with_host_status_bytes_and_ms(engine, caplog):
    server = engine("normal", token_ms=0)
    caplog.set_level(logging.INFO, logger="glasses.ask")
    client = client_for(server)
    "".join(client.stream(QUESTION))
    client.complete(QUESTION)
    lines = [r.getMessage() for r in caplog.records if r.name == "glasses.ask"]
    assert len(lines) == 2
    for line in lines:
        assert line.startswith(f"ask 127.0.0.1:{server.port}: 200, ") and " bytes sent, " in line
        assert line.endswith(" ms")


def test_https_verifies_the_certificate(engine):
    server = engine("normal", token_ms=0, tls_cert=DATA / "selfsigned.crt", tls_key=DATA / "selfsigned.key")
    url = f"https://127.0.0.1:{server.port}/v1"
    err, _, _ = fault(EngineClient(AskConfig(url=url)).stream(QUESTION))
    assert err.code == "engine_unreachable" and "CERTIFICATE_VERIFY_FAILED" in str(err)
    trusting = ssl.create_default_context(cafile=str(DATA / "selfsigned.crt"))
    assert "".join(EngineClient(AskConfig(url=url), tls=trusting).stream(QUESTION)) == ANSWER


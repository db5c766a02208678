"""Translation by the wearer's engine (captions.translate_with: engine), end to end: a real French
speaker's clip through the captions skill as the composition root builds it (real VAD, real
Whisper base transcribing in French), the ask skill's client sending the French text to the
stand-in engine process, and the English line back on the HUD marked as the engine's. Then the
fall-backs (nothing listening, an engine that hangs) and the opt-in (nothing is sent without it)."""

from __future__ import annotations

import json
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from glasses.ask.config import AskConfig
from glasses.ask.events import Asked, Asking, Egress
from glasses.ask.skill import AskSkill
from glasses.ask.translate import INSTRUCTION, TextTranslator, clean, messages
from glasses.audio import read_wav
from glasses.captions.engine_step import echoes
from glasses.captions.events import Caption
from glasses.config import Config, with_overrides
from glasses.events import AudioChunk, Error, Intent
from glasses.hud.state import HudState
from glasses.runtime.build import skill_peers
from glasses.skills.base import Context, Listener, Reply, Translates

DATA = Path(__file__).resolve().parents[1] / "data" / "speech-multilingual"
FRENCH = DATA / "leopard-sentence-fr.wav"
ENGLISH = "Under the Consulate he became conservator of waters and forests and general councillor."
CHUNK_MS = 100


def config_for(url: str | None, translate_with: str = "engine", timeout_s: float = 3.0) -> Config:
    return with_overrides(Config(), {"ask": {"url": url}, "captions": {
        "translate_with": translate_with, "engine_timeout_s": timeout_s,
        "languages": ["en", "fr", "es", "de"]}}, "test")


def requests(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [row["body"] for row in map(json.loads, log.read_text().splitlines()) if row["event"] == "request"]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def speak_into(captions, clip: Path, t0: int, ctx_for) -> list:
    """The clip and a second of silence, in 100 ms chunks, through captions.hear (not muted)."""
    pcm = read_wav(clip).tobytes() + b"\0\0" * 16_000
    step = 16 * CHUNK_MS * 2
    out = []
    for i in range(0, len(pcm) - len(pcm) % step, step):
        t = t0 + i // 32
        out += captions.hear(AudioChunk(t, pcm[i:i + step]), ctx_for(t), False)
    return out


@pytest.fixture
def translating():
    """``translating(config)`` -> (captions skill in translate mode, Context maker), built by the
    composition root (runtime.build.skill_peers: every installed skill, the peers attached)."""
    stack = []

    def make(config: Config):
        cm = skill_peers(config)
        peers = cm.__enter__()
        stack.append(cm)
        captions = peers.first(Listener)
        origin = datetime(2026, 3, 3, 14, 45, tzinfo=timezone.utc)

        def ctx_for(t_ms: int) -> Context:
            return Context(now=origin, t_ms=t_ms)

        reply = captions.handle(Intent(0, "translate_start", {}), ctx_for(0))
        return captions, ctx_for, reply, peers

    yield make
    for cm in reversed(stack):
        cm.__exit__(None, None, None)


def test_what_is_sent_is_the_instruction_and_the_text_and_the_answer_is_cleaned():
    sent = messages("Où est la gare ?", "French")
    assert sent == [{"role": "system", "content": INSTRUCTION.format(language="French")},
                    {"role": "user", "content": "Où est la gare ?"}]
    assert "from French into English" in sent[0]["content"]
    assert clean('Translation: "Where is the station?"\n\nNote: formal register.') == "Where is the station?"
    assert clean("  English:  Where is\nthe station?  ") == "Where is the station?"
    assert clean("Here is the translation in English: «Where is the station?»") == "Where is the station?"
    assert clean("Excerpt from the English translation:\n\nWhere is the station?\n\nNote.") == "Where is the station?"


def test_a_real_french_line_is_translated_by_the_engine_and_shown_as_the_engines(engine, tmp_path, translating):
    log = tmp_path / "engine.jsonl"
    server = engine("normal", token_ms=0, answer=ENGLISH, log=log)
    captions, ctx_for, reply, peers = translating(config_for(server.url))
    host = "127.0.0.1"   # the display host, as the ask skill's badge shows it
    peer = peers.first(Translates)
    assert type(peer).__name__ == "AskSkill" and peer.translation_host() == host
    assert reply.text == "Translating into English. Your home server translates."
    assert reply.card.title == f"→ English · via {host}"

    events = speak_into(captions, FRENCH, 1000, ctx_for)

    [body] = requests(log)                       # one request for the one line
    assert body["stream"] is False
    system, user = body["messages"]
    assert system == {"role": "system", "content": INSTRUCTION.format(language="French")}
    assert user["role"] == "user" and "consulat" in user["content"].lower() and "forêt" in user["content"].lower()
    assert "image" not in json.dumps(body) and "audio" not in json.dumps(body)   # text only
    [caption] = [e for e in events if isinstance(e, Caption)]
    assert caption.text == ENGLISH and caption.via == host and caption.language == "fr"
    assert "consulat" in caption.source.lower()
    assert caption.card.title == f"French → English · via {host}"
    # the connection shows as the ask skill's requests do, before the line: asking, egress, asked
    kinds = [type(e) for e in events if isinstance(e, (Asking, Egress, Asked, Caption))]
    assert kinds == [Asking, Egress, Asked, Caption]
    egress = next(e for e in events if isinstance(e, Egress))
    assert egress.host == host and egress.bytes_sent > len(user["content"].encode()) and not egress.image
    assert not [e for e in events if isinstance(e, (Error, Reply))]
    # the HUD: the badge shows the host while the request is out, clears when it is over
    state, badges = HudState(), []
    for e in events:
        state, _ = state.apply(e)
        badges.append(state.badge)
    assert host in badges and state.badge == ""
    assert state.card.title == f"French → English · via {host}" and state.card.lines == (ENGLISH,)


def test_live_the_badge_is_on_while_the_engine_translates_and_the_line_follows(engine, tmp_path):
    """Live (the caption worker on its own thread): the badge's events come out of ``hear`` while the
    request is out (the stand-in takes 1.4 s over a whole answer), before the line they translated."""
    from glasses.captions.build import build_captions

    server = engine("normal", token_ms=100, whole_delay=True, answer=ENGLISH, log=tmp_path / "engine.jsonl")
    config = config_for(server.url)
    with skill_peers(config) as peers:
        captions = build_captions(config.captions, save_dir=tmp_path, replay=False,
                                  translator=lambda: peers.first(Translates))
        try:
            origin = datetime(2026, 3, 3, 14, 45, tzinfo=timezone.utc)
            captions.handle(Intent(0, "translate_start", {}), Context(now=origin, t_ms=0))
            calls = [speak_into(captions, FRENCH, 1000, lambda t: Context(now=origin, t_ms=t))]
            t, deadline = 20_000, time.monotonic() + 120
            while not any(isinstance(e, Caption) for e in calls[-1]) and time.monotonic() < deadline:
                time.sleep(0.05)
                t += CHUNK_MS
                calls.append(captions.hear(AudioChunk(t, b"\0\0" * 1600), Context(now=origin, t_ms=t), False))
        finally:
            captions.close()

    def first_call(kind) -> int:
        return next(i for i, out in enumerate(calls) if any(isinstance(e, kind) for e in out))

    assert first_call(Asking) < first_call(Caption)     # the badge went up before the line came back
    state = HudState()
    for out in calls[:first_call(Asking) + 1]:
        for e in out:
            state, _ = state.apply(e)
    assert state.badge == "127.0.0.1"                   # ...and stayed up while the engine worked
    events = [e for out in calls for e in out]
    assert [type(e) for e in events if isinstance(e, (Asking, Egress, Asked, Caption))] == [Asking, Egress, Asked, Caption]
    line = next(e for e in events if isinstance(e, Caption))
    assert line.text == ENGLISH and line.via == "127.0.0.1"


def test_with_nothing_listening_it_translates_on_the_device_at_once_and_says_so_once(translating):
    captions, ctx_for, _, _ = translating(config_for(f"http://127.0.0.1:{closed_port()}/v1"))
    first = speak_into(captions, FRENCH, 1000, ctx_for)
    second = speak_into(captions, FRENCH, 20_000, ctx_for)
    lines = [e for e in first + second if isinstance(e, Caption)]
    assert len(lines) == 2
    for line in lines:   # Whisper's own translation, not marked as the engine's
        assert line.via == "" and line.card.title == "French → English"
        assert "consul" in line.text.lower() and "forêt" not in line.text.lower()
    errors = [e for e in first + second if isinstance(e, Error)]
    spoken = [e for e in first + second if isinstance(e, Reply)]
    assert [e.code for e in errors] == ["engine_unreachable"] and "translating on the glasses" in errors[0].message
    assert [r.text for r in spoken] == ["Your home server isn't answering, so I'm translating on the glasses."]
    # the second line did not wait on the engine again (engine_retry_s): one attempt in all
    assert len([e for e in first + second if isinstance(e, Asking)]) == 1
    assert [e.outcome for e in first + second if isinstance(e, Asked)] == ["engine_unreachable"]


def test_an_engine_that_hangs_is_given_up_on_within_the_timeout(engine, tmp_path, translating):
    log = tmp_path / "engine.jsonl"
    server = engine("stall_first_token", stall_s=120, log=log)
    captions, ctx_for, _, _ = translating(config_for(server.url, timeout_s=1.0))
    events = speak_into(captions, FRENCH, 1000, ctx_for)   # returns: the 120 s stall is not waited out
    assert len(requests(log)) == 1
    [line] = [e for e in events if isinstance(e, Caption)]
    assert line.via == "" and "consul" in line.text.lower()
    assert [e.code for e in events if isinstance(e, Error)] == ["engine_timeout"]
    assert [e.outcome for e in events if isinstance(e, Asked)] == ["engine_timeout"]


def test_an_engine_that_echoes_the_french_back_is_not_shown_as_english(engine, tmp_path, translating):
    """What SmolLM2-135M did on the real clips: the source line back instead of a translation."""
    echo = "Excerpt from the French translation: Sous le consulat, il devient conservateur des eaux et forêts."
    server = engine("normal", token_ms=0, answer=echo, log=tmp_path / "engine.jsonl")
    captions, ctx_for, _, _ = translating(config_for(server.url))
    events = speak_into(captions, FRENCH, 1000, ctx_for)
    assert len(requests(tmp_path / "engine.jsonl")) == 1
    [line] = [e for e in events if isinstance(e, Caption)]
    assert line.via == "" and line.text != echo and "consul" in line.text.lower() and "forêt" not in line.text.lower()
    assert not [e for e in events if isinstance(e, (Error, Reply))]   # the engine works; nothing to tell
    assert echoes("Sous le consulat il devient conservateur", echo) and not echoes("Le Louvre est à Paris",
                                                                                 "The Louvre is in Paris.")
    # heard a little differently from what the engine echoed: the run of words in order still tells
    assert echoes("Sous le consulat, il devient conservateur d'inzo et forêt et conseiller général.", echo)
    assert not echoes("Je suis allé à l'Université Pierre et Marie Curie hier soir avec mes amis",
                      "I went to the Université Pierre et Marie Curie last night with my friends.")


def test_nothing_is_sent_unless_the_wearer_opted_in(engine, tmp_path, translating):
    log = tmp_path / "engine.jsonl"
    server = engine("normal", token_ms=0, answer=ENGLISH, log=log)
    captions, ctx_for, reply, _ = translating(config_for(server.url, translate_with="device"))
    assert reply.text == "Translating into English."
    events = speak_into(captions, FRENCH, 1000, ctx_for)
    [line] = [e for e in events if isinstance(e, Caption)]
    assert line.via == "" and line.text != ENGLISH and "consul" in line.text.lower()
    assert not [e for e in events if isinstance(e, (Asking, Egress, Asked))]
    assert requests(log) == []                  # the engine saw nothing
    assert Config().captions.translate_with == "device"   # the default


def test_opted_in_without_an_engine_says_so_when_translation_starts_and_not_per_line(translating):
    captions, ctx_for, reply, _ = translating(config_for(None))
    assert reply.text == "Translating into English. Your home server isn't set up, so I'm translating on the glasses."
    events = speak_into(captions, FRENCH, 1000, ctx_for)
    assert [e for e in events if isinstance(e, Caption)]
    assert not [e for e in events if isinstance(e, (Error, Reply, Asking))]


def test_transcribe_translate_uses_the_engine_when_configured_and_falls_back_when_it_is_down(
        engine, tmp_path, glasses_cli):
    log = tmp_path / "engine.jsonl"
    server = engine("normal", token_ms=0, answer=ENGLISH, log=log)
    conf = tmp_path / "config.yaml"
    conf.write_text(yaml.safe_dump({"ask": {"url": server.url}, "captions": {"translate_with": "engine"}}))
    result = glasses_cli("--config", str(conf), "transcribe", "--translate", "--json", str(FRENCH))
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout.splitlines()[-1])
    assert row["how"] == "engine" and row["via"] == "127.0.0.1" and row["text"] == ENGLISH
    assert "consulat" in row["source"].lower() and row["language"] == "fr"
    [body] = requests(log)
    assert "consulat" in body["messages"][1]["content"].lower()

    down = dict(yaml.safe_load(conf.read_text()), ask={"url": f"http://127.0.0.1:{closed_port()}/v1"})
    conf.write_text(yaml.safe_dump(down))
    result = glasses_cli("--config", str(conf), "transcribe", "--translate", "--json", str(FRENCH), str(FRENCH))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["how"] for r in rows] == ["whisper", "whisper"] and all("consul" in r["text"].lower() for r in rows)
    assert result.stderr.count("translating on the glasses") == 1   # once, not per file


def test_a_replay_never_translates_with_the_engine():
    skill = AskSkill(AskConfig(url="http://127.0.0.1:9/v1"), replay=True,
                     translator=TextTranslator(AskConfig(url="http://127.0.0.1:9/v1")))
    assert skill.translation_host() == ""
    with pytest.raises(Exception, match="engine_off"):
        skill.translate_text("bonjour", "French", 1.0, lambda e: None)

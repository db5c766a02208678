"""Captions and translation: the pure parts with numbers, then the real model through the
whole assistant (saving a conversation, unloading after a quiet minute) and the CLI."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from glasses.runtime.build import replay_pipeline
from glasses.captions.events import Caption
from glasses.captions.model import ModelSlot
from glasses.captions.segmenter import FRAME_MS, Segmenter
from glasses.config import Config, with_overrides
from glasses.hud.state import HudState
from glasses.replay import json_events, replay
from glasses.session import load_session
from glasses.stt.whisper import drop_echoes, pick_language
from cardfix import typed_card

FRAME = b"\0\0" * (16 * FRAME_MS)


def feed(seg: Segmenter, pattern: str, t0: int = 0):
    """'s' speech / '.' silence per 30 ms frame; the segments that close."""
    out = []
    for i, c in enumerate(pattern):
        s = seg.feed(t0 + (i + 1) * FRAME_MS, FRAME, c == "s")
        if s is not None:
            out.append(s)
    return out


def test_segmenter_cuts_at_pauses_with_preroll_and_a_short_tail():
    seg = Segmenter(start_ms=90, silence_ms=300, max_ms=6000, preroll_ms=120)
    got = feed(seg, "." * 20 + "s" * 30 + "." * 12 + "s" * 10 + "." * 15)
    assert len(got) == 2
    first = got[0]
    assert first.end_ms == (20 + 30) * FRAME_MS            # the last speech frame
    assert first.closed_ms == first.end_ms + 300            # after the pause
    assert first.start_ms < 20 * FRAME_MS                   # pre-roll before the first word
    kept_ms = len(first.pcm) // 32
    assert first.end_ms - first.start_ms <= kept_ms <= first.end_ms - first.start_ms + 150


def test_segmenter_ignores_blips_cuts_long_talk_and_forgets_on_reset():
    seg = Segmenter(start_ms=120, silence_ms=300, max_ms=1500, preroll_ms=0)
    assert feed(seg, "ss..ss..s." * 5) == []                # clicks never make a line
    long = feed(seg, "s" * 120)
    assert len(long) == 2 and all(s.closed_ms - s.start_ms <= 1500 + FRAME_MS for s in long)
    seg.reset()
    feed(seg, "s" * 20)
    seg.reset()                                              # the wake word: drop the segment
    assert feed(seg, "." * 20) == [] and seg.flush(9999) is None


def test_model_slot_unloads_after_a_quiet_minute_and_reloads_on_demand():
    loads = []
    slot = ModelSlot(lambda: loads.append(1) or object(), idle_ms=60_000)
    assert not slot.loaded
    slot.get(1_000)
    assert slot.loaded and slot.unload_if_quiet(60_999) is False
    slot.touch(30_000)
    assert slot.unload_if_quiet(89_999) is False and slot.unload_if_quiet(90_000) is True
    assert not slot.loaded
    slot.use(100_000, lambda model: model)
    assert slot.loaded and len(loads) == 2


def test_echo_cleanup_and_language_choice():
    assert drop_echoes("Could I get a coffee with milk? Could I get coffee with milk? Could") == \
        "Could I get a coffee with milk?"
    assert drop_echoes("Do not write this down Do not write the sound Do not") == "Do not write this down"
    assert drop_echoes("Yes. Yes. I think so.") == "Yes. I think so."
    assert drop_echoes("No, no, no, I said no.") == "No, no, no, I said no."
    assert drop_echoes("Good morning, good morning,") == "Good morning"
    ranked = [("<|la|>", 0.4), ("<|de|>", 0.3), ("<|en|>", 0.1)]
    assert pick_language(ranked) == "la" and pick_language(ranked, ("en", "de")) == "de"


def test_a_caption_shows_on_the_hud_under_its_language():
    card = typed_card("captions", title="French → English", lines=["Where is the station?"])
    state, changed = HudState().apply(Caption(5000, "Where is the station?", "fr", "translate", 3000, 4500, card))
    assert changed and state.card.title == "French → English"
    assert state.card.lines == ("Where is the station?",)


CONVERSATION = {
    "started_at": "2026-03-03T14:45:00+00:00",
    "timezone": "Europe/London",
    "noise_dbfs": -55,
    # the voice loop on tiny.en: captions load their own multilingual model, and free it after
    # a quiet spell (a minute by default: the pure test above; 5 s here to keep the test short)
    "config": {"day": {"briefing_on_first_wake": False}, "stt": {"whisper": "tiny.en"},
               "captions": {"unload_after_s": 5}},
    "lines": [
        {"at": 0.5, "text": "caption this conversation"},
        {"at": 2.5, "say": "The museum opens at ten in the morning.", "voice": "en-us", "speed": 150},
        {"after": 1.0, "text": "stop captions"},
        {"after": 2.0, "text": "save this conversation"},
    ],
    "tail_s": 7,
}


def run_and_list(root):
    """The event stream, and every file in the replay's data folder afterwards."""
    session = load_session(root)
    config = with_overrides(Config(), session.config_overrides, "session")
    with replay_pipeline(session, config) as pipeline:
        captions = next(s for s in pipeline.assistant.p.router.skills if type(s).__name__ == "CaptionsSkill")
        data_dir = captions.save_dir.parent
        before = {p for p in data_dir.rglob("*")}
        events = list(json_events(replay(session, pipeline)))
        after = {p for p in data_dir.rglob("*") if p.is_file()}
        written = {p: p.read_text() for p in after - before}
    return events, written


def test_save_writes_only_the_transcript_and_the_model_unloads_when_quiet(make_session):
    events, written = run_and_list(make_session(CONVERSATION))
    captions = [e for e in events if e["type"] == "caption"]
    assert len(captions) == 1 and "museum" in captions[0]["text"].lower()
    saved = [e for e in events if e["type"] == "say" and e["text"].startswith("Saved the conversation")]
    assert saved and saved[0]["text"] == "Saved the conversation, 1 line."
    assert len(written) == 1, sorted(written)                 # nothing else is written
    (path, text), = written.items()
    assert path.parent.name == "conversations" and path.suffix == ".txt"
    lines = text.splitlines()
    assert lines[0].startswith("# Conversation of 2026-03-03")
    assert re.fullmatch(r"\[14:45:0\d\] .*museum.*", lines[1], re.I) and len(lines) == 2
    model = [e for e in events if e["type"] == "captions_model"]
    assert [m["loaded"] for m in model] == [True, False]
    stopped = next(e["t_ms"] for e in events if e["type"] == "captions" and not e["on"])
    assert 4_500 <= model[1]["t_ms"] - stopped <= 6_000   # the quiet spell, to a chunk


def test_nothing_is_kept_without_save(make_session):
    script = dict(CONVERSATION, lines=CONVERSATION["lines"][:3], tail_s=2)
    events, written = run_and_list(make_session(script))
    assert [e for e in events if e["type"] == "caption"] and written == {}


@pytest.fixture
def phrase_wavs(tmp_path):
    from glasses.audio import write_wav
    from glasses.scriptgen import synthesize

    files = {}
    for name, voice, text in (("fr", "fr", "Merci beaucoup, au revoir."),
                              ("es", "es", "Buenos días, ¿cómo está usted?")):
        files[name] = tmp_path / f"{name}.wav"
        write_wav(files[name], synthesize(text, voice, 130))
    return files


def test_transcribe_translate_prints_english_per_file_as_json(glasses_cli, phrase_wavs, tmp_path):
    result = glasses_cli("transcribe", "--translate", "--json", str(phrase_wavs["fr"]), str(phrase_wavs["es"]))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(r) for r in rows] == [{"file", "text", "language", "engine", "ms", "source", "how", "via"}] * 2
    fr, es = rows
    assert fr["language"] == "fr" and "thank you" in fr["text"].lower()
    assert es["language"] == "es" and "how are you" in es["text"].lower()
    assert fr["engine"] == "whisper-base" and fr["ms"] > 0
    missing = glasses_cli("transcribe", "--translate", str(tmp_path / "nope.wav"))
    assert missing.returncode == 2 and missing.stderr.strip().count("\n") == 0
    assert "nope.wav" in missing.stderr and "Traceback" not in missing.stderr


def test_transcribe_captions_prints_timed_lines(glasses_cli, make_session):
    script = {"started_at": "2026-03-03T14:45:00+00:00", "noise_dbfs": -55, "tail_s": 1, "lines": [
        {"at": 1.0, "say": "The museum opens at ten in the morning.", "voice": "en-us", "speed": 150},
        {"after": 2.0, "say": "Tickets cost twelve euros for adults.", "voice": "en-us", "speed": 150},
    ]}
    root = make_session(script)
    result = glasses_cli("transcribe", "--captions", str(root / "audio.wav"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    stamps = [re.match(r"\[(\d\d):(\d\d\.\d)\] (.+)", line) for line in lines]
    assert all(stamps)
    assert 0.5 <= float(stamps[0].group(2)) <= 1.2 and "museum" in stamps[0].group(3).lower()
    assert "ticket" in stamps[1].group(3).lower()


def test_doctor_tells_how_the_base_model_is_joined_never_to_fetch_it(tmp_path, monkeypatch):
    from glasses.doctor import check_models

    monkeypatch.setenv("GLASSES_MODELS", str(tmp_path / "models"))
    from glasses.stt.whisper_models import base

    def row():
        return next(r for r in check_models(verify=False) if r.name == "model: whisper-base")

    before = row()
    assert before.ok and "not joined yet" in before.detail and "fetch" not in before.detail + before.fix
    folder = base()
    after = row()
    assert after.ok and str(folder) in after.detail


def test_captions_share_the_voice_loops_multilingual_model(make_session):
    """With Whisper base as the recognizer (the default) captions use the loaded model: no
    second copy, never unloaded under the voice loop."""
    script = dict(CONVERSATION, config={"day": {"briefing_on_first_wake": False}, "captions": {"unload_after_s": 5}})
    session = load_session(make_session(script))
    config = with_overrides(Config(), session.config_overrides, "session")
    with replay_pipeline(session, config) as pipeline:
        captions = next(s for s in pipeline.assistant.p.router.skills if type(s).__name__ == "CaptionsSkill")
        assert captions.worker.slot.shared
        assert captions.worker.slot.get(0) is pipeline.assistant.p.transcriber.runner
        events = list(json_events(replay(session, pipeline)))
    assert [e["loaded"] for e in events if e["type"] == "captions_model"] == [True]
    assert any("museum" in e["text"].lower() for e in events if e["type"] == "caption")


OVERLAP = {
    "started_at": "2026-03-03T14:45:00+00:00",
    "timezone": "Europe/London",
    "noise_dbfs": -55,
    "config": {"day": {"briefing_on_first_wake": False}, "stt": {"whisper": "tiny.en"}, "tts": {"rate": 80}},
    "lines": [
        {"at": 0.5, "text": "caption this conversation"},
        {"at": 3.0, "text": "what's the date"},         # a slow spoken answer ...
        {"at": 3.4, "say": "The museum opens at ten in the morning.", "voice": "en-us", "speed": 150},  # ... over it
    ],
    "tail_s": 6,
}


def test_a_line_said_while_the_glasses_talk_is_captioned_after_marked_overlapped(make_session):
    events, _ = run_and_list(make_session(OVERLAP))
    answer = next(e for e in events if e["type"] == "say" and e["t_ms"] >= 3_000)
    spoken_until = answer["t_ms"] + answer["duration_ms"]
    assert spoken_until > 6_000, answer                    # the person spoke inside the answer
    captions = [e for e in events if e["type"] == "caption"]
    assert len(captions) == 1 and "museum" in captions[0]["text"].lower(), captions
    line = captions[0]
    assert line["overlapped"] is True
    assert line["start_ms"] < spoken_until and line["t_ms"] >= spoken_until   # shown after the answer
    assert any(text.startswith("(overlap) ") and "museum" in text.lower() for text in line["card"]["lines"])


def test_the_glasses_own_voice_picked_up_by_the_microphone_is_not_captioned(make_session):
    # the answer's words reach the microphone while it is spoken (a speaker next to the mic)
    echo = dict(OVERLAP, lines=OVERLAP["lines"][:2] + [
        {"at": 3.4, "say": "It's Tuesday the third of March, 2026.", "voice": "en-us", "speed": 150}])
    events, _ = run_and_list(make_session(echo))
    assert [e for e in events if e["type"] == "caption"] == []


def test_own_speech_spans_overlap_and_echo():
    from glasses.captions.overlap import OwnSpeech

    own = OwnSpeech()
    for t in range(3_000, 6_000, 40):
        own.heard(t, t + 40, "It's Tuesday the third of March.")
    own.heard(9_000, 9_040, "Captions off.")
    assert [(s.start_ms, s.end_ms) for s in own.spans] == [(3_000, 6_000), (9_000, 9_040)]
    assert own.overlapping(5_900, 7_000) and not own.overlapping(6_000, 8_900)
    assert own.is_echo("it's tuesday, the third of march", 3_100, 5_000)
    assert not own.is_echo("The museum opens at ten in the morning.", 3_100, 5_000)
    assert not own.is_echo("It's Tuesday the third of March.", 6_500, 8_000)   # said when we were quiet

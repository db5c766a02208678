"""glasses.audio.resample gives scipy.signal.resample_poly's numbers bit for bit, and the spoken
answers are resampled without loading SciPy's signal module (81 MB in the voice loop)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import resample_poly

from glasses.audio import _ratio, resample

ROOT = Path(__file__).resolve().parents[1]
RATES = [(22050, 16000), (44100, 16000), (48000, 16000), (8000, 16000), (11025, 16000), (24000, 16000),
         (16000, 22050), (16000, 8000), (44099, 16000)]


@pytest.mark.parametrize("src,dst", RATES)
def test_resample_is_scipys_resample_poly_bit_for_bit(src, dst):
    rng = np.random.default_rng(src + dst)
    for n in (1, 7, 1001, 3 * src + 17):
        x = rng.normal(0, 0.3, n).astype(np.float32)
        up, down = _ratio(src, dst)
        want = resample_poly(x, up, down).astype(np.float32)
        got = resample(x, src, dst)
        assert got.dtype == np.float32 and got.shape == want.shape
        assert np.array_equal(got, want), f"{src} -> {dst} Hz, {n} samples"


def test_a_long_input_is_resampled_in_pieces_with_the_same_numbers():
    x = np.random.default_rng(3).normal(0, 0.3, 22050 * 4).astype(np.float32)   # several 16,384-sample chunks
    assert np.array_equal(resample(x, 22050, 16000), resample_poly(x, 320, 441).astype(np.float32))


def test_same_rate_and_empty_input_pass_through():
    x = np.arange(5, dtype=np.float64)
    assert np.array_equal(resample(x, 16000, 16000), x.astype(np.float32))
    assert resample(np.zeros(0, np.float32), 22050, 16000).size == 0


def test_a_spoken_answer_does_not_load_scipy_signal():
    """The voice loop renders every answer with espeak-ng at 22,050 Hz and resamples it to 16 kHz."""
    probe = ("import json, sys\n"
             "import numpy as np\n"
             "from glasses.tts import EspeakVoice\n"
             "pcm = EspeakVoice('en-us', 175, 1.0).render('It is eight in the morning.')\n"
             "print(json.dumps([len(pcm), 'scipy.signal' in sys.modules, 'scipy' in sys.modules]))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    size, signal_loaded, scipy_loaded = json.loads(out.stdout.splitlines()[-1])
    assert size > 16000  # more than half a second of 16-bit audio
    assert not signal_loaded and not scipy_loaded

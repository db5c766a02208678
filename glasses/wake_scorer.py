"""openWakeWord's front end and classifier, streamed at a finer phase.

openWakeWord turns 16 kHz audio into log-mel frames (10 ms hop, ``melspectrogram.onnx``), turns
each window of 76 mel frames into a 96-number embedding (``embedding_model.onnx``, Google's
speech_embedding) and lets a small wake-word classifier score the last 16 embeddings. Upstream
computes one embedding per 80 ms, so the classifier only ever sees the audio at one of eight
possible 10 ms alignments, fixed by where the stream happened to start. Measured here, the
``hey_jarvis`` score for the same utterance swings from 0.32 to 0.85 with that alignment alone
(espeak-ng en-us+f3 at 185 words/min), which is why that voice never woke at threshold 0.5.

``WakeScorer`` computes embeddings every ``80 / phases`` ms and keeps one 80 ms-spaced
embedding sequence per phase; the score of a frame is the best over the phases. With four phases
(the default in glasses.wake) the worst alignment is 10 ms away instead of 40 ms, for about three
times upstream's CPU (still a few ms per 80 ms frame). The models are the same ONNX files the
openwakeword 0.5.1 wheel ships; only the streaming differs (no tflite, no global state).

**Gating** (``gate``): most of the time nobody is saying the wake word, and the first alignment
alone scores near zero. With a gate, only phase 0 (upstream's alignment) is computed while its
score stays below ``gate``; once it reaches the gate, the embeddings the other phases missed are
computed from the kept mel frames (EMBED_BATCH windows per run) and every phase is scored (the same numbers as
without the gate) until phase 0 has stayed below the gate for ``GATE_HOLD`` frames; a phase that missed frames
catches up on them (at most 16) when it is scored again. The wake word
is then scored at four alignments exactly where it may be, for about a third of the CPU.
"""

from __future__ import annotations

import importlib.util
from collections import deque
from pathlib import Path

import numpy as np

from glasses.errors import ModelError

FRAME = 1280          # samples per 80 ms at 16 kHz: one score per frame
MEL_PER_FRAME = 8     # mel frames (10 ms hop) per 80 ms
MEL_WINDOW = 76       # mel frames per embedding
EMBEDDINGS = 16       # embeddings the classifier scores (about 1.3 s of audio)
EMBED_BATCH = 8       # windows per run of the embedding model: onnxruntime's arena keeps the memory of the
                      # largest batch it ran (64 windows at a reset: +66 MB; 8: +19 MB, as fast; same numbers)
_MEL_CONTEXT = 480    # extra samples before a frame so its 8 mel frames are complete
GATE_HOLD = 2         # frames the other phases stay scored after phase 0 fell below the gate
_MEL_KEEP = MEL_WINDOW + MEL_PER_FRAME * EMBEDDINGS   # mel frames to rebuild a phase's 16 embeddings


def openwakeword_models_dir() -> Path:
    """The ONNX models inside the openwakeword wheel, found without importing the package: its
    __init__ imports scikit-learn, which cost about 150 MB of memory and 0.8 s for nothing."""
    spec = importlib.util.find_spec("openwakeword")
    if spec is None or spec.origin is None:
        raise ModelError("openwakeword is not installed (pip install -e .: openwakeword==0.5.1 ships the models)")
    return Path(spec.origin).parent / "resources" / "models"


def _session(path: Path, threads: int = 1):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


class FeatureFrontEnd:
    """The shared part: mel spectrogram and embedding models (one per process is enough)."""

    def __init__(self, models_dir: Path | None = None) -> None:
        folder = models_dir or openwakeword_models_dir()
        self._mel = _session(folder / "melspectrogram.onnx")
        self._embed = _session(folder / "embedding_model.onnx")

    def mel(self, samples: np.ndarray) -> np.ndarray:
        """Log-mel frames (n, 32) of int16-scaled float samples, in openWakeWord's scaling."""
        out = self._mel.run(None, {"input": samples.astype(np.float32)[None, :]})[0]
        return np.squeeze(out, axis=(0, 1)) / 10.0 + 2.0

    def embed(self, windows: np.ndarray) -> np.ndarray:
        """Embeddings (n, 96) of mel windows (n, 76, 32), at most EMBED_BATCH windows per run."""
        windows = windows.astype(np.float32)[..., None]
        out = []
        for i in range(0, len(windows), EMBED_BATCH):
            part = windows[i:i + EMBED_BATCH]
            out.append(self._embed.run(None, {"input_1": part})[0].reshape(len(part), -1))
        return np.concatenate(out) if out else np.zeros((0, 96), np.float32)


class WakeScorer:
    """Feed 80 ms frames of int16 audio; each returns the wake-word score (0..1) for that frame."""

    def __init__(self, classifier: Path, front: FeatureFrontEnd | None = None, phases: int = 2,
                 gate: float | None = None) -> None:
        if MEL_PER_FRAME % phases:
            raise ValueError(f"phases must divide {MEL_PER_FRAME}")
        self.front = front or FeatureFrontEnd()
        self._classifier = _session(classifier)
        inp = self._classifier.get_inputs()[0]
        if list(inp.shape[1:]) != [EMBEDDINGS, 96]:
            raise ValueError(f"expects input [1, 16, 96] (openWakeWord format), has {inp.shape}")
        self._input = inp.name
        self.phases = phases
        self.gate = gate if phases > 1 else None
        self._offsets = [p * MEL_PER_FRAME // phases for p in range(phases)]
        self.stats = {"frames": 0, "all_phases": 0, "rebuilds": 0}
        self.reset()

    def reset(self) -> None:
        """Forget the audio heard so far (the buffers refill with quiet noise)."""
        quiet = np.random.default_rng(0).normal(0, 10, FRAME * 30).astype(np.float32)
        mel = self.front.mel(quiet)
        self._tail = quiet[-_MEL_CONTEXT:]
        self._mel = mel[-_MEL_KEEP:]
        self._open = 0                  # frames left with every phase scored
        self._stale = [0] * self.phases  # frames each phase's embeddings missed (gated)
        ends = [len(mel) - k * MEL_PER_FRAME - off for off in self._offsets for k in range(EMBEDDINGS)]
        emb = self.front.embed(np.stack([mel[e - MEL_WINDOW:e] for e in ends]))
        self._emb = [deque(emb[p * EMBEDDINGS:(p + 1) * EMBEDDINGS][::-1], maxlen=EMBEDDINGS)
                     for p in range(self.phases)]

    def score(self, frame: np.ndarray) -> float:
        """The score after this 80 ms frame (exactly ``FRAME`` int16 samples): best over phases."""
        return max(self.phase_scores(frame))

    def phase_scores(self, frame: np.ndarray) -> list[float]:
        """One score per phase after this 80 ms frame (phase 0 is upstream openWakeWord's). With
        a gate, only phase 0's while it is below the gate and was not above it lately."""
        audio = np.concatenate([self._tail, frame.astype(np.float32)])
        self._tail = audio[-_MEL_CONTEXT:]
        self._mel = np.concatenate([self._mel, self.front.mel(audio)])[-_MEL_KEEP:]
        self.stats["frames"] += 1
        if self.gate is None:
            self._catch_up(range(self.phases))
            return [self._classify(p) for p in range(self.phases)]
        self._catch_up([0])
        first = self._classify(0)
        if first >= self.gate:
            self._open = GATE_HOLD + 1
        others = range(1, self.phases)
        if self._open <= 0:
            for p in others:
                self._stale[p] += 1
            return [first]
        self._open -= 1
        self._catch_up(others)
        self.stats["all_phases"] += 1
        return [first] + [self._classify(p) for p in others]

    def _catch_up(self, phases) -> None:
        """Each of ``phases`` gets the embeddings it missed while gated and this frame's (at most
        the 16 the classifier reads), from the kept mel frames."""
        n = len(self._mel)
        wanted = [(p, k) for p in phases for k in range(min(EMBEDDINGS, self._stale[p] + 1) - 1, -1, -1)]
        if len(wanted) > len(list(phases)):
            self.stats["rebuilds"] += 1
        ends = [n - k * MEL_PER_FRAME - self._offsets[p] for p, k in wanted]
        for (p, _), emb in zip(wanted, self.front.embed(np.stack([self._mel[e - MEL_WINDOW:e] for e in ends]))):
            self._emb[p].append(emb)
        for p in phases:
            self._stale[p] = 0

    def _classify(self, phase: int) -> float:
        # the classifiers are exported with batch size 1
        return float(self._classifier.run(None, {self._input: np.stack(self._emb[phase])[None].astype(np.float32)})[0]
                     .reshape(-1)[0])

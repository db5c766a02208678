"""The embedding model with its weights kept int8 (glasses/memory/lean_graph.py) gives the
vectors the model file gives run as it is, over every sentence of the memory benchmark; the
rewritten file is cached once and made again when it does not match its sha256."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import yaml

from glasses.memory import embed
from glasses.memory.embed import SentenceEmbedder, lean_path
from glasses.memory.lean_graph import INT8, ModelProto, gather_before_dequantize

PAIRS = yaml.safe_load((Path(__file__).resolve().parents[2] / "glasses" / "data" / "memory" / "pairs.yaml").read_text())
SENTENCES = [p[k] for half in ("dev", "held_out") for p in PAIRS[half] for k in ("note", "question")]


class _AsShipped(SentenceEmbedder):
    """The model file as it is, onnxruntime's default optimizations (what the store used before)."""

    def __init__(self) -> None:     # noqa: D107 - the parent's tokenizer, the file's own graph
        super().__init__()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(embed.default_model_path()), opts,
                                            providers=["CPUExecutionProvider"])


@pytest.fixture(scope="module")
def shipped():
    return _AsShipped()


def test_the_lean_model_gives_the_same_vectors(shipped, tmp_path):
    lean = SentenceEmbedder(lean_cache=tmp_path)
    for texts in ([s] for s in SENTENCES[:20]), [SENTENCES]:   # one by one, and padded in a batch
        for batch in texts:
            a, b = shipped.embed(batch), lean.embed(batch)
            assert (a * b).sum(axis=1).min() >= 0.9999
            assert np.abs(a - b).max() < 1e-5


def test_the_rewrite_gathers_the_tables_before_dequantizing_them():
    source = embed.default_model_path().read_bytes()
    lean, tables = gather_before_dequantize(source)
    assert tables == 2       # word and position embeddings
    m = ModelProto()
    m.ParseFromString(lean)
    int8 = {t.name for t in m.graph.initializer if t.data_type == INT8}
    casts = [n for n in m.graph.node if n.op_type == "Cast" and n.input[0] in int8]
    gathers = [n for n in m.graph.node if n.op_type == "Gather" and n.input[0] in int8]
    assert len(gathers) == 2
    assert len(casts) == 36  # the MatMul weights, cast at each run (folding is off)
    assert gather_before_dequantize(lean) == (lean, 0)     # nothing left to rewrite


def test_the_rewritten_model_is_cached_and_made_again_when_damaged(tmp_path):
    folder = tmp_path / "memory"
    first = SentenceEmbedder(lean_cache=folder)
    assert folder.stat().st_mode & 0o777 == 0o700       # the notes' folder, private as the store makes it
    path = lean_path(folder)
    assert path.is_file() and path.with_name(path.name + ".sha256").is_file()
    made = path.stat().st_mtime_ns
    want = first.embed(["where did I park"])
    again = SentenceEmbedder(lean_cache=folder)
    assert path.stat().st_mtime_ns == made                 # loaded, not rewritten
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF                           # one flipped byte in the weights
    path.write_bytes(bytes(data))
    repaired = SentenceEmbedder(lean_cache=folder)
    assert path.read_bytes() != bytes(data)
    for e in (again, repaired):
        assert np.array_equal(e.embed(["where did I park"]), want)

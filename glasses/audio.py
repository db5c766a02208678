"""WAV files and sample-rate conversion: everything inside runs at 16 kHz mono s16."""

from __future__ import annotations

import wave
from math import gcd
from pathlib import Path

import numpy as np

from glasses.errors import GlassesError

RATE = 16_000
CHUNK_MS = 40  # one microphone chunk (live, emulator, replay): the endpoint is noticed sooner than with 80


def read_wav(path: Path, rate: int = RATE) -> np.ndarray:
    """A WAV file of any PCM sample rate and channel count as mono int16 at ``rate``."""
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, src_rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            raw = w.readframes(n)
    except FileNotFoundError:
        raise GlassesError("file not found", where=str(path)) from None
    except (wave.Error, EOFError) as exc:
        raise GlassesError(f"not a readable PCM WAV file ({exc})", where=str(path)) from None
    frame_bytes = channels * width
    if len(raw) < n * frame_bytes:
        raise GlassesError(f"truncated: header says {n} frames, file holds {len(raw) // frame_bytes}",
                           where=str(path))
    samples = _to_float(raw, width)
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return to_int16(resample(samples, src_rate, rate))


def _to_float(raw: bytes, width: int) -> np.ndarray:
    if width == 1:
        return (np.frombuffer(raw, np.uint8).astype(np.float32) - 128) / 128
    if width == 2:
        return np.frombuffer(raw, "<i2").astype(np.float32) / 32768
    if width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3)
        v = (b[:, 0].astype(np.int32) | (b[:, 1].astype(np.int32) << 8) | (b[:, 2].astype(np.int32) << 16))
        v = np.where(v & 0x800000, v - 0x1000000, v)
        return v.astype(np.float32) / 8388608
    if width == 4:
        return np.frombuffer(raw, "<i4").astype(np.float32) / 2147483648
    raise GlassesError(f"unsupported sample width {width * 8} bits")


def resample(samples: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Polyphase resampling (scipy) of float samples from ``src`` Hz to ``dst`` Hz."""
    if src == dst or samples.size == 0:
        return samples.astype(np.float32)
    from scipy.signal import resample_poly

    g = gcd(src, dst)
    return resample_poly(samples, dst // g, src // g).astype(np.float32)


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0 = 32768) to int16; int16 -> float -> int16 is exact."""
    return np.clip(np.round(samples * 32768), -32768, 32767).astype(np.int16)


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    """Write mono int16 samples as a 16-bit PCM WAV."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.asarray(samples, dtype=np.int16).tobytes())

"""WAV files and sample-rate conversion: everything inside runs at 16 kHz mono s16."""

from __future__ import annotations

import wave
from fractions import Fraction
from functools import lru_cache
from math import gcd
from pathlib import Path

import numpy as np

from glasses.errors import GlassesError
from glasses.limits import (
    MAX_AUDIO_BYTES,
    MAX_AUDIO_CHANNELS,
    MAX_AUDIO_RATE,
    MAX_AUDIO_SECONDS,
    MIN_AUDIO_RATE,
    human_bytes,
)
from glasses.safe_read import RefusedFile, open_regular

RATE = 16_000
CHUNK_MS = 40  # one microphone chunk (live, emulator, replay): the endpoint is noticed sooner than with 80


def read_wav(path: Path, rate: int = RATE) -> np.ndarray:
    """A WAV file of any PCM sample rate and channel count as mono int16 at ``rate``.

    The header is checked against the limits in glasses.limits (rate, channels, size)
    before any sample is read, so a hostile header never allocates."""
    where = str(path)
    try:
        with open_regular(path) as f, wave.open(f, "rb") as w:
            channels, width, src_rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            _check_header(channels, width, src_rate, n, where)
            raw = w.readframes(n)
    except FileNotFoundError:
        raise GlassesError("file not found", where=where) from None
    except RefusedFile as exc:
        if exc.reason.startswith("is a folder"):
            raise GlassesError("is a folder, not a WAV file", where=where) from None
        raise
    except IsADirectoryError:
        raise GlassesError("is a folder, not a WAV file", where=where) from None
    except (wave.Error, EOFError) as exc:
        raise GlassesError(f"not a readable PCM WAV file ({exc})", where=where) from None
    except RuntimeError:  # the wave module's word for a chunk whose size runs past the file's end
        raise GlassesError("not a readable PCM WAV file (a chunk's size runs past the end of the file, "
                           "before the audio)", where=where) from None
    except OSError as exc:
        raise GlassesError(f"cannot read: {exc.strerror or exc}", where=where) from None
    frame_bytes = channels * width
    if len(raw) < n * frame_bytes:
        raise GlassesError(f"truncated: header says {n} frames, file holds {len(raw) // frame_bytes}",
                           where=where)
    samples = _to_float(raw, width)
    del raw
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return to_int16(resample(samples, src_rate, rate))


def _check_header(channels: int, width: int, rate: int, n: int, where: str) -> None:

    if not MIN_AUDIO_RATE <= rate <= MAX_AUDIO_RATE:
        raise GlassesError(f"sample rate {rate} Hz is outside {MIN_AUDIO_RATE}..{MAX_AUDIO_RATE} Hz", where=where)
    if not 1 <= channels <= MAX_AUDIO_CHANNELS:
        raise GlassesError(f"{channels} channels (1..{MAX_AUDIO_CHANNELS} supported)", where=where)
    if width not in (1, 2, 3, 4):
        raise GlassesError(f"unsupported sample width {width * 8} bits", where=where)
    if n * channels * width > MAX_AUDIO_BYTES:
        raise GlassesError(f"audio too large: {human_bytes(n * channels * width)} of samples (limit "
                           f"{human_bytes(MAX_AUDIO_BYTES)}; convert it to 16 kHz mono first)", where=where)
    if n / rate > MAX_AUDIO_SECONDS:
        raise GlassesError(f"audio too long: {n / rate / 3600:.1f} h (limit {MAX_AUDIO_SECONDS // 3600} h)",
                           where=where)


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
    """Polyphase resampling of float samples from ``src`` Hz to ``dst`` Hz: the same numbers as
    ``scipy.signal.resample_poly`` (its default Kaiser-windowed filter, zero padding), summed in
    its order, without loading SciPy's signal module (81 MB in the voice loop, which resamples
    every spoken answer from espeak-ng's 22,050 Hz)."""
    if src == dst or samples.size == 0:
        return samples.astype(np.float32)
    up, down = _ratio(src, dst)
    return _resample_poly(samples, up, down).astype(np.float32)


def _resample_poly(x: np.ndarray, up: int, down: int, chunk: int = 1 << 14) -> np.ndarray:
    """``scipy.signal.resample_poly(x, up, down)`` for a 1-D float array: bit for bit on float32
    (tests/test_resample.py checks it against SciPy). Output ``n`` is the sum, oldest sample first,
    of the ``taps`` input samples up to ``(n + pre) * down // up`` times one phase of the filter."""
    g = gcd(up, down)
    up, down = up // g, down // g
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.dtype(np.float64)
    x = np.asarray(x, dtype=dtype)
    if up == down == 1:
        return x.copy()
    weights, pre = _polyphase(up, down, dtype.str)
    taps = len(weights)
    n_out = -(-len(x) * up // down)
    # zeros either side: every index below stays inside (so np.take's "clip" never clips)
    padded = np.concatenate([np.zeros(taps - 1, dtype), x, np.zeros(taps + 1, dtype)])
    out = np.empty(n_out, dtype)
    sample, weight = np.empty(chunk, dtype), np.empty(chunk, dtype)
    for start in range(0, n_out, chunk):
        n = min(chunk, n_out - start)
        first, phase = np.divmod((np.arange(start, start + n, dtype=np.intp) + pre) * down, up)
        acc, s, w = out[start:start + n], sample[:n], weight[:n]
        acc[:] = 0
        for k in range(taps):   # in SciPy's order, so the float32 sums round the same way
            np.take(padded, first, out=s, mode="clip")
            np.take(weights[k], phase, out=w, mode="clip")
            np.multiply(s, w, out=s)
            np.add(acc, s, out=acc)
            first += 1
    return out


@lru_cache(maxsize=8)
def _polyphase(up: int, down: int, dtype_str: str) -> tuple[np.ndarray, int]:
    """The filter of resample_poly (firwin(2 * 10 * max + 1, 1 / max, window=('kaiser', 5.0)),
    times ``up``, padded as it pads it) as ``weights[k, t]``: the weight of input sample
    ``first - taps + 1 + k`` for an output at phase ``t``; and how many outputs it drops at the start."""
    dtype = np.dtype(dtype_str)
    rate = max(up, down)
    cutoff, half = 1.0 / rate, 10 * rate
    n = 2 * half + 1
    m = np.arange(0, n, dtype=np.float64) - 0.5 * (n - 1)
    h = cutoff * np.sinc(cutoff * m)
    h = h * (np.i0(5.0 * np.sqrt(1 - (m / (0.5 * (n - 1))) ** 2.0)) / np.i0(5.0))
    h = h / np.sum(h)
    h = h.astype(dtype) * dtype.type(up)
    pre_pad = down - half % down
    h = np.concatenate([np.zeros(pre_pad, dtype), h])
    taps = -(-len(h) // up)
    full = np.zeros(taps * up, dtype)
    full[:len(h)] = h
    return np.ascontiguousarray(full.reshape(taps, up)[::-1]), (half + pre_pad) // down


def _ratio(src: int, dst: int) -> tuple[int, int]:
    """dst/src as small integers: an odd rate like 44099 Hz would need a polyphase filter
    of millions of taps (1 GB for 999983 Hz), so the ratio is approximated within 0.01 %."""
    g = gcd(src, dst)
    up, down = dst // g, src // g
    if max(up, down) <= 1000:
        return up, down
    f = Fraction(dst, src).limit_denominator(1000)
    return f.numerator, f.denominator


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

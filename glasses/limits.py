"""Documented limits on untrusted input (sessions, WAV files, frames, typed text), checked
before anything is allocated, and the text clean-up applied to whatever reaches a terminal.

Every limit here is listed in docs/sessions.md; a value outside one is a GlassesError (one
line naming the file and field, exit 2), never a multi-gigabyte allocation.
"""

from __future__ import annotations

import re
import unicodedata

# --- audio (WAV files: sessions, `glasses transcribe`) ---------------------------------------
MIN_AUDIO_RATE = 4_000          # Hz
MAX_AUDIO_RATE = 192_000        # Hz
MAX_AUDIO_CHANNELS = 8
MAX_AUDIO_BYTES = 256 * 1024 * 1024   # PCM data in one WAV (about 2.3 h of 16 kHz mono)
MAX_AUDIO_SECONDS = 3 * 3600

# --- the session clock -----------------------------------------------------------------------
MAX_SESSION_MS = 24 * 3600 * 1000     # no input, frame or expected row later than 24 h
MIN_YEAR, MAX_YEAR = 1970, 2200       # started_at

# --- camera frames in a session ----------------------------------------------------------------
MAX_FRAME_PIXELS = 40_000_000         # same limit as `glasses look` (glasses.vision.imageio)
MAX_FRAME_BYTES = 50 * 1024 * 1024
MAX_FRAMES = 200_000                  # 11 h at 5 frames a second

# --- text -------------------------------------------------------------------------------------
MAX_TYPED_CHARS = 4_000               # a typed command (live or a session's text event)
MAX_SPOKEN_CHARS = 1_500              # what one answer may say (about 90 s); longer ones are cut
MAX_LIST_SPOKEN = 10                  # items of a list read aloud before "and N more"
MAX_JSONL_BYTES = 64 * 1024 * 1024    # events.jsonl, frames.jsonl, expected.jsonl
MAX_YAML_BYTES = 1024 * 1024          # session.yaml, make-session scripts

# --- zipped sessions ----------------------------------------------------------------------------
MAX_ZIP_BYTES = 512 * 1024 * 1024     # everything a .zip may unpack to
MAX_ZIP_FILES = MAX_FRAMES + 100

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """``text`` safe for a terminal: escape sequences (colours, cursor moves, titles),
    control characters and bidirectional overrides removed; tabs and newlines become spaces."""
    text = _ESCAPES.sub("", str(text))
    return "".join(" " if ch in "\t\n\r" else ch for ch in text
                   if ch in "\t\n\r" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI))


def clip_for_speech(text: str, limit: int = MAX_SPOKEN_CHARS) -> str:
    """At most ``limit`` characters, cut after a whole sentence (else a clause, else a word)
    and ended with "and so on." so a listener hears that something was left out."""
    if len(text) <= limit:
        return text
    head = text[: limit - 20]
    for marks in (". ", "; ", ", ", " "):
        cut = head.rfind(marks)
        if cut > limit // 3:
            head = head[: cut + (1 if marks == ". " else 0)]
            break
    return head.rstrip(" ,;") + (" And so on." if head.endswith(".") else ", and so on.")


def human_bytes(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024  # type: ignore[assignment]
    return f"{n}"


def check_ms(value: object, field: str = "t_ms") -> int:
    """A session time: a whole number of milliseconds from 0 to MAX_SESSION_MS, else ValueError
    with the reason (the caller adds the file and line)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{field} must be a whole number of milliseconds >= 0, found {value!r}")
    if value > MAX_SESSION_MS:
        raise ValueError(f"{field} {value} is beyond the 24-hour limit of a session ({MAX_SESSION_MS} ms)")
    return value

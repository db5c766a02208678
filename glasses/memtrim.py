"""Giving freed heap pages back to the system after a one-time parse.

Python frees a parsed JSON's objects, but glibc keeps the pages of its heap that hold them
unless asked (``malloc_trim``), so a process that parsed 17 MB of JSON once at start-up keeps
tens of MB it no longer uses. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util


def _trim_function():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_TRIM = _trim_function()


def release_freed_memory() -> bool:
    """Returns whether pages were given back (False where the C library has no malloc_trim)."""
    return bool(_TRIM(0)) if _TRIM is not None else False

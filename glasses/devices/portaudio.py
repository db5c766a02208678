"""What PortAudio's errors mean, for messages a person can act on."""

from __future__ import annotations


def no_device(exc: Exception, device: object) -> bool:
    """Whether PortAudio's error means there is no such device at all (its "Error querying
    device -1" when no default device exists), not a device that exists but failed to open."""
    return device is None and "querying device -1" in str(exc)

"""Errors the user can act on. The CLI prints them as one line and exits non-zero."""

from __future__ import annotations


class GlassesError(Exception):
    """A problem with the user's input, files or devices: printed as one line, exit 2."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class ConfigError(GlassesError):
    """The configuration file is malformed or has an invalid value."""


class SessionError(GlassesError):
    """A recorded session is malformed, truncated or incomplete."""


class DeviceError(GlassesError):
    """A microphone, camera, speaker or GPIO device is missing or unusable."""


class ModelError(GlassesError):
    """A model file is missing, corrupt, or its checksum does not match."""

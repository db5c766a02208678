"""glasses: an offline, on-device assistant for AI glasses."""

__version__ = "0.1.0"

"""The runtime: how the assistant is built, started, guarded and stopped (see docs/architecture.md)."""

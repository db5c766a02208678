"""Shared fixtures: an isolated home for every test, session building, running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_models(tmp_path_factory):
    """One model folder for the whole run, as one machine has: the Whisper base model is joined
    from its two wheels once, not once per test."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch, shared_models):
    """No test reads or writes the real user's config, data or ALSA setup."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("GLASSES_MODELS", str(shared_models))
    return home


@pytest.fixture
def make_session(tmp_path):
    """Build a session from a script dict (glasses.scriptgen format); returns its folder."""
    from glasses.scriptgen import build_session

    counter = iter(range(1000))

    def make(script: dict, name: str | None = None) -> Path:
        out = tmp_path / (name or f"session{next(counter)}")
        return build_session(script, out, base_dir=ROOT)

    return make


def run_glasses(*args: str, env: dict | None = None, timeout: float = 300, cwd: Path | None = None,
                input: str | None = None, max_memory: int | None = None) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it; ``max_memory`` (bytes of address space)
    makes a run that would allocate more fail instead of filling the machine."""
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))

    return subprocess.run([sys.executable, "-m", "glasses", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, cwd=cwd or ROOT, input=input,
                          preexec_fn=limit if max_memory else None)


@pytest.fixture
def glasses_cli():
    return run_glasses

"""The stand-in engine as a separate process on 127.0.0.1 (so "killed mid-stream" is a real
process dying), started per test with the mode it needs and stopped afterwards."""

from __future__ import annotations

import select
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest




@dataclass
class Engine:
    proc: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


@pytest.fixture
def engine():
    """``engine(mode, token_ms=30, ...) -> Engine`` running glasses/ask/standin.py."""
    started: list[subprocess.Popen] = []

    def start(mode: str = "normal", **opts) -> Engine:
        args = [sys.executable, "-m", "glasses.ask.standin", "--port", "0", "--mode", mode]
        for name, value in opts.items():
            flag = "--" + name.replace("_", "-")
            args += [flag] if value is True else [flag, str(value)]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(proc)
        ready, _, _ = select.select([proc.stdout], [], [], 20)
        line = proc.stdout.readline() if ready else ""
        if not line.strip().isdigit():
            proc.kill()
            raise RuntimeError(f"the engine stand-in did not start: {proc.stderr.read()[-500:]}")
        return Engine(proc, int(line))

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        for f in (proc.stdout, proc.stderr):
            f.close()

"""Nothing leaves the device: the demo, a replay and a look run with no network at all (a new
network namespace) under strace, and make no socket connect() other than to local Unix sockets,
and leave nothing under a fresh $XDG_CACHE_HOME/Microsoft (onnxruntime's telemetry store)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "glasses" / "data"

RUNS = {
    "demo": ["demo"],
    "replay": ["replay", str(DATA / "demo"), "--json"],
    "look": ["look", str(DATA / "catalog" / "images" / "sign.jpg"), "--json"],
}


def _sealed_run(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    assert shutil.which("unshare") and shutil.which("strace"), "make test installs util-linux and strace"
    trace = tmp_path / "connect.txt"
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}  # the package must set it
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    cmd = ["unshare", "-n", "strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace),
           sys.executable, "-m", "glasses", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)
    calls = [line for line in trace.read_text().splitlines() if "connect(" in line]
    return proc, calls


@pytest.mark.parametrize("name", sorted(RUNS))
def test_runs_with_no_network_and_no_telemetry(name, tmp_path):
    proc, calls = _sealed_run(RUNS[name], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    outside = [c for c in calls if not re.search(r"sa_family=AF_UNIX", c)]
    assert outside == [], f"{name} tried to connect: {outside[:5]}"
    assert not (tmp_path / "cache" / "Microsoft").exists(), "onnxruntime telemetry wrote its device id"


def test_telemetry_switch_is_set_by_the_package():
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    out = subprocess.run([sys.executable, "-c", "import glasses, os; print(os.environ['ORT_DISABLE_TELEMETRY'])"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.strip() == "1"

"""The emulator for real: a subprocess on a virtual X display (Xvfb), driven with xdotool,
checked on screenshots of the display (ImageMagick ``import``).

Needs the Debian packages xvfb, xdotool, imagemagick and espeak-ng.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from glasses.session import load_session

TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool", "import": "imagemagick", "espeak-ng": "espeak-ng"}
missing = [pkg for exe, pkg in TOOLS.items() if shutil.which(exe) is None]
assert not missing, f"needs apt packages (make test installs them): {' '.join(missing)}"

GREEN = (40, 160, 40)      # the camera picture's background (BGR)
MAGENTA = (200, 60, 200)   # a box in its middle
SAID = (255, 190, 120)     # strip colour of what the assistant said
BLANK = (40, 40, 40)       # the view without a camera


@pytest.fixture
def display():
    """A fresh Xvfb on a free display number (``-displayfd``)."""
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        byte = os.read(read, 1)
        if not byte:
            proc.kill()
            pytest.fail("Xvfb did not start")
        number += byte
    os.close(read)
    yield f":{number.decode().strip()}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def picture_dir(tmp_path):
    folder = tmp_path / "camera"
    folder.mkdir()
    img = np.zeros((480, 640, 3), np.uint8)
    img[:] = GREEN
    cv2.rectangle(img, (200, 150), (440, 330), MAGENTA, -1)
    cv2.imwrite(str(folder / "scene.png"), img)
    return folder


def start(args: list[str], display: str, cwd: Path) -> subprocess.Popen:
    """The emulator as a subprocess; its stderr lines collect in ``proc.err_lines``."""
    env = {**os.environ, "DISPLAY": display, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "glasses", "emulate", *args], cwd=cwd, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.err_lines, proc.out_lines = [], []
    proc.readers = [threading.Thread(target=lambda s=stream, into=lines: into.extend(iter(s.readline, "")),
                                     daemon=True) for stream, lines in ((proc.stderr, proc.err_lines),
                                                                        (proc.stdout, proc.out_lines))]
    for reader in proc.readers:
        reader.start()
    return proc


def wait_ready(proc: subprocess.Popen, timeout: float = 90) -> None:
    """Models loaded and the assistant running (it says which keys do what)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if any("L looks" in line for line in proc.err_lines):
            return
        assert proc.poll() is None, f"the emulator exited: {''.join(proc.err_lines)}"
        time.sleep(0.1)
    pytest.fail("the emulator never became ready")


def xdo(display: str, *args: str) -> str:
    return subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                          text=True, timeout=20).stdout


def find_window(display: str, proc: subprocess.Popen, timeout: float = 90) -> tuple[str, int, int, int, int]:
    """(window id, x, y, width, height) of the emulator window once it is mapped."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, f"the emulator exited: {''.join(proc.err_lines)}"
        for wid in xdo(display, "search", "--onlyvisible", "--name", "glasses emulator").split():
            geo = dict(line.split("=", 1) for line in xdo(display, "getwindowgeometry", "--shell", wid).split())
            w, h = int(geo["WIDTH"]), int(geo["HEIGHT"])
            if w >= 480 and h >= 400:
                return wid, int(geo["X"]), int(geo["Y"]), w, h
        time.sleep(0.3)
    pytest.fail("the emulator window did not appear")


def screenshot(display: str, path: Path, box) -> np.ndarray:
    """The whole X display, cropped to the window."""
    subprocess.run(["import", "-display", display, "-window", "root", str(path)], check=True, timeout=30)
    shot = cv2.imread(str(path))
    _, x, y, w, h = box
    return shot[y:y + h, x:x + w]


def close_to(pixels: np.ndarray, color, tol: int = 40) -> np.ndarray:
    return np.abs(pixels.astype(int) - np.array(color)).max(axis=-1) <= tol


def privacy_dot(img: np.ndarray) -> int:
    """Red pixels of the CAM indicator at the top right of the HUD."""
    region = img[0:40, img.shape[1] - 100:].astype(int)
    return int(((region[..., 2] > 180) & (region[..., 1] < 100) & (region[..., 0] < 100)).sum())


def wait_for_screen(display, tmp_path, box, condition, proc, timeout=60.0, name="shot"):
    end = time.monotonic() + timeout
    n = 0
    while time.monotonic() < end:
        assert proc.poll() is None, f"the emulator exited: {''.join(proc.err_lines)}"
        img = screenshot(display, tmp_path / f"{name}-{n}.png", box)
        if condition(img):
            shutil.copy(tmp_path / f"{name}-{n}.png", tmp_path / f"{name}.png")
            return img
        n += 1
        time.sleep(0.4)
    pytest.fail(f"the screen never showed what {name} expects (last: {tmp_path}/{name}-{n - 1}.png)")


def finish(proc: subprocess.Popen, timeout: float = 60) -> tuple[int, str, str]:
    proc.wait(timeout=timeout)
    for reader in proc.readers:
        reader.join(timeout=5)
    return proc.returncode, "".join(proc.out_lines), "".join(proc.err_lines)


def test_a_session_plays_in_the_window_with_hud_and_camera_view(display, picture_dir, tmp_path):
    from glasses.scriptgen import build_session

    session = build_session({
        "started_at": "2026-11-22T08:30:00+01:00", "timezone": "Europe/Berlin", "tail_s": 2,
        "lines": [{"at": 1.0, "say": "hey jarvis"}, {"after": 0.3, "say": "what time is it"},
                  {"at": 0.5, "frames": str(picture_dir), "duration": 7.5, "every": 0.5}],
    }, tmp_path / "session", base_dir=tmp_path)
    proc = start(["--session", str(session), "--exit-at-end"], display, tmp_path)
    try:
        box = find_window(display, proc)
        hud_h = 400  # the default HUD height; the strip is below

        def answered(img):
            strip = img[hud_h:]
            view = img[40:hud_h]
            return close_to(strip, SAID).sum() > 80 and close_to(view, MAGENTA).sum() > 5000

        img = wait_for_screen(display, tmp_path, box, answered, proc, name="session")
    finally:
        if proc.poll() is None and "img" not in locals():
            proc.kill()
    # the camera view: the session's picture, scaled into the HUD area (640x480 -> 640x400)
    assert close_to(img[250, 320], MAGENTA, 30).all()
    assert close_to(img[300, 60], GREEN, 30).all()
    # the HUD over it: a dark status bar, the privacy indicator, the answer card
    bar = img[5:35, 120:500]
    assert not close_to(bar, GREEN, 30).any()
    assert privacy_dot(img) == 0  # session frames alone are a recording, not this camera capturing (issue 20)
    card = img[50:120, 20:620]
    assert (~close_to(card, GREEN, 30) & ~close_to(card, MAGENTA, 30)).mean() > 0.8
    assert (card.max(axis=-1) > 200).sum() > 200  # bright card text
    # the conversation strip
    assert close_to(img[hud_h:], SAID).sum() > 80
    code, out, err = finish(proc)
    assert code == 0, err
    assert "said:" in out and "fps" in err


def test_live_look_opens_the_camera_only_while_looking_and_q_quits(display, picture_dir, tmp_path):
    import sounddevice as sd

    no_mic = not any(d["max_input_channels"] > 0 for d in sd.query_devices())
    proc = start(["--camera", str(picture_dir), "--record", str(tmp_path / "rec")], display, tmp_path)
    try:
        box = find_window(display, proc)
        wait_ready(proc)
        # ready and idle: the camera is closed, the view blank, no privacy indicator
        img = wait_for_screen(display, tmp_path, box, lambda im: close_to(im[250, 320], BLANK, 3).all()
                              and (im[400:].max(axis=-1) > 150).sum() > 200, proc, name="idle")
        assert privacy_dot(img) == 0
        wid = box[0]
        xdo(display, "windowfocus", "--sync", wid)
        xdo(display, "key", "--window", wid, "l")
        img = wait_for_screen(display, tmp_path, box, lambda im: close_to(im[250, 320], MAGENTA, 30).all(),
                              proc, timeout=20, name="looking")
        assert privacy_dot(img) > 20
        # the look ends (1.5 s at most): the camera closes again
        img = wait_for_screen(display, tmp_path, box, lambda im: close_to(im[250, 320], BLANK, 3).all()
                              and privacy_dot(im) == 0, proc, timeout=20, name="closed")
        proc.stdin.write("what time is it\n")
        proc.stdin.flush()
        wait_for_screen(display, tmp_path, box, lambda im: close_to(im[400:], SAID).sum() > 150, proc,
                        timeout=30, name="typed")
        xdo(display, "windowfocus", "--sync", wid)
        xdo(display, "key", "--window", wid, "q")
        code, out, err = finish(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 0, err
    assert "typed: what time is it" in out
    if no_mic:
        assert sum("typed commands only" in line for line in err.splitlines()) == 1
    recorded = load_session(tmp_path / "rec")
    assert recorded.frames, "the look's frames were recorded"
    assert any(e.get("action") == "long_press" for e in recorded.events)
    assert [e["text"] for e in recorded.events if e["type"] == "text"] == ["what time is it"]

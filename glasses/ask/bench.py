"""``glasses bench``'s ask section: a typed question -> the first audio of the answer, through the
whole assistant (parser, routing, the ask skill, the client, sentence splitting, espeak-ng), against
the stand-in engine (glasses/ask/standin.py, a separate process on 127.0.0.1) sending one token
every 30 ms (the voice and the parser warmed first, as they are while the glasses run). The engine notes when it sent its last token; the speaker notes when the first
sentence's audio started. Reported: p50/max of question -> first audio and of question -> last
token, and whether every first sentence was spoken before the last token arrived."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

QUESTION = "who wrote hamlet"
TOKEN_MS = 30


class TimedSpeaker:
    """A speaker that notes when each clip starts (wall clock, as the engine's log)."""

    def __init__(self) -> None:
        self.started: list[float] = []

    def play(self, pcm: bytes) -> None:
        self.started.append(time.time())

    def queue(self, pcm: bytes) -> None:
        pass

    def stop(self) -> None:
        pass

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        pass


def start_standin(log: Path, token_ms: float = TOKEN_MS) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, "-m", "glasses.ask.standin", "--port", "0", "--token-ms",
                             str(token_ms), "--log", str(log)], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        proc.kill()
        raise RuntimeError("the stand-in engine did not start")
    return proc, int(line)


def first_audio(config, runs: int = 10) -> dict:
    from glasses.events import TextInput
    from glasses.runtime.build import build_text_assistant, build_voice, close_skills

    with tempfile.TemporaryDirectory(prefix="glasses-ask-bench-") as tmp:
        log = Path(tmp) / "engine.jsonl"
        proc, port = start_standin(log)
        try:
            cfg = replace(config, ask=replace(config.ask, url=f"http://127.0.0.1:{port}/v1", key_file=None,
                                              follow_up_s=0.0))
            first_ms, last_ms, before = [], [], []
            speaker = TimedSpeaker()
            voice = build_voice(cfg)
            voice.render("Warm up.")   # espeak-ng's first call loads its voice (about a second, once)
            assistant = build_text_assistant(cfg, origin=datetime(2026, 3, 3, 14, tzinfo=timezone.utc),
                                             voice=voice, speaker=speaker)
            try:
                assistant.p.parser.parse_scored("warm up the parser")   # its phrase index is built once
                for i in range(runs):
                    log.write_text("")
                    speaker.started.clear()
                    asked = time.time()
                    assistant.process(TextInput(i * 60_000, QUESTION))
                    assistant.finish(i * 60_000)
                    done = [r["at"] for r in map(json.loads, log.read_text().splitlines()) if r["event"] == "done"]
                    if not speaker.started or not done:
                        raise RuntimeError("the answer was not spoken, or the engine never finished")
                    first_ms.append((speaker.started[0] - asked) * 1000)
                    last_ms.append((done[0] - asked) * 1000)
                    before.append(speaker.started[0] < done[0])
            finally:
                close_skills(assistant)
        finally:
            proc.terminate()
            proc.wait(5)
            proc.stdout.close()
    return {"question": QUESTION, "token_ms": TOKEN_MS, "runs": runs,
            "first_audio_ms_p50": round(statistics.median(first_ms)), "first_audio_ms_max": round(max(first_ms)),
            "last_token_ms_p50": round(statistics.median(last_ms)),
            "first_sentence_before_last_token": all(before)}

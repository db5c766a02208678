"""``glasses doctor``'s row for the engine: off, or reachable with its model and the time to the
first token of a one-word answer (the question "Reply with the word ready." goes to the engine;
nothing about the wearer does)."""

from __future__ import annotations

import time

from glasses.ask.client import EngineClient, EngineError
from glasses.ask.config import AskConfig
from glasses.ask.key import read_key
from glasses.doctor_row import Row
from glasses.errors import GlassesError

PROBE = [{"role": "user", "content": "Reply with the word ready."}]


def engine_rows(config: AskConfig, clock=time.perf_counter) -> list[Row]:
    if not config.enabled:
        return [Row("ask engine", True, "off (ask.url not set): open questions are answered "
                                        "'I need your home server for that'; nothing connects",
                    "set ask.url to your Ollama or llama-server, see docs/ask.md")]
    try:
        key = read_key(config.key_path) if config.key_path else None
    except GlassesError as exc:
        return [Row("ask engine", False, str(exc), f"chmod 600 {config.key_path}")]
    client = EngineClient(config, key)
    host = client.url.display_host if client.url else config.url
    model = config.model or "the server's default model"
    started = clock()
    stream = client.stream(PROBE)
    try:
        for _ in stream:
            first_ms = round((clock() - started) * 1000)
            stream.cancel()
            return [Row("ask engine", True, f"{host} reachable, {model}, first token in {first_ms} ms")]
        return [Row("ask engine", False, f"{host} answered with no words", "check ask.model")]
    except EngineError as exc:
        return [Row("ask engine", False, f"{host}: {exc.code}: {exc.detail}"[:300],
                    "start the engine, or check ask.url and ask.model (docs/ask.md)")]

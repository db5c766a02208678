"""A line said in another language, turned into English by the wearer's engine: what the ask skill
offers captions as a ``Translates`` peer (glasses.skills.base) when the wearer opted in with
``captions.translate_with: engine`` (docs/captions.md).

Same client, same ``ask:`` settings (url, model, key, which hosts may be reached) as open questions,
with tighter bounds: the request gives up after the caller's ``timeout_s`` (captions then translate
on the device). One ``POST {url}/chat/completions`` per line, not streamed (a line is short), with
the instruction below as the system message and the recognized text, alone, as the user message:
no audio, no earlier lines, nothing about the wearer. Each request is shown as the ask skill's are:
``asking`` (the HUD badge shows the host), ``egress`` once it is sent, ``asked`` when it is over.
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from typing import Any, Callable

from glasses.ask.client import EngineClient, EngineError
from glasses.ask.config import AskConfig
from glasses.ask.events import Asked, Asking, Egress
from glasses.ask.key import ApiKey

INSTRUCTION = ("You are a translator. Translate the user's message from {language} into English. "
               "Reply with the English translation only, without notes, explanations or quotation marks.")
MAX_CHARS = 600        # a caption line is at most a few sentences; a longer answer is a model rambling
LABEL = re.compile(r"^\s*(?:here(?:'s| is) (?:the |an? )?)?(?:english(?:\s+translation)?|translation(?:\s+in\s+english)?"
                   r"|translated(?:\s+text)?)\s*:\s*", re.IGNORECASE)
QUOTES = "\"'“”«»‘’*` "


def messages(text: str, language: str) -> list[dict]:
    """What is sent: the instruction (naming the source language) and the text, nothing else."""
    return [{"role": "system", "content": INSTRUCTION.format(language=language or "the speaker's language")},
            {"role": "user", "content": text}]


def clean(answer: str) -> str:
    """The English line out of a model's answer: up to its first blank line (the paragraph after it
    when the first is only a label ending in ":"), without a leading "Translation:" label or the
    quotation marks some models put around it."""
    paragraphs = [p for p in answer.strip().replace("\r\n", "\n").split("\n\n") if p.strip()] or [""]
    text = paragraphs[0]
    if text.rstrip().endswith(":") and len(paragraphs) > 1:   # "Here is the translation:" on its own
        text = paragraphs[1]
    text = " ".join(text.split())
    text = LABEL.sub("", text)
    return text.strip(QUOTES).strip()


class TextTranslator:
    """Translates with the engine in ``config`` (the ask: section; ``key`` as the ask skill has it)."""

    def __init__(self, config: AskConfig, key: ApiKey | None = None,
                 make_client: Callable[..., EngineClient] = EngineClient) -> None:
        self.config = config
        self._key = key
        self._make_client = make_client
        self._clients: dict[float, EngineClient] = {}
        self._notify: Callable[[Any], None] | None = None
        self._lock = threading.Lock()

    @property
    def host(self) -> str:
        client = self._client(self.config.timeout_s)
        return client.url.display_host if client.url else ""

    def _client(self, timeout_s: float) -> EngineClient:
        """One client per bound: connecting, the first byte and the whole answer within ``timeout_s``."""
        client = self._clients.get(timeout_s)
        if client is None:
            bounded = replace(self.config, timeout_s=min(self.config.timeout_s, timeout_s),
                              first_token_timeout_s=timeout_s, max_answer_s=timeout_s, max_answer_chars=MAX_CHARS)
            client = self._make_client(bounded, self._key, on_egress=self._sent)
            self._clients[timeout_s] = client
        return client

    def _sent(self, egress: Any) -> None:
        if self._notify is not None:
            self._notify(Egress(0, egress.host, egress.bytes_sent, egress.image))

    def translate(self, text: str, language: str, timeout_s: float, notify: Callable[[Any], None]) -> str:
        """English for ``text`` (said in ``language``, a name such as "French"); EngineError when
        the engine is off, refused, unreachable, slower than ``timeout_s`` or answers nothing."""
        with self._lock:   # one line at a time (the caption worker is one thread)
            client = self._client(timeout_s)
            host = client.url.display_host if client.url else ""
            if client.url is None:
                raise EngineError("engine_off", "ask.url is not set")
            self._notify = notify
            notify(Asking(0, host))
            try:
                answer = client.complete(messages(text, language)).text
            except EngineError as exc:
                if exc.code != "answer_capped" or not clean(exc.partial):
                    notify(Asked(0, host, exc.code))
                    raise
                answer = exc.partial
            finally:
                self._notify = None
            english = clean(answer)
            notify(Asked(0, host, "ok" if english else "engine_bad_stream", len(answer)))
            if not english:
                raise EngineError("engine_bad_stream", f"{host}: an empty translation")
            return english

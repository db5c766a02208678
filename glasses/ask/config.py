"""The ``ask:`` section of config.yaml: which engine answers open questions, and the bounds on it.
Off by default: with no ``url`` nothing connects."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from glasses.ask.policy import parse_url
from glasses.configfile import FieldError, doc
from glasses.errors import GlassesError


@dataclass(frozen=True, slots=True)
class AskConfig:
    url: str | None = field(default=None, metadata=doc(
        "OpenAI-compatible base URL of your engine, e.g. http://192.168.1.20:11434/v1 (Ollama) or "
        "http://192.168.1.20:8080/v1 (llama-server); empty: off, nothing connects"))
    model: str = field(default="", metadata=doc(
        "model name the engine serves, e.g. llama3.2 or qwen2.5vl:3b for look-and-ask "
        "(llama-server ignores it)"))
    key_file: Path | None = field(default=None, metadata=doc(
        "file holding the engine's API key (sent as Authorization: Bearer); must be mode 0600; "
        "none: no key is sent"))
    timeout_s: float = field(default=5.0, metadata=doc(
        "give up connecting, or waiting between two pieces of an answer, after this many seconds",
        min=0.2, max=60.0))
    first_token_timeout_s: float = field(default=10.0, metadata=doc(
        "give up when the first words of the answer take longer than this (a model still loading)",
        min=0.5, max=300.0))
    max_answer_chars: int = field(default=1500, metadata=doc(
        "stop reading an answer longer than this many characters (about 90 s of speech)",
        min=50, max=20000))
    max_answer_s: float = field(default=45.0, metadata=doc(
        "stop reading an answer that is still streaming after this many seconds", min=1.0, max=600.0))
    allow_public: bool = field(default=False, metadata=doc(
        "allow an engine on a public address (a cloud service); otherwise only loopback, private "
        "and link-local addresses and .local names are used"))
    send_context: bool = field(default=False, metadata=doc(
        "tell the engine your local time and place with each question (off: nothing about you is sent)"))
    follow_up_s: float = field(default=120.0, metadata=doc(
        "a question within this many seconds of the last answer is a follow-up (\"and how old was he?\")",
        min=0.0, max=3600.0))
    turns: int = field(default=3, metadata=doc(
        "earlier questions and answers sent along with a follow-up", min=0, max=20))

    def __post_init__(self) -> None:
        if self.url:
            try:
                parse_url(self.url)
            except GlassesError as exc:
                raise FieldError("url", str(exc).removeprefix("ask.url: ")) from None
        if len(self.model) > 200 or not self.model.isprintable():
            raise FieldError("model", "expected a model name such as llama3.2")

    @property
    def enabled(self) -> bool:
        return bool(self.url)

    @property
    def key_path(self) -> Path | None:
        return Path(self.key_file).expanduser() if self.key_file else None

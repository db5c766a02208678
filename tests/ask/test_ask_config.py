"""The ask: section's defaults: off, private, nothing about the wearer sent."""

from __future__ import annotations

import dataclasses

import pytest

from glasses.ask.config import AskConfig
from glasses.configfile import load_section
from glasses.errors import ConfigError


def test_defaults_are_off_and_private():
    c = AskConfig()
    assert not c.enabled and c.url is None and c.key_path is None
    assert (c.allow_public, c.send_context, c.follow_up_s, c.turns) == (False, False, 120.0, 3)
    assert c.first_token_timeout_s > c.timeout_s > 0 and c.max_answer_chars > 0 and c.max_answer_s > 0
    for f in dataclasses.fields(AskConfig):
        assert f.metadata.get("doc"), f"{f.name} has no doc"


def test_a_full_section_loads():
    text = ("url: http://192.168.1.20:11434/v1\nmodel: qwen2.5vl:3b\nkey_file: ~/.config/glasses/engine-key\n"
            "timeout_s: 3\nfirst_token_timeout_s: 20\nmax_answer_chars: 800\nmax_answer_s: 30\n"
            "allow_public: false\nsend_context: true\nfollow_up_s: 60\nturns: 2\n")
    c = load_section(AskConfig, text, "config.yaml")
    assert c.enabled and c.model == "qwen2.5vl:3b" and c.key_path.name == "engine-key"
    assert (c.timeout_s, c.max_answer_chars, c.send_context, c.turns) == (3.0, 800, True, 2)


@pytest.mark.parametrize("text, says", [
    ("timeout_s: 0\n", "config.yaml:1: timeout_s: 0.0 is below the minimum 0.2"),
    ("turns: 99\n", "config.yaml:1: turns: 99 is above the maximum"),
    ("max_answer_chars: lots\n", "config.yaml:1: max_answer_chars"),
    ("urll: http://127.0.0.1/v1\n", "did you mean 'url'"),
])
def test_bad_values_are_one_line(text, says):
    with pytest.raises(ConfigError) as info:
        load_section(AskConfig, text, "config.yaml")
    assert says in str(info.value) and "\n" not in str(info.value)

"""The API key file: regular, 0600, small, one line; its content never in an error."""

from __future__ import annotations

import os

import pytest

from glasses.ask.key import MAX_KEY_BYTES, read_key
from glasses.errors import ConfigError

SECRET = "sk-local-9f8e7d6c5b4a"


def write(path, text, mode=0o600):
    path.write_text(text)
    os.chmod(path, mode)
    return path


def test_a_private_key_file_is_read(tmp_path):
    key = read_key(write(tmp_path / "key", SECRET + "\n"))
    assert key.value == SECRET
    assert SECRET not in repr(key) and SECRET not in str(key)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o606])
def test_a_key_others_can_read_is_refused(tmp_path, mode):
    path = write(tmp_path / "key", SECRET, mode)
    with pytest.raises(ConfigError) as info:
        read_key(path)
    line = str(info.value)
    assert line.startswith(f"{path}: ") and f"chmod 600 {path}" in line and f"{mode:04o}" in line
    assert SECRET not in line


def test_not_a_regular_file(tmp_path):
    with pytest.raises(ConfigError, match="not a regular file"):
        read_key(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)
    with pytest.raises(ConfigError, match="not a regular file"):   # and does not block waiting for a writer
        read_key(fifo)
    with pytest.raises(ConfigError, match="does not exist"):
        read_key(tmp_path / "missing")


@pytest.mark.parametrize("text, says", [
    ("", "empty"),
    ("\n  \n", "empty"),
    (SECRET + "\nsecond-line\n", "more than one line"),
    ("Bearer " + SECRET, "spaces or control characters"),
    ("sk-\x07bell", "spaces or control characters"),
    ("sk-" + "x" * MAX_KEY_BYTES, f"a key is at most {MAX_KEY_BYTES}"),
])
def test_malformed_keys_are_one_line_without_the_content(tmp_path, text, says):
    path = write(tmp_path / "key", text)
    with pytest.raises(ConfigError) as info:
        read_key(path)
    assert says in str(info.value) and "\n" not in str(info.value)
    assert SECRET not in str(info.value) and "xxxx" not in str(info.value)


def test_non_ascii_is_refused(tmp_path):
    path = tmp_path / "key"
    path.write_bytes("sk-ключ".encode())
    os.chmod(path, 0o600)
    with pytest.raises(ConfigError, match="not plain ASCII"):
        read_key(path)

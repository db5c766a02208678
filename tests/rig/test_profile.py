from pathlib import Path

import pytest

from glasses.errors import ConfigError
from glasses.rig.profile import board_from_model, choose_profile, detect_profile, read_model


def write_model(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "model"
    p.write_bytes(text.encode() + b"\x00")
    return p


@pytest.mark.parametrize("model,family,ram", [
    ("Raspberry Pi 5 Model B Rev 1.0", "pi5", "normal"),
    ("Raspberry Pi 4 Model B Rev 1.5", "pi4", "normal"),
    ("Raspberry Pi Zero 2 W Rev 1.0", "zero2", "small"),
    ("Raspberry Pi 3 Model B Plus Rev 1.3", "pi3", "normal"),
    ("Raspberry Pi Compute Module 4 Rev 1.0", "cm4", "normal"),
    ("Raspberry Pi 400 Rev 1.0", "pi400", "normal"),
])
def test_boards(tmp_path, model, family, ram):
    path = write_model(tmp_path, model)
    assert read_model(path) == model
    board = board_from_model(read_model(path))
    assert (board.family, board.ram_class) == (family, ram)
    assert detect_profile(path) == "pi"


def test_not_a_pi(tmp_path):
    assert detect_profile(tmp_path / "missing") == "desktop"
    assert detect_profile(write_model(tmp_path, "Pine64 RockPro64")) == "desktop"
    assert board_from_model(None) is None


def test_flag_wins(tmp_path):
    pi = write_model(tmp_path, "Raspberry Pi 5 Model B Rev 1.0")
    assert choose_profile(None, pi) == "pi"
    assert choose_profile("auto", pi) == "pi"
    assert choose_profile("desktop", pi) == "desktop"
    assert choose_profile("pi", tmp_path / "missing") == "pi"
    with pytest.raises(ConfigError, match="unknown profile 'pie'"):
        choose_profile("pie", pi)


def test_pi_overrides_apply_to_the_real_config():
    from glasses.config import Config, with_overrides
    from glasses.rig.profile import PI_OVERRIDES

    cfg = with_overrides(Config(), PI_OVERRIDES, "pi profile")
    assert cfg.stt.mode == "command"


def test_small_boards_keep_the_small_recognizer(tmp_path):
    from glasses.stt.choose import engine_name
    from glasses.config import Config, with_overrides
    from glasses.rig.profile import pi_overrides

    zero, pi5 = tmp_path / "zero", tmp_path / "pi5"
    zero.write_bytes(b"Raspberry Pi Zero 2 W Rev 1.0\x00")
    pi5.write_bytes(b"Raspberry Pi 5 Model B Rev 1.0\x00")
    assert engine_name(with_overrides(Config(), pi_overrides(zero), "pi profile")) == "pocketsphinx"
    assert engine_name(with_overrides(Config(), pi_overrides(pi5), "pi profile")) == "whisper"

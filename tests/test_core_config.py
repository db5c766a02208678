"""Configuration: documented defaults, and errors that name file, line and key."""

import pytest

from glasses.config import Config, load_config
from glasses.configfile import describe
from glasses.errors import ConfigError


def write(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def test_defaults_when_no_file(isolated_home):
    config = load_config()
    assert config == Config()
    assert config.listen.timeout_s == 8.0 and config.listen.endpoint_silence_ms == 200
    assert config.wake.model == "hey_jarvis"


def test_xdg_config_file_is_read(isolated_home):
    path = isolated_home / ".config" / "glasses" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("wake:\n  threshold: 0.7\ntts:\n  rate: 150\n")
    config = load_config()
    assert config.wake.threshold == 0.7 and config.tts.rate == 150


def test_unknown_key_suggests_the_nearest(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, "wake:\n  model: alexa\n  treshold: 0.6\n"))
    assert str(err.value) == f"{tmp_path}/config.yaml:3: unknown key 'wake.treshold' (did you mean 'threshold'?)"


def test_unknown_section_suggests_the_nearest(tmp_path):
    with pytest.raises(ConfigError, match=r"config.yaml:1: unknown key 'lisen' \(did you mean 'listen'\?\)"):
        load_config(write(tmp_path, "lisen:\n  timeout_s: 5\n"))


@pytest.mark.parametrize("text, message", [
    ("stt:\n  engine: vosq\n", r"config.yaml:2: stt.engine: 'vosq' is not one of auto, whisper, vosk, pocketsphinx"),
    ("listen:\n  timeout_s: soon\n", r"config.yaml:2: listen.timeout_s: expected a number, got text 'soon'"),
    ("wake:\n  threshold: 1.5\n", r"config.yaml:2: wake.threshold: 1.5 is above the maximum 0.99"),
    ("assistant:\n  timezone: Mars/Base\n", r"config.yaml:2: assistant.timezone: unknown time zone 'Mars/Base'"),
    ("wake: [1, 2]\n", r"config.yaml:1: wake: expected a mapping of keys"),
    ("wake:\n  model: 'x\n", r"config.yaml:\d+: invalid YAML"),
])
def test_bad_values_name_line_and_key(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, text))


def test_missing_file_is_one_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_reference_config_documents_every_section_and_loads_back(tmp_path):
    text = describe(Config)
    for section in ("wake:", "listen:", "stt:", "tts:", "audio:", "assistant:", "day:", "look:", "hud:", "rig:"):
        assert f"\n{section}" in "\n" + text
    assert "endpoint_silence_ms: 200" in text
    assert load_config(write(tmp_path, text)) == Config()


def test_cli_reports_bad_config_in_one_line(tmp_path, glasses_cli):
    path = write(tmp_path, "tts:\n  voise: en-gb\n")
    result = glasses_cli("--config", str(path), "ask", "what time is it")
    assert result.returncode == 2
    assert result.stderr.strip() == f"glasses: error: {path}:2: unknown key 'tts.voise' (did you mean 'voice'?)"
    assert "Traceback" not in result.stderr


def test_pi_profile_sets_cheaper_defaults_that_the_file_still_overrides(tmp_path):
    from glasses.config import load_config_for

    assert load_config_for(None, "pi").stt.mode == "command"
    assert load_config_for(None, "pi").look.ocr_passes == 1
    assert load_config_for(None, "desktop").stt.mode == "auto"
    path = write(tmp_path, "stt:\n  mode: free\n")
    config = load_config_for(path, "pi")
    assert config.stt.mode == "free" and config.look.ocr_passes == 1
    with pytest.raises(ConfigError, match=r"config.yaml:2: unknown key 'stt.mod'"):
        load_config_for(write(tmp_path, "stt:\n  mod: free\n"), "pi")


def test_an_unprintable_unknown_key_is_still_one_line():
    """Found by the session fuzz test: a key "\\n" in a session's config printed a raw newline."""
    from glasses.config import Config, with_overrides
    from glasses.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        with_overrides(Config(), {"\n": None}, "session.yaml")
    assert "\n" not in str(err.value) and "unknown key '\\n'" in str(err.value)

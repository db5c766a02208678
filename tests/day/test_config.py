import pytest

from glasses.configfile import describe, load_section
from glasses.day.config import DayConfig
from glasses.errors import ConfigError


def test_defaults_and_values(tmp_path):
    cfg = load_section(DayConfig, f"""
calendars: [~/cal/work.ics, https://example.org/team.ics]
home_name: London
home_lat: 51.5
home_lon: -0.12
data_dir: {tmp_path}
inbox_port: 8765
""", "config.yaml")
    assert cfg.calendars == ("~/cal/work.ics", "https://example.org/team.ics")
    assert cfg.weather_timeout_s == 3.0 and cfg.briefing_on_first_wake is True
    assert cfg.db_path == tmp_path / "day.sqlite" and cfg.inbox_path == tmp_path / "inbox"
    assert cfg.home == (51.5, -0.12)
    assert "weather_timeout_s: 3.0" in describe(DayConfig)


@pytest.mark.parametrize("text, message", [
    ("home_lat: 51.5\n", "config.yaml:1: home_lon: give both home_lat and home_lon"),
    ("home_lat: 91\nhome_lon: 0\n", "home_lat: 91.0 is above the maximum 90.0"),
    ("weather_url: ftp://x\n", "weather_url: must start with http"),
    ("calendars: [http://example.org/a.ics]\n", "calendars: use https"),
    ("working_hours: [18, 8]\n", "working_hours: expected"),
    ("weather_timeout: 3\n", "unknown key 'weather_timeout' (did you mean 'weather_timeout_s'?)"),
])
def test_errors_name_the_key(text, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        load_section(DayConfig, text, "config.yaml")

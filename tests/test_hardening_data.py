"""Issue 10 finding 9 (data part): bad data files never abort. Non-finite config values and
forecasts, product rows with 1e999 / deep nesting / a gigantic line, through the real
readers, the real SQLite catalog and the real command line."""

from __future__ import annotations

import gzip
import json
import math
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from glasses.config import Config
from glasses.configfile import load_section
from glasses.day import conditions
from glasses.fetch import FileFetcher
from glasses.day.weather import MalformedForecast, WeatherService, parse_forecast
from glasses.errors import ConfigError, GlassesError
from glasses.products import reader
from glasses.products.catalog import Catalog
from glasses.products.off_import import import_off

FORECAST = Path(__file__).resolve().parents[1] / "glasses" / "data" / "day" / "forecast_london_2026-03-02.json"
LONDON = ZoneInfo("Europe/London")
GOOD = {"code": "5000112637922", "product_name": "Cola", "brands": "Acme", "nova_group": 4}


# --- config -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("listen:\n  timeout_s: .nan\n", "cfg.yaml:2: listen.timeout_s: expected a finite number, got nan"),
    ("day:\n  weather_timeout_s: .inf\n", "cfg.yaml:2: day.weather_timeout_s: expected a finite number, got inf"),
    ("day:\n  home_lat: -.inf\n  home_lon: 0\n", "cfg.yaml:2: day.home_lat: expected a finite number, got -inf"),
    ("wake:\n  threshold: 1.0e+999\n", "cfg.yaml:2: wake.threshold: expected a finite number, got inf"),
    ("day:\n  calendars: " + "[" * 50000 + "\n", "cfg.yaml: invalid YAML: nested too deeply"),
    ("assistant:\n  timezone: !!timestamp 2001-99-99\n", "cfg.yaml:2: assistant.timezone: unreadable value"),
])
def test_config_rejects_non_finite_and_unreadable_values(text, message):
    with pytest.raises(ConfigError) as info:
        load_section(Config, text, "cfg.yaml")
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_config_check_exits_2_on_nan(tmp_path, glasses_cli):
    path = tmp_path / "config.yaml"
    path.write_text("listen:\n  timeout_s: .nan\n")
    out = glasses_cli("--config", str(path), "config", "--check", timeout=120)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines() == [
        f"glasses: error: {path}:2: listen.timeout_s: expected a finite number, got nan"]


# --- forecasts --------------------------------------------------------------------------------

def _forecast(**changes) -> dict:
    obj = json.loads(FORECAST.read_text())
    for path, value in changes.items():
        node = obj
        *parents, leaf = path.split("__")
        for p in parents:
            node = node[p]
        if isinstance(node, list):
            node[int(leaf)] = value
        else:
            node[leaf] = value
    return obj


def test_non_finite_and_impossible_forecast_values_are_missing_data():
    obj = _forecast(current__temperature_2m=math.nan, current__wind_speed_10m=math.inf,
                    current__weather_code=-math.inf)
    obj["hourly"]["temperature_2m"][:3] = [math.nan, 1e300, -999.0]
    obj["daily"]["temperature_2m_max"][0] = math.inf
    obj["daily"]["precipitation_probability_max"][0] = 250
    fc = parse_forecast(json.loads(json.dumps(obj)))                 # NaN/Infinity survive a JSON round trip
    assert fc.current.temp is None and fc.current.wind_kmh is None and fc.current.code is None
    assert [h.temp for h in fc.hours[:3]] == [None, None, None]
    assert fc.days[0].high is None and fc.days[0].rain_chance is None
    assert fc.hours[3].temp is not None and fc.days[0].low is not None   # the rest is still read


@pytest.mark.parametrize("offset", [math.nan, 1e12, -90000, "minus one", math.inf])
def test_bad_utc_offset_is_one_clear_problem(offset):
    obj = _forecast(timezone="Not/AZone", utc_offset_seconds=offset)
    with pytest.raises(MalformedForecast, match="utc_offset_seconds"):
        parse_forecast(obj)


def test_a_session_forecast_with_nan_still_answers(tmp_path):
    obj = _forecast(current__temperature_2m=math.nan)
    obj["daily"]["temperature_2m_max"] = [math.inf] * len(obj["daily"]["time"])
    path = tmp_path / "forecast.json"
    path.write_text(json.dumps(obj))                                # writes NaN / Infinity literals
    service = WeatherService(FileFetcher({"/v1/forecast": path}), tmp_path / "cache", "http://127.0.0.1:9")
    now = datetime(2026, 3, 2, 8, 0, tzinfo=LONDON)
    lookup = service.forecast(51.5, -0.12, now)
    assert lookup.forecast is not None and lookup.problem == ""
    text = conditions.briefing_weather(lookup, now.date(), now)
    assert text and "nan" not in text.lower() and "inf" not in text.lower()


def test_a_forecast_with_a_bad_offset_is_one_problem_line(tmp_path):
    path = tmp_path / "forecast.json"
    path.write_text(json.dumps(_forecast(timezone="Nowhere", utc_offset_seconds=math.nan)))
    service = WeatherService(FileFetcher({"/v1/forecast": path}), tmp_path / "cache", "http://127.0.0.1:9")
    lookup = service.forecast(51.5, -0.12, datetime(2026, 3, 2, 8, 0, tzinfo=LONDON))
    assert lookup.forecast is None
    assert lookup.problem.startswith("malformed forecast (bad utc_offset_seconds") and "\n" not in lookup.problem


# --- product imports --------------------------------------------------------------------------

def test_bad_rows_are_skipped_counted_and_reported(tmp_path):
    path = tmp_path / "products.jsonl"
    rows = [json.dumps(GOOD),
            '{"code": "5000112637939", "product_name": "Inf", "brands": "X", "nova_group": 1e999}',
            "[" * 100_000,
            '{"code": "4006040000018", "product_name": "Deep", "brands": "Y", "labels": ' + "[" * 50 + "]" * 50 + "}",
            json.dumps({**GOOD, "code": "4006040000025", "nova_group": "unknown"})]
    path.write_text("\n".join(rows) + "\n")
    cat = Catalog(tmp_path / "c.sqlite")
    report = import_off(cat, path, progress=False)
    assert (report.imported, report.skipped) == (3, 2)
    assert report.skipped_reasons == {"bad nova_group": 1, "JSON nested too deeply": 1}
    assert report.first_problem == "row 2: bad nova_group"
    assert "3 imported, 2 skipped (1 bad nova_group, 1 JSON nested too deeply; first at row 2" in report.summary()
    assert cat.by_barcode("4006040000025").nova is None and cat.by_barcode("5000112637922").nova == 4


def test_a_gzip_bomb_line_is_skipped_without_reading_it_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_LINE_CHARS", 4096)
    reads: list[int] = []
    real = reader._Lines.__iter__

    def spy(self):
        for line in real(self):
            reads.append(len(line or ""))
            yield line
    monkeypatch.setattr(reader._Lines, "__iter__", spy)
    path = tmp_path / "off.jsonl.gz"
    with gzip.open(path, "wb") as g:
        g.write((json.dumps(GOOD) + "\n").encode())
        g.write(b'{"code": "1", "product_name": "' + b"a" * 2_000_000 + b'"}\n')
        g.write((json.dumps({**GOOD, "code": "4006040000018"}) + "\n").encode())
    cat = Catalog(tmp_path / "c.sqlite")
    report = import_off(cat, path, progress=False)
    assert (report.imported, report.skipped, dict(report.skipped_reasons)) == (2, 1, {"line too long": 1})
    assert max(reads) <= 4096


def test_csv_with_a_gigantic_line_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_LINE_CHARS", 4096)
    path = tmp_path / "prices.csv"
    path.write_text("code\tproduct_name\tbrands\n5000112637922\tCola\tAcme\n"
                    + "4006040000018\t" + "x" * 100_000 + "\tBig\n4006040000025\tTea\tAcme\n")
    report = import_off(Catalog(tmp_path / "c.sqlite"), path, progress=False)
    assert (report.imported, report.skipped, dict(report.skipped_reasons)) == (2, 1, {"line too long": 1})


def test_a_file_with_no_usable_row_is_one_line_exit_2(tmp_path, glasses_cli):
    path = tmp_path / "garbage.jsonl"
    path.write_text("not json\n" + "[" * 100_000 + "\n")
    with pytest.raises(GlassesError, match="no row could be imported .*row 1: invalid JSON"):
        import_off(Catalog(tmp_path / "c.sqlite"), path, progress=False)
    out = glasses_cli("products", "import", str(path), timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines()[-1].startswith(f"glasses: error: {path}: no row could be imported")
    assert "Traceback" not in out.stderr


def test_cli_import_of_a_mixed_file_reports_and_keeps_going(tmp_path, glasses_cli):
    path = tmp_path / "mixed.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join([json.dumps(GOOD), '{"code": "4006040000018", "nova_group": 1e999,'
                                               ' "product_name": "x"}', "[" * 100_000]) + "\n").encode()))
    out = glasses_cli("products", "import", str(path), timeout=120)
    assert out.returncode == 0, out.stderr
    assert "1 imported, 2 skipped" in out.stdout and "Traceback" not in out.stderr


def test_very_long_text_fields_are_cut_not_stored_whole(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({**GOOD, "product_name": "Cola " * 100_000, "ingredients_text": "x" * 100_000}) + "\n")
    cat = Catalog(tmp_path / "c.sqlite")
    assert import_off(cat, path, progress=False).imported == 1
    p = cat.by_barcode(GOOD["code"])
    assert p.name.startswith("Cola Cola") and len(p.name) <= 300 and len(p.ingredients) == 5000


def test_ask_with_a_huge_number_gets_a_spoken_answer(glasses_cli):
    out = glasses_cli("ask", "remind me in 999999999999 minutes to check the oven", timeout=180)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "I can only set reminders up to ten years ahead."
    assert "Traceback" not in out.stderr and "went wrong" not in out.stdout

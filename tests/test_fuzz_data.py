"""Issue 10: fuzz-style property tests over the data a wearer hands the assistant: the config
file, calendars, forecasts and product imports. No input may raise anything but the
project's own one-line errors (glasses.errors), and the readers always finish."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from glasses.config import Config
from glasses.configfile import load_section
from glasses.day import conditions
from glasses.day.calendar import expand, parse_calendar
from glasses.fetch import FileFetcher
from glasses.day.weather import WeatherService
from glasses.errors import ConfigError, GlassesError
from glasses.products.catalog import Catalog
from glasses.products.off_import import import_off

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=LONDON)
FORECAST = json.loads((Path(__file__).resolve().parents[1] / "glasses" / "data" / "day"
                       / "forecast_london_2026-03-02.json").read_text())
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10 ** 30, max_value=10 ** 30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def one_line(exc: Exception) -> None:
    assert isinstance(exc, GlassesError), f"{type(exc).__name__}: {exc}"
    assert "\n" not in str(exc) and str(exc)


# --- config -----------------------------------------------------------------------------------

SECTIONS = {"listen": ["timeout_s", "silence_ms"], "wake": ["threshold", "model", "enabled"],
            "day": ["calendars", "home_lat", "home_lon", "inbox_port", "weather_timeout_s",
                    "notifications_keep_days", "working_hours", "data_dir"],
            "assistant": ["timezone"]}


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(SECTIONS)), st.dictionaries(
    st.sampled_from(sorted({k for v in SECTIONS.values() for k in v})), values, max_size=3), max_size=3))
def test_config_values_of_any_kind(doc):
    text = yaml.safe_dump(doc, allow_unicode=True)
    try:
        config = load_section(Config, text, "config.yaml")
    except ConfigError as exc:
        one_line(exc)
        assert str(exc).startswith("config.yaml")
        return
    assert all(math.isfinite(v) for v in _floats(config))      # .nan / .inf never get in


def _floats(obj):
    import dataclasses

    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if dataclasses.is_dataclass(v):
            yield from _floats(v)
        elif isinstance(v, float):
            yield v


@FUZZ
@given(st.text(max_size=200))
def test_config_text_of_any_kind(text):
    try:
        load_section(Config, text, "config.yaml")
    except ConfigError as exc:
        one_line(exc)


# --- calendars --------------------------------------------------------------------------------

def rarely(draw, good, bad):
    """Mostly a well-formed value, one time in five a malformed one."""
    return draw(bad) if draw(st.integers(0, 4)) == 0 else draw(good)


FREQS = st.sampled_from(["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
NEAR = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 5, 1))
STAMPS = st.one_of(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 30)),
                   st.sampled_from(["20260302", "2026", "garbage", "99999999T999999"]))


def stamp(draw) -> str:
    value = rarely(draw, NEAR, STAMPS)
    return value.strftime("%Y%m%dT%H%M%S") if isinstance(value, datetime) else value


@st.composite
def rrules(draw) -> str:
    parts = [f"FREQ={rarely(draw, FREQS, st.sampled_from(['BOGUS', '']))}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={rarely(draw, st.integers(1, 100), st.integers(-5, 10 ** 6))}")
    end = draw(st.sampled_from(["none", "none", "count", "until", "both"]))
    if end in ("count", "both"):
        parts.append(f"COUNT={rarely(draw, st.integers(1, 10 ** 7), st.integers(-1, 10 ** 12))}")
    if end in ("until", "both"):
        parts.append(f"UNTIL={stamp(draw)}")
    for key, hi in (("BYHOUR", 23), ("BYMINUTE", 59), ("BYSECOND", 59), ("BYMONTHDAY", 31)):
        if draw(st.integers(0, 3)) == 0:
            good = st.lists(st.integers(0 if key != "BYMONTHDAY" else 1, hi), min_size=1, max_size=60)
            numbers = rarely(draw, good, st.lists(st.integers(-3, hi + 10), min_size=1, max_size=5))
            parts.append(f"{key}=" + ",".join(map(str, numbers)))
    return ";".join(parts)


@st.composite
def calendars(draw) -> bytes:
    events = []
    for i in range(draw(st.integers(1, 3))):
        lines = ["BEGIN:VEVENT", f"UID:e{i}", f"SUMMARY:{draw(st.text(max_size=20)).replace(chr(10), ' ')}"]
        tzid = rarely(draw, st.sampled_from(["", ";TZID=Europe/London"]), st.sampled_from([";TZID=Nowhere/Else",
                                                                                           ";VALUE=DATE"]))
        lines.append(f"DTSTART{tzid}:{stamp(draw)}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"DTEND{tzid}:{stamp(draw)}")
        elif draw(st.booleans()):
            lines.append(f"DURATION:{rarely(draw, st.sampled_from(['PT1S', 'PT30M', 'P1D']), st.sampled_from(['-PT1H', 'P99999999D', 'nonsense']))}")
        for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
            lines.append(f"RRULE:{draw(rrules())}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"EXDATE{tzid}:{stamp(draw)}")
        events.append("\r\n".join(lines + ["END:VEVENT"]))
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN", *events, "END:VCALENDAR"])
    return body.encode("utf-8", "surrogatepass")


@settings(max_examples=80, deadline=None)
@given(calendars())
def test_calendars_of_any_shape_expand_within_bounds(data):
    cal, warnings = parse_calendar(data, "fuzz.ics")
    assert all("\n" not in w for w in warnings)
    if cal is None:
        return
    events, problems = expand([("fuzz.ics", cal)], NOW - timedelta(days=7), NOW + timedelta(days=62), LONDON)
    assert all("\n" not in w for w in problems)
    assert len(events) <= 3 * 2 * 2001 + 10                        # at most the cap per event and rule


# --- forecasts --------------------------------------------------------------------------------

@st.composite
def forecasts(draw) -> dict:
    obj = json.loads(json.dumps(FORECAST))
    for _ in range(draw(st.integers(1, 6))):
        block = draw(st.sampled_from(["hourly", "daily", "current", None]))
        if block is None:
            key = draw(st.sampled_from(["timezone", "utc_offset_seconds", "daily_units", "error", "hourly"]))
            obj[key] = draw(values)
            continue
        if not isinstance(obj.get(block), dict) or not obj[block]:
            continue
        key = draw(st.sampled_from(sorted(obj[block])))
        if isinstance(obj[block][key], list) and obj[block][key] and draw(st.booleans()):
            obj[block][key][draw(st.integers(0, len(obj[block][key]) - 1))] = draw(values)
        else:
            obj[block][key] = draw(values)
    return obj


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(forecasts())
def test_forecasts_of_any_shape_answer_or_say_why(tmp_path, obj):
    path = tmp_path / "forecast.json"
    path.write_text(json.dumps(obj))
    service = WeatherService(FileFetcher({"/v1/forecast": path}), tmp_path / "cache", "http://127.0.0.1:9")
    lookup = service.forecast(51.5, -0.12, NOW)
    assert "\n" not in lookup.problem
    for intent in ("get_weather", "will_it_rain", "get_temperature", "need_umbrella"):
        for day in (NOW.date(), NOW.date() + timedelta(days=1)):
            reply = conditions.weather_reply(lookup, "London", day, None, NOW, intent)
            assert reply.text and "nan" not in reply.text.split() and "inf" not in reply.text.split()
    conditions.briefing_weather(lookup, NOW.date(), NOW)


# --- product imports --------------------------------------------------------------------------

product_rows = st.one_of(
    st.dictionaries(st.sampled_from(["code", "product_name", "brands", "nova_group", "nutriscore_grade",
                                     "allergens_tags", "labels", "quantity", "categories"]), values,
                    max_size=6).map(lambda d: json.dumps(d)),
    st.text(max_size=60).map(lambda t: t.replace("\n", " ")),
    st.integers(1, 3000).map(lambda n: "[" * n),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(product_rows, min_size=1, max_size=8), st.sampled_from(["jsonl", "csv"]))
def test_product_imports_never_abort(tmp_path_factory, rows, fmt):
    folder = tmp_path_factory.mktemp("imp")
    path = folder / f"products.{fmt}"
    if fmt == "jsonl":
        path.write_text("\n".join(rows) + "\n", encoding="utf-8", errors="surrogatepass")
    else:
        lines = ["code\tproduct_name\tbrands\tnova_group"] + [r.replace("\t", " ")[:40] + "\tName\tBrand\t"
                                                               + r[:5].replace("\t", " ") for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    cat = Catalog(folder / "c.sqlite")
    try:
        report = import_off(cat, path, progress=False)
    except GlassesError as exc:
        one_line(exc)
        assert str(exc).startswith(str(path))
        return
    finally:
        cat.close()
    assert report.imported + report.skipped == report.rows
    assert "\n" not in report.summary()

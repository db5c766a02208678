"""Forecasts from Open-Meteo (no API key), cached on disk, parsed into plain dataclasses.

``parse_forecast`` is pure and strict: anything not shaped like Open-Meteo's answer raises
MalformedForecast, which the service treats like a failed fetch. ``WeatherService.forecast``
uses a fresh cached copy when there is one, else fetches (3 s limit) and caches; when the
fetch fails it falls back to the cached copy of any age and says so (``Lookup.stale``).
"""

from __future__ import annotations

import json
import math
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from glasses.atomic import write_atomic
from glasses.fetch import Fetcher, FetchError

HOURLY = ("temperature_2m", "precipitation_probability", "precipitation", "weather_code")
DAILY = ("weather_code", "temperature_2m_max", "temperature_2m_min", "precipitation_probability_max",
         "precipitation_sum")
CURRENT = ("temperature_2m", "apparent_temperature", "weather_code", "precipitation", "wind_speed_10m")


class MalformedForecast(ValueError):
    """The response is not an Open-Meteo forecast we can read."""


@dataclass(frozen=True, slots=True)
class Hour:
    time: datetime
    temp: float | None
    rain_chance: float | None  # percent
    rain_mm: float | None
    code: int | None


@dataclass(frozen=True, slots=True)
class Day:
    date: date
    code: int | None
    high: float | None
    low: float | None
    rain_chance: float | None
    rain_mm: float | None


@dataclass(frozen=True, slots=True)
class Current:
    time: datetime
    temp: float | None
    feels_like: float | None
    code: int | None
    wind_kmh: float | None


@dataclass(frozen=True, slots=True)
class Forecast:
    tz: tzinfo
    current: Current | None
    hours: tuple[Hour, ...]
    days: tuple[Day, ...]
    unit: str = "°C"

    def day(self, d: date) -> Day | None:
        return next((x for x in self.days if x.date == d), None)

    def hours_between(self, start: datetime, end: datetime) -> list[Hour]:
        return [h for h in self.hours if start <= h.time < end]


# What a real forecast can hold; a value outside is treated as missing (the sensor or the
# service is wrong), never spoken. Fahrenheit fits the temperature range too.
TEMP = (-150.0, 150.0)
PERCENT = (0.0, 100.0)
RAIN_MM = (0.0, 2000.0)
WIND_KMH = (0.0, 500.0)
CODE = (0.0, 99.0)
MAX_OFFSET_S = 18 * 3600


def _num(v, bounds: tuple[float, float] | None = None) -> float | None:
    """A number, or None when missing, NaN/Inf or outside ``bounds``; MalformedForecast for text."""
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise MalformedForecast(f"not a number: {str(v)[:40]!r}")
    try:
        x = float(v)
    except OverflowError:  # an int too big for a float
        return None
    if not math.isfinite(x) or (bounds is not None and not bounds[0] <= x <= bounds[1]):
        return None
    return x


def _code(v) -> int | None:
    n = _num(v, CODE)
    return None if n is None else int(n)


def _zone(obj: dict) -> tzinfo:
    """The forecast's zone: its IANA name, else its utc_offset_seconds (MalformedForecast if bad)."""
    name = obj.get("timezone", "UTC")
    try:
        if isinstance(name, str) and len(name) < 64:
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    raw = obj.get("utc_offset_seconds", 0)
    try:
        offset = _num(raw, (-MAX_OFFSET_S, MAX_OFFSET_S))
    except MalformedForecast:
        offset = None
    if offset is None and raw is not None:
        raise MalformedForecast(f"bad utc_offset_seconds {str(raw)[:40]!r} (expected -64800..64800)")
    return timezone(timedelta(seconds=int(offset or 0)))


def _series(block: dict, keys: tuple[str, ...], name: str) -> dict[str, list]:
    if not isinstance(block, dict) or not isinstance(block.get("time"), list):
        raise MalformedForecast(f"no {name}.time")
    n = len(block["time"])
    out = {"time": block["time"]}
    for k in keys:
        values = block.get(k, [None] * n)
        if not isinstance(values, list) or len(values) != n:
            raise MalformedForecast(f"{name}.{k} has the wrong length")
        out[k] = values
    return out


def parse_forecast(obj: object) -> Forecast:
    """An Open-Meteo /v1/forecast JSON object -> Forecast. Raises MalformedForecast."""
    if not isinstance(obj, dict):
        raise MalformedForecast("not a JSON object")
    if obj.get("error"):
        raise MalformedForecast(f"service error: {obj.get('reason', 'unknown')}")
    tz = _zone(obj)

    def when(text) -> datetime:
        try:
            return datetime.fromisoformat(str(text)).replace(tzinfo=tz)
        except ValueError:
            raise MalformedForecast(f"bad time {str(text)[:40]!r}") from None

    hourly = _series(obj.get("hourly"), HOURLY, "hourly")
    daily = _series(obj.get("daily"), DAILY, "daily")
    hours = tuple(Hour(when(t), _num(hourly["temperature_2m"][i], TEMP),
                       _num(hourly["precipitation_probability"][i], PERCENT),
                       _num(hourly["precipitation"][i], RAIN_MM), _code(hourly["weather_code"][i]))
                  for i, t in enumerate(hourly["time"]))
    days = []
    for i, t in enumerate(daily["time"]):
        try:
            d = date.fromisoformat(str(t))
        except ValueError:
            raise MalformedForecast(f"bad date {t!r}") from None
        days.append(Day(d, _code(daily["weather_code"][i]), _num(daily["temperature_2m_max"][i], TEMP),
                        _num(daily["temperature_2m_min"][i], TEMP),
                        _num(daily["precipitation_probability_max"][i], PERCENT),
                        _num(daily["precipitation_sum"][i], RAIN_MM)))
    if not days:
        raise MalformedForecast("no days")
    current = None
    cur = obj.get("current")
    if isinstance(cur, dict) and "time" in cur:
        current = Current(when(cur["time"]), _num(cur.get("temperature_2m"), TEMP),
                          _num(cur.get("apparent_temperature"), TEMP), _code(cur.get("weather_code")),
                          _num(cur.get("wind_speed_10m"), WIND_KMH))
    units = obj.get("daily_units")
    unit = str((units if isinstance(units, dict) else {}).get("temperature_2m_max", "°C"))[:8]
    return Forecast(tz, current, hours, tuple(days), unit)


def forecast_url(base_url: str, lat: float, lon: float, fahrenheit: bool = False, days: int = 7) -> str:
    query = {
        "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
        "current": ",".join(CURRENT), "hourly": ",".join(HOURLY), "daily": ",".join(DAILY),
        "timezone": "auto", "forecast_days": str(days),
    }
    if fahrenheit:
        query["temperature_unit"] = "fahrenheit"
    return base_url.rstrip("/") + "/v1/forecast?" + urllib.parse.urlencode(query, safe=",")


@dataclass(frozen=True, slots=True)
class Lookup:
    """A forecast and how it was had. age_s: seconds since it was fetched; stale: the fetch
    just failed, so it came from the cache; problem: why the fetch failed."""

    forecast: Forecast | None
    age_s: float = 0.0
    stale: bool = False
    problem: str = ""


class WeatherService:
    """Fetch-or-cache for forecasts. The cache is one JSON file per location:
    {"fetched_at": ISO time on the session clock, "response": the raw Open-Meteo object}."""

    def __init__(self, fetcher: Fetcher, cache_dir: Path, base_url: str, timeout_s: float = 3.0,
                 fresh_s: float = 1800.0, fahrenheit: bool = False) -> None:
        self.fetcher = fetcher
        self.cache_dir = Path(cache_dir)
        self.base_url = base_url
        self.timeout_s = timeout_s
        self.fresh_s = fresh_s
        self.fahrenheit = fahrenheit

    def cache_path(self, lat: float, lon: float) -> Path:
        unit = "f" if self.fahrenheit else "c"
        return self.cache_dir / f"forecast_{lat:.2f}_{lon:.2f}_{unit}.json"

    def _read_cache(self, lat: float, lon: float) -> tuple[Forecast, datetime] | None:
        try:
            data = json.loads(self.cache_path(lat, lon).read_text(encoding="utf-8"))
            fetched = datetime.fromisoformat(data["fetched_at"])
            if fetched.tzinfo is None:
                return None
            return parse_forecast(data["response"]), fetched
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None

    def forecast(self, lat: float, lon: float, now: datetime) -> Lookup:
        cached = self._read_cache(lat, lon)
        if cached is not None:
            age = (now - cached[1]).total_seconds()
            if 0 <= age < self.fresh_s:
                return Lookup(cached[0], age)
        try:
            body = self.fetcher.get(forecast_url(self.base_url, lat, lon, self.fahrenheit), self.timeout_s)
            try:
                raw = json.loads(body)
            except (ValueError, UnicodeDecodeError, RecursionError):
                raise MalformedForecast("not JSON") from None
            fc = parse_forecast(raw)
        except (FetchError, MalformedForecast) as exc:
            problem = str(exc) if isinstance(exc, FetchError) else f"malformed forecast ({exc})"
            if cached is None:
                return Lookup(None, problem=problem)
            return Lookup(cached[0], max(0.0, (now - cached[1]).total_seconds()), stale=True, problem=problem)
        self._write_cache(lat, lon, raw, now)
        return Lookup(fc, 0.0)

    def _write_cache(self, lat: float, lon: float, raw: object, now: datetime) -> None:
        path = self.cache_path(lat, lon)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps({"fetched_at": now.isoformat(), "response": raw}).encode("utf-8"))
        except OSError:
            pass  # a full or read-only disk costs the cache, not the answer

"""Writes the Open-Meteo forecast fixtures (london_2026-03-02.json, tokyo_2026-03-02.json).

The files follow Open-Meteo's /v1/forecast response exactly (keys, units, ISO local times
without offset, timezone=auto) for the query glasses.day.weather.forecast_url builds. The
values are made up but plausible, and fixed so tests can name them: in London on Monday
2 March 2026 it is 6 °C and cloudy at 08:00, rain is likely from 15:00 (70 %), the high is
11 °C; Tuesday is dry and sunny. Run: python tests/day/data/make_forecasts.py
"""

import json
import math
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent


def make(lat, lon, tz, abbr, offset, elevation, base_temp, rain_day_hours, start=date(2026, 3, 2)):
    days = [start + timedelta(days=i) for i in range(7)]
    times, temps, probs, precip, codes = [], [], [], [], []
    for di, d in enumerate(days):
        for h in range(24):
            times.append(f"{d.isoformat()}T{h:02d}:00")
            t = base_temp + di * 0.5 + 4.5 * math.sin((h - 9) / 24 * 2 * math.pi)
            temps.append(round(t, 1))
            wet = rain_day_hours.get(di, ())
            p = 70 if h in wet else (20 if di in rain_day_hours and abs(h - min(wet or [0])) <= 2 else 5)
            probs.append(p)
            precip.append(1.2 if h in wet else 0.0)
            codes.append(63 if h in wet else (3 if di in rain_day_hours else (0 if di == 1 else 2)))
    daily = {"time": [d.isoformat() for d in days], "weather_code": [], "temperature_2m_max": [],
             "temperature_2m_min": [], "precipitation_probability_max": [], "precipitation_sum": []}
    for di in range(7):
        sl = slice(di * 24, di * 24 + 24)
        daily["weather_code"].append(max(codes[sl]))
        daily["temperature_2m_max"].append(max(temps[sl]))
        daily["temperature_2m_min"].append(min(temps[sl]))
        daily["precipitation_probability_max"].append(max(probs[sl]))
        daily["precipitation_sum"].append(round(sum(precip[sl]), 1))
    return {
        "latitude": lat, "longitude": lon, "generationtime_ms": 0.0891685485839844,
        "utc_offset_seconds": offset, "timezone": tz, "timezone_abbreviation": abbr, "elevation": elevation,
        "current_units": {"time": "iso8601", "interval": "seconds", "temperature_2m": "°C",
                          "apparent_temperature": "°C", "weather_code": "wmo code", "precipitation": "mm",
                          "wind_speed_10m": "km/h"},
        "current": {"time": f"{start.isoformat()}T08:00", "interval": 900, "temperature_2m": temps[8],
                    "apparent_temperature": round(temps[8] - 2.4, 1), "weather_code": codes[8],
                    "precipitation": 0.0, "wind_speed_10m": 14.3},
        "hourly_units": {"time": "iso8601", "temperature_2m": "°C", "precipitation_probability": "%",
                         "precipitation": "mm", "weather_code": "wmo code"},
        "hourly": {"time": times, "temperature_2m": temps, "precipitation_probability": probs,
                   "precipitation": precip, "weather_code": codes},
        "daily_units": {"time": "iso8601", "weather_code": "wmo code", "temperature_2m_max": "°C",
                        "temperature_2m_min": "°C", "precipitation_probability_max": "%", "precipitation_sum": "mm"},
        "daily": daily,
    }


if __name__ == "__main__":
    london = make(51.5, -0.120000124, "Europe/London", "GMT", 0, 23.0, 6.5, {0: range(15, 20), 3: range(6, 12)})
    tokyo = make(35.7, 139.6875, "Asia/Tokyo", "JST", 32400, 40.0, 12.0, {1: range(9, 14)})
    (HERE / "london_2026-03-02.json").write_text(json.dumps(london))
    (HERE / "tokyo_2026-03-02.json").write_text(json.dumps(tokyo))

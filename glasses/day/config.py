"""The ``day:`` section of config.yaml: calendars, home location, weather service, the
database, briefing and notification inbox. Paths default under the user's data directory."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from glasses.configfile import FieldError, doc
from glasses.day.inbox_token import default_token_path


def default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "glasses" / "day"


@dataclass(frozen=True, slots=True)
class DayConfig:
    calendars: tuple[str, ...] = field(default=(), metadata=doc(
        "iCalendar sources: .ics files, folders of them, and http(s)/webcal URLs (copied into a local cache)"))
    calendar_refresh_min: int = field(default=30, metadata=doc(
        "how often remote calendars are fetched again, in minutes", min=1, max=10080))
    home_name: str = field(default="", metadata=doc("the home location's name, as spoken (e.g. London)"))
    home_lat: float | None = field(default=None, metadata=doc("home latitude in degrees (-90..90)", min=-90.0, max=90.0))
    home_lon: float | None = field(default=None, metadata=doc("home longitude in degrees (-180..180)", min=-180.0, max=180.0))
    data_dir: Path | None = field(default=None, metadata=doc(
        "where the day database and caches live (default: $XDG_DATA_HOME/glasses/day)"))
    weather_url: str = field(default="https://api.open-meteo.com", metadata=doc(
        "Open-Meteo forecast service base URL (no key needed)"))
    weather_timeout_s: float = field(default=3.0, metadata=doc(
        "give up on the weather service after this many seconds and answer from the cache", min=0.2, max=30.0))
    weather_fresh_min: int = field(default=30, metadata=doc(
        "a cached forecast younger than this is used without asking the service", min=0, max=1440))
    fahrenheit: bool = field(default=False, metadata=doc("temperatures in Fahrenheit instead of Celsius"))
    briefing_on_first_wake: bool = field(default=True, metadata=doc(
        "give the morning briefing on the first wake of the day"))
    briefing_until_hour: int = field(default=12, metadata=doc(
        "the first-wake briefing is only given before this hour", min=1, max=24))
    working_hours: tuple[int, ...] = field(default=(8, 18), metadata=doc(
        "start and end hour used for 'when am I free'"))
    alarm_repeat_s: float = field(default=8.0, metadata=doc(
        "a finished timer repeats its alarm this often until stopped", min=2.0, max=300.0))
    alarm_give_up_min: float = field(default=10.0, metadata=doc(
        "an unanswered timer alarm stops after this many minutes", min=0.5, max=240.0))
    late_after_s: float = field(default=90.0, metadata=doc(
        "a reminder spoken more than this long after it was due is announced as missed", min=5.0, max=86400.0))
    inbox_dir: Path | None = field(default=None, metadata=doc(
        "notification inbox folder for JSON files (default: <data_dir>/inbox)"))
    inbox_port: int = field(default=0, metadata=doc(
        "port of the HTTP notification endpoint on 127.0.0.1 (0: no endpoint)", min=0, max=65535))
    inbox_token_file: Path | None = field(default=None, metadata=doc(
        "secret the endpoint requires (Authorization: Bearer ...); made at first start, mode 0600 "
        "(default: $XDG_CONFIG_HOME/glasses/inbox-token)"))
    inbox_rate_per_min: int = field(default=30, metadata=doc(
        "notifications the endpoint accepts per minute; more get HTTP 429", min=1, max=6000))
    notifications_keep_days: int = field(default=30, metadata=doc(
        "notifications older than this many days are forgotten (database rows and inbox files)",
        min=1, max=3650))

    def __post_init__(self) -> None:
        if (self.home_lat is None) != (self.home_lon is None):
            raise FieldError("home_lat" if self.home_lat is None else "home_lon",
                             "give both home_lat and home_lon, or neither")
        if not self.weather_url.startswith(("http://", "https://")):
            raise FieldError("weather_url", f"must start with http:// or https://, got {self.weather_url!r}")
        if len(self.working_hours) != 2 or not 0 <= self.working_hours[0] < self.working_hours[1] <= 24:
            raise FieldError("working_hours", "expected [start hour, end hour], e.g. [8, 18]")
        for src in self.calendars:
            if src.startswith("http://") and not src.startswith(("http://127.0.0.1", "http://localhost")):
                raise FieldError("calendars", f"use https for remote calendars: {src}")

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser() if self.data_dir else default_data_dir()

    @property
    def db_path(self) -> Path:
        return self.data_path / "day.sqlite"

    @property
    def inbox_path(self) -> Path:
        return Path(self.inbox_dir).expanduser() if self.inbox_dir else self.data_path / "inbox"

    @property
    def token_path(self) -> Path:

        return Path(self.inbox_token_file).expanduser() if self.inbox_token_file else default_token_path()

    @property
    def cache_path(self) -> Path:
        return self.data_path / "cache"

    @property
    def home(self) -> tuple[float, float] | None:
        return (self.home_lat, self.home_lon) if self.home_lat is not None and self.home_lon is not None else None


DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "day"
DEMO_CALENDAR = DEMO_DIR / "demo.ics"
DEMO_FORECAST = DEMO_DIR / "forecast_london_2026-03-02.json"

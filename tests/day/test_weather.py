"""Weather through the real urllib client against a local Open-Meteo stand-in: answers,
cache, stale-age phrasing, timeouts, 500s and malformed responses."""

import json
import time
from datetime import timedelta

import pytest

from dayfix import DATA, MONDAY_8AM, ask
from glasses.fetch import FetchError, UrlFetcher
from glasses.day.weather import MalformedForecast, WeatherService, forecast_url, parse_forecast


def test_answers_from_the_service(make_skill, parser, server):
    skill = make_skill()
    now = ask(skill, parser, "what's the weather", MONDAY_8AM).text
    assert now == ("Right now it's five degrees and cloudy in London. Later today, up to eleven, "
                   "with a 70 percent chance of rain.")
    assert ask(skill, parser, "will it rain this afternoon", MONDAY_8AM).text == \
        "Yes, rain is likely in London this afternoon: a 70 percent chance, from around three."
    assert ask(skill, parser, "do i need an umbrella", MONDAY_8AM).text == \
        "Yes, take one: there's a 70 percent chance of rain today, from around three."
    assert ask(skill, parser, "will it rain this morning", MONDAY_8AM).text == "No rain expected in London this morning."
    assert ask(skill, parser, "what's the weather tomorrow", MONDAY_8AM).text == \
        "Tomorrow in London: clear, a high of twelve and a low of three."
    assert ask(skill, parser, "how cold is it", MONDAY_8AM).text == "It's five degrees in London now, going up to eleven."
    q = server.requests[0]
    assert q.startswith("/v1/forecast?latitude=51.5000&longitude=-0.1200&current=") and "timezone=auto" in q


def test_named_place_resolves_offline(make_skill, parser, server):
    skill = make_skill()
    reply = ask(skill, parser, "is it going to rain in tokyo tomorrow", MONDAY_8AM)
    assert reply.text == "Yes, rain is likely in Tokyo tomorrow: a 70 percent chance, from around nine."
    assert "latitude=35.6895&longitude=139.6917" in server.requests[-1]
    assert ask(skill, parser, "what's the weather in xanadoo", MONDAY_8AM).text == "I don't know where xanadoo is."


def test_fresh_cache_is_used_without_asking(make_skill, parser, server):
    skill = make_skill()
    ask(skill, parser, "what's the weather", MONDAY_8AM)
    ask(skill, parser, "will it rain", MONDAY_8AM + timedelta(minutes=10))
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", ["500", "slow", "garbage", "error_json", "trickle"])
def test_failure_falls_back_to_cache_and_says_its_age(make_skill, parser, server, mode):
    skill = make_skill(weather_timeout_s=0.6)
    server.delay_s = 2.0
    ask(skill, parser, "what's the weather", MONDAY_8AM)
    server.mode = mode
    t0 = time.monotonic()
    later = MONDAY_8AM + timedelta(hours=3)
    reply = ask(skill, parser, "will it rain this afternoon", later)
    assert time.monotonic() - t0 < 1.5
    assert reply.text == ("I couldn't reach the weather service, so this forecast is three hours old. "
                          "Yes, rain is likely in London this afternoon: a 70 percent chance, from around three.")
    assert "forecast three hours old" in reply.card.lines


def test_no_cache_at_all_says_so_plainly(make_skill, parser, server):
    server.mode = "500"
    skill = make_skill()
    assert ask(skill, parser, "what's the weather", MONDAY_8AM).text == \
        "I couldn't reach the weather service and I have no saved forecast, so I can't tell you the weather."


def test_three_second_limit_is_real(server, tmp_path):
    server.mode, server.delay_s = "slow", 6.0
    service = WeatherService(UrlFetcher(), tmp_path, server.url)  # default timeout: 3 s
    t0 = time.monotonic()
    lookup = service.forecast(51.5, -0.12, MONDAY_8AM)
    took = time.monotonic() - t0
    assert lookup.forecast is None and "timed out after 3 s" in lookup.problem
    assert 2.9 <= took < 4.0


def test_fetcher_errors_are_short(server):
    server.mode = "500"
    with pytest.raises(FetchError, match="HTTP 500"):
        UrlFetcher().get(server.url + "/v1/forecast", 1.0)
    with pytest.raises(FetchError, match="cannot connect"):
        UrlFetcher().get("http://127.0.0.1:9/", 1.0)


def test_parse_is_strict():
    good = json.loads((DATA / "london_2026-03-02.json").read_text())
    fc = parse_forecast(good)
    assert len(fc.hours) == 168 and len(fc.days) == 7 and fc.current.temp == pytest.approx(5.3)
    bad = json.loads(json.dumps(good))
    bad["hourly"]["temperature_2m"] = bad["hourly"]["temperature_2m"][:-1]
    with pytest.raises(MalformedForecast):
        parse_forecast(bad)
    bad = json.loads(json.dumps(good))
    bad["daily"]["temperature_2m_max"][0] = "warm"
    with pytest.raises(MalformedForecast):
        parse_forecast(bad)
    with pytest.raises(MalformedForecast):
        parse_forecast([1, 2])


def test_forecast_without_the_day_asked(make_skill, parser):
    skill = make_skill()
    reply = ask(skill, parser, "what's the weather on the 20th", MONDAY_8AM)
    assert reply.text == "I don't have a forecast for Friday the twentieth of March yet."


def test_url_shape():
    url = forecast_url("https://api.open-meteo.com/", 51.5, -0.12, fahrenheit=True)
    assert url.startswith("https://api.open-meteo.com/v1/forecast?latitude=51.5000&longitude=-0.1200")
    assert "hourly=temperature_2m,precipitation_probability,precipitation,weather_code" in url
    assert "temperature_unit=fahrenheit" in url


def test_demo_files_work_offline(tmp_path, places):
    from glasses.day.config import DEMO_CALENDAR, DEMO_FORECAST, DayConfig
    from glasses.fetch import FileFetcher
    from glasses.day.skill import DaySkill
    from glasses.day.store import DayStore
    from glasses.events import Intent
    from dayfix import LONDON, ctx

    config = DayConfig(calendars=(str(DEMO_CALENDAR),), home_name="London", home_lat=51.5, home_lon=-0.12,
                       data_dir=tmp_path)
    skill = DaySkill(config, tz=LONDON, store=DayStore(config.db_path),
                     fetcher=FileFetcher({"/v1/forecast": DEMO_FORECAST}), places=places)
    reply = skill.handle(Intent(0, "briefing", {}), ctx(MONDAY_8AM))
    assert "Standup at half past nine" in reply.text and "Sam's birthday" in reply.text
    assert "Weather in London: Rain" in reply.text
    skill.close()


def test_cache_writes_from_two_threads_never_collide(tmp_path):
    """The live loop and the background refresh share one WeatherService: concurrent cache
    writes each use their own temporary file, and the cache stays whole."""
    import json
    import threading

    from glasses.atomic import write_atomic

    path = tmp_path / "forecast.json"
    errors = []

    def write(n):
        try:
            for i in range(200):
                write_atomic(path, json.dumps({"writer": n, "i": i, "pad": "x" * 5000}).encode())
        except OSError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and json.loads(path.read_text())["i"] == 199
    assert [p.name for p in tmp_path.iterdir()] == ["forecast.json"]  # no temporary file left

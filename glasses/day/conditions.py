"""Spoken weather answers from a Forecast: summary, rain/snow, temperature, umbrella. Pure."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from glasses.skills import spoken
from glasses.skills.spoken import number_words
from glasses.day.timeexpr import PERIODS
from glasses.day.weather import Forecast, Hour, Lookup
from glasses.skills.base import Meaning, Reply
from glasses.day.cards import WeatherCard
from glasses.day.schedule import day_label

WMO = {
    0: "clear", 1: "mostly clear", 2: "partly cloudy", 3: "cloudy", 45: "foggy", 48: "foggy",
    51: "light drizzle", 53: "drizzle", 55: "heavy drizzle", 56: "freezing drizzle", 57: "freezing drizzle",
    61: "light rain", 63: "rain", 65: "heavy rain", 66: "freezing rain", 67: "freezing rain",
    71: "light snow", 73: "snow", 75: "heavy snow", 77: "snow grains",
    80: "rain showers", 81: "rain showers", 82: "heavy showers", 85: "snow showers", 86: "heavy snow showers",
    95: "thunderstorms", 96: "thunderstorms with hail", 99: "thunderstorms with hail",
}
SNOW_CODES = {71, 73, 75, 77, 85, 86}
WET_CODES = {51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 80, 81, 82, 95, 96, 99}


def describe(code: int | None) -> str:
    return WMO.get(code, "") if code is not None else ""


def degrees(value: float | None) -> str:
    if value is None:
        return "unknown"
    n = math.floor(value + 0.5)
    return f"minus {number_words(-n)}" if n < 0 else number_words(n)


def _span(day: date, period: str | None, fc: Forecast, now: datetime) -> tuple[datetime, datetime]:
    lo, hi = PERIODS[period] if period else (0, 24)
    start = datetime.combine(day, time(), tzinfo=fc.tz) + timedelta(hours=lo)
    end = datetime.combine(day, time(), tzinfo=fc.tz) + timedelta(hours=hi)
    local_now = now.astimezone(fc.tz)
    if start < local_now < end:
        start = local_now.replace(minute=0, second=0, microsecond=0)
    return start, end


def _label(day: date, period: str | None, today: date) -> str:
    name = spoken.day_name(day, today)
    if period is None:
        return name
    if name == "today":
        return "tonight" if period == "night" else f"this {period}"
    if name == "tomorrow":
        return "tomorrow night" if period == "night" else f"tomorrow {period}"
    return f"{name} {period}"


def _prefix(lookup: Lookup) -> str:
    if lookup.stale:
        return f"I couldn't reach the weather service, so this forecast is {spoken.age(lookup.age_s)} old. "
    return ""


def no_forecast(problem: str) -> Reply:
    why = "I couldn't reach the weather service" if problem else "I can't get the weather right now"
    return Reply(f"{why} and I have no saved forecast, so I can't tell you the weather.",
                 WeatherCard(title="Weather", lines=["no forecast available"]),
                 meaning=Meaning("get_weather.unreachable" if problem else "get_weather.none"))


def _weather_meaning(lookup: Lookup, place: str, label: Meaning, intent: str, is_now: bool, fc: Forecast,
                     high: float | None, low: float | None, code: int | None, chance: float) -> Meaning | None:
    """get_weather's answer as data (glasses/replies.py says it in assistant.language); None
    when a number it needs is missing (the English says what it can)."""
    if intent != "get_weather":
        return None
    stale = None
    if lookup.stale:
        stale = Meaning("weather.stale.recent") if lookup.age_s < 300 else \
            Meaning("weather.stale", {"age_about_s": lookup.age_s})
    where = Meaning("weather.in", {"place": place}) if place else None
    rain = Meaning("weather.rain", {"chance": int(round(chance))}) if chance >= 25 else None
    if is_now and fc.current is not None and fc.current.temp is not None:
        now_code = describe(fc.current.code)
        later = Meaning("weather.later_up", {"deg": high, "rain": rain}) \
            if high is not None and high > fc.current.temp + 1 else \
            Meaning("weather.later_down", {"deg": low, "rain": rain}) if low is not None else None
        return Meaning("get_weather.now", {"stale": stale, "place": where, "temp": fc.current.temp,
                                           "cond": Meaning("weather.cond", {"cond": now_code}) if now_code else None,
                                           "later": later})
    if high is None or low is None:
        return None
    cond = describe(code)
    return Meaning("get_weather.day", {"stale": stale, "label": label, "place": where, "high": high, "low": low,
                                       "cond": Meaning("weather.day_cond", {"cond": cond}) if cond else None,
                                       "rain": rain, "unit": fc.unit})


def _rain_stats(hours: list[Hour], kind: str) -> tuple[float, Hour | None]:
    best, first = 0.0, None
    for h in hours:
        chance = h.rain_chance or 0.0
        if kind == "snow":
            chance = chance if h.code in SNOW_CODES else 0.0
        if chance > best:
            best = chance
        if first is None and chance >= 40:
            first = h
    return best, first


def _day_numbers(fc: Forecast, day: date, hours: list[Hour], period: str | None):
    d = fc.day(day)
    temps = [h.temp for h in hours if h.temp is not None]
    high = max(temps) if period and temps else (d.high if d else (max(temps) if temps else None))
    low = min(temps) if period and temps else (d.low if d else (min(temps) if temps else None))
    codes = [h.code for h in hours if h.code is not None]
    code = max(codes, key=codes.count) if period and codes else (d.code if d else (codes[0] if codes else None))
    return high, low, code


def weather_reply(lookup: Lookup, place: str, day: date, period: str | None, now: datetime,
                  intent: str = "get_weather", kind: str = "rain") -> Reply:
    """The answer for get_weather / will_it_rain / get_temperature / need_umbrella."""
    if lookup.forecast is None:
        return no_forecast(lookup.problem)
    fc = lookup.forecast
    today = now.astimezone(fc.tz).date()
    start, end = _span(day, period, fc, now)
    hours = fc.hours_between(start, end)
    if not hours and fc.day(day) is None:
        return Reply(f"I don't have a forecast for {spoken.day_name(day, today)} yet.",
                     WeatherCard(title=place, lines=["no forecast for that day"]),
                     meaning=Meaning("get_weather.no_day", {"day": day, "place_name": place}))
    label = _label(day, period, today)
    high, low, code = _day_numbers(fc, day, hours, period)
    chance, first_wet = _rain_stats(hours, kind)
    if not hours and fc.day(day) is not None:
        chance = fc.day(day).rain_chance or 0.0
    where = f" in {place}" if place else ""
    card = WeatherCard(title=f"{place or 'Weather'} · {label}",
            lines=[x for x in (
                describe(code).capitalize() or None,
                f"{_n(low)}–{_n(high)}{fc.unit}",
                f"rain {int(round(chance))}%",
                f"forecast {spoken.age(lookup.age_s)} old" if lookup.stale else None) if x])
    prefix = _prefix(lookup)
    is_now = day == today and period is None and fc.current is not None
    meaning = _weather_meaning(lookup, place, day_label(day, period, today), intent, is_now, fc,
                               high, low, code, chance)
    if meaning is not None:   # the card in the language too: the same numbers, its words
        meaning = replace(meaning, slots={**meaning.slots, "card_label": day_label(day, period, today),
                                          "card_place": place, "card_cond": describe(code) or None,
                                          "card_low": _n(low), "card_high": _n(high), "unit": fc.unit,
                                          "card_rain": int(round(chance))})
    if intent == "will_it_rain" or intent == "need_umbrella":
        what = "snow" if kind == "snow" else "rain"
        when = f", from around {spoken.clock(first_wet.time)}" if first_wet and first_wet.time > now else ""
        if intent == "need_umbrella":
            if chance >= 40 and kind != "snow":
                text = f"Yes, take one: there's a {int(round(chance))} percent chance of rain {label}{when}."
            else:
                text = f"You shouldn't need one{where} {label}: the chance of rain is {int(round(chance))} percent."
        elif chance >= 60:
            text = f"Yes, {what} is likely{where} {label}: a {int(round(chance))} percent chance{when}."
        elif chance >= 25:
            text = f"Maybe: there's a {int(round(chance))} percent chance of {what}{where} {label}{when}."
        else:
            text = f"No {what} expected{where} {label}."
        return Reply(prefix + text, card)
    if intent == "get_temperature":
        if is_now and fc.current.temp is not None:
            text = f"It's {degrees(fc.current.temp)} degrees{where} now"
            if high is not None and high > fc.current.temp + 1:
                text += f", going up to {degrees(high)}"
            elif low is not None and low < fc.current.temp - 1:
                text += f", dropping to {degrees(low)}"
            text += "."
        else:
            text = f"{spoken.sentence(label)[:-1]}{where}: between {degrees(low)} and {degrees(high)} degrees."
        return Reply(prefix + text, card)
    # get_weather
    if is_now and fc.current.temp is not None:
        cond = describe(fc.current.code)
        text = f"Right now it's {degrees(fc.current.temp)} degrees{' and ' + cond if cond else ''}{where}."
        rest = f" Later today, up to {degrees(high)}" if high is not None and high > fc.current.temp + 1 else \
            f" Later today, down to {degrees(low)}" if low is not None else ""
        if rest:
            text += rest + (f", with a {int(round(chance))} percent chance of rain." if chance >= 25 else ".")
    else:
        cond = describe(code)
        text = (f"{spoken.sentence(label)[:-1]}{where}: {cond + ', ' if cond else ''}"
                f"{'a high of ' + degrees(high) if high is not None else ''}"
                f"{' and a low of ' + degrees(low) if low is not None else ''}")
        text += f", with a {int(round(chance))} percent chance of rain." if chance >= 25 else "."
    return Reply(prefix + text, card, meaning=meaning)


def _n(v: float | None) -> str:
    return "?" if v is None else str(math.floor(v + 0.5))


def briefing_weather(lookup: Lookup, day: date, now: datetime) -> str:
    """One clause for the morning briefing: "Cloudy, eight to twelve degrees, rain likely after three"."""
    if lookup.forecast is None:
        return ""
    fc = lookup.forecast
    start, end = _span(day, None, fc, now)
    hours = fc.hours_between(start, end)
    high, low, code = _day_numbers(fc, day, hours, None)
    chance, first_wet = _rain_stats(hours, "rain")
    parts = [describe(code).capitalize()] if describe(code) else []
    if high is not None and low is not None:
        parts.append(f"{degrees(low)} to {degrees(high)} degrees")
    if chance >= 50:
        parts.append("rain likely" + (f" from around {spoken.clock(first_wet.time)}" if first_wet else "")
                     + ", so take an umbrella")
    elif chance >= 25:
        parts.append(f"a {int(round(chance))} percent chance of rain")
    text = ", ".join(parts)
    if lookup.stale and text:
        text += f" (from a forecast {spoken.age(lookup.age_s)} old)"
    return text


def briefing_weather_meaning(lookup: Lookup, day: date, now: datetime) -> Meaning | None:
    """``briefing_weather`` as data (glasses/replies.py); None when there is nothing to say."""
    if lookup.forecast is None:
        return None
    fc = lookup.forecast
    start, end = _span(day, None, fc, now)
    hours = fc.hours_between(start, end)
    high, low, code = _day_numbers(fc, day, hours, None)
    chance, first_wet = _rain_stats(hours, "rain")
    bits: list[Meaning] = [Meaning("briefing.cond", {"cond": describe(code)})] if describe(code) else []
    if high is not None and low is not None:
        bits.append(Meaning("briefing.range", {"low": low, "high": high}))
    if chance >= 50:
        bits.append(Meaning("briefing.rain_likely", {"rain_from": Meaning("briefing.rain_from", {"first_at": first_wet.time})
                                                     if first_wet else None}))
    elif chance >= 25:
        bits.append(Meaning("briefing.rain_chance", {"chance": int(round(chance))}))
    if not bits:
        return None
    stale = Meaning("briefing.stale", {"age_about_s": max(300.0, lookup.age_s)}) if lookup.stale else None
    return Meaning("briefing.weather_clause", {"bits_parts": bits, "stale": stale})

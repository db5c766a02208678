"""The morning briefing: one short spoken paragraph, most important first, plus a card. Pure:
handed everything it talks about."""

from __future__ import annotations

from datetime import datetime, timedelta

from glasses.skills import spoken
from glasses.day.calendar import CalendarEvent
from glasses.skills.spoken import ordinal_words
from glasses.day.reminders import about
from glasses.day.store import Reminder, Timer, from_ms
from glasses.day.timers import label as timer_label, timer_said
from glasses.skills.base import Meaning, Reply
from glasses.day.cards import BriefingCard


def greeting(now: datetime) -> str:
    if 4 <= now.hour < 12:
        return "Good morning"
    if 12 <= now.hour < 18:
        return "Good afternoon"
    return "Good evening"


def _part_of_day(now: datetime) -> str:
    return "morning" if 4 <= now.hour < 12 else "afternoon" if 12 <= now.hour < 18 else "evening"


def assemble(now: datetime, events: list[CalendarEvent], weather: str, place: str,
             reminders: list[Reminder], timers: list[Timer], unread: int,
             weather_said: Meaning | None = None) -> Reply:
    """Greeting and date; what's urgent (a ringing timer, a reminder due within the hour);
    the day's events, first one first; weather; the rest of today's reminders; running
    timers; unread notifications."""
    today = now.date()
    parts = [f"{greeting(now)}. It's {spoken.WEEKDAYS[today.weekday()]} the {ordinal_words(today.day)} of "
             f"{spoken.MONTHS[today.month - 1]}."]
    lines = [f"{spoken.WEEKDAYS[today.weekday()]} {today.day} {spoken.MONTHS[today.month - 1]}"]
    said: list[Meaning | None] = [Meaning("briefing.greeting", {"greeting": _part_of_day(now), "day_full": today})]
    card: list[Meaning | str] = [Meaning("briefing.card_date", {"card_day_full": today})]
    now_ms = int(now.timestamp() * 1000)
    ringing = [t for t in timers if t.state == "ringing"]
    for t in ringing:
        parts.append(f"Your {timer_label(t)} is done.")
        said.append(Meaning("timer.done", {"timer": timer_said(t)}))
    soon = [r for r in reminders if r.due_ms - now_ms <= 3600_000]
    later = [r for r in reminders if r not in soon]
    for r in soon:
        due = from_ms(r.due_ms, now)
        parts.append(spoken.sentence(f"Reminder {spoken.when_phrase(due, now)}: {spoken.you_form(r.text) or 'no details'}"))
        said.append(Meaning("briefing.reminder_soon", {"due_when": due, "text": r.text}) if r.text else None)
    ahead = [e for e in events if e.all_day or e.end > now]
    timed = [e for e in ahead if not e.all_day]
    all_day = [e for e in ahead if e.all_day]
    if not ahead:
        parts.append("Your calendar is clear today.")
        said.append(Meaning("briefing.clear"))
    else:
        first = timed[0] if timed else None
        if first is not None:
            starts = "first" if first.start > now else "current"
            what = f"{first.title} {spoken.at_clock(first.start)}" if starts == "first" \
                else f"{first.title}, until {spoken.clock(first.end)}"
            what_said = Meaning("briefing.first", {"title": first.title, "start_at": first.start}) \
                if starts == "first" else Meaning("briefing.current", {"title": first.title, "end": first.end})
            if len(timed) == 1:
                parts.append(f"You have one event today: {what}.")
                said.append(Meaning("briefing.one_event", {"what": what_said}))
            else:
                rest = f", and {spoken.count(len(timed) - 2, 'more')}".replace("mores", "more") if len(timed) > 2 else ""
                nxt = timed[1]
                parts.append(f"You have {spoken.count(len(timed), 'event')} today, starting with {what}; "
                             f"then {nxt.title} {spoken.at_clock(nxt.start)}{rest}.")
                said.append(Meaning("briefing.events", {
                    "count": len(timed), "what": what_said, "next_title": nxt.title, "next_at": nxt.start,
                    "more": Meaning("briefing.more", {"count": len(timed) - 2}) if len(timed) > 2 else None}))
        if all_day:
            parts.append(spoken.sentence(f"Also today: {spoken.join([e.title for e in all_day[:3]])}"))
            said.append(Meaning("briefing.also", {"titles": [e.title for e in all_day[:3]]}))
        for e in timed:
            lines.append(f"{e.start.strftime('%H:%M')}  {e.title}")
            card.append(f"{e.start.strftime('%H:%M')}  {e.title}")
        for e in all_day:
            lines.append(f"all day  {e.title}")
            card.append(Meaning("briefing.card_all_day", {"title": e.title}))
    if weather:
        parts.append(spoken.sentence(f"Weather{' in ' + place if place else ''}: {weather}"))
        lines.append(weather)
        said.append(Meaning("briefing.weather", {"place": Meaning("weather.in", {"place": place}) if place else None,
                                                 "clause": weather_said}) if weather_said is not None else None)
        card.append(weather_said if weather_said is not None else weather)
    if later:
        phrases = [f"{about(r.text) or 'a reminder'} {spoken.at_clock(from_ms(r.due_ms, now))}" for r in later[:3]]
        parts.append(f"{'Reminders' if len(later) > 1 else 'Reminder'} today: {'; '.join(phrases)}.")
        said.append(Meaning("briefing.reminders" if len(later) > 1 else "briefing.reminder", {"items": [
            Meaning("briefing.reminder_at", {"text": r.text, "at_at": from_ms(r.due_ms, now)}) for r in later[:3]]}))
    for r in reminders:
        lines.append(f"{from_ms(r.due_ms, now).strftime('%H:%M')}  remind: {r.text}")
        card.append(Meaning("briefing.card_reminder", {"card_at": from_ms(r.due_ms, now), "text": r.text}))
    running = [t for t in timers if t.state == "running" and t.ends_ms > now_ms]  # not one that went off
    if running:
        phrases = [f"{spoken.duration((t.ends_ms - now_ms) / 1000, approximate=True)} left on your {timer_label(t)}"
                   for t in running[:2]]
        parts.append(spoken.sentence(spoken.join(phrases)))
        said.append(Meaning("briefing.timers", {"left": [
            Meaning("timer_status.left_on", {"left_about_s": (t.ends_ms - now_ms) / 1000, "timer": timer_said(t),
                                             "paused": None}) for t in running[:2]]}))
    if unread:
        parts.append(f"You have {spoken.count(unread, 'unread notification')}.")
        lines.append(f"{unread} unread notification{'s' if unread != 1 else ''}")
        said.append(Meaning("briefing.unread_one" if unread == 1 else "briefing.unread", {"count": unread}))
        card.append(Meaning("briefing.card_unread", {"count": unread}))
    meaning = None if any(m is None for m in said) else \
        Meaning("briefing.report", {"parts_sentences": said, "card_greeting": _part_of_day(now), "card_lines": card})
    return Reply(" ".join(parts), BriefingCard(title=greeting(now), lines=lines), meaning=meaning)


def reminders_today(reminders: list[Reminder], now: datetime) -> list[Reminder]:
    end = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    end_ms = int(end.timestamp() * 1000)
    return [r for r in reminders if r.due_ms < end_ms]

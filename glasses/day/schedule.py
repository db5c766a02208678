"""Spoken answers about the schedule: a day's events, what's next, free or busy. Pure:
handed the events (from calendar.Agenda) and ``now``; returns a Reply with a card."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Callable

from glasses.skills import spoken
from glasses.skills.spoken import number_words
from glasses.day.calendar import CalendarEvent
from glasses.day.timeexpr import PERIODS
from glasses.skills.base import Meaning, Reply
from glasses.day.cards import ScheduleCard

Lookup = Callable[[datetime, datetime], list[CalendarEvent]]
SPOKEN_MAX = 4


def day_span(d: date, tz: tzinfo) -> tuple[datetime, datetime]:
    start = datetime.combine(d, time(), tzinfo=tz)
    nxt = d + timedelta(days=1)
    return start, datetime.combine(nxt, time(), tzinfo=tz)


def _event_phrase(ev: CalendarEvent, day: date, today: date, *, with_place: bool = True) -> str:
    if ev.all_day or (ev.start.date() < day and ev.end >= day_span(day, ev.start.tzinfo)[1]):
        last = (ev.end - timedelta(seconds=1)).date()
        if ev.end - ev.start > timedelta(days=1) and last > day:
            return f"{ev.title}, all day until {spoken.day_name(last, today)}"
        return f"{ev.title}, all day"
    if ev.start.date() < day:
        return f"{ev.title} until {spoken.clock(ev.end)}"
    text = f"{spoken.at_clock(ev.start)}, {ev.title}"
    if with_place and ev.location:
        text += f" {place_phrase(ev.location)}"
    return text


def day_label(day: date, period: str | None, today: date) -> Meaning:
    """The day (and part of it) an answer is about, as data: "tomorrow", "this afternoon"."""
    if period is None:
        return Meaning("day.label", {"day": day})
    if day == today:
        return Meaning("day.label.today_period", {"period_today": period})
    return Meaning("day.label.period", {"day": day, "period": period})


def event_meaning(ev: CalendarEvent, day: date, today: date, *, with_place: bool = True) -> Meaning:
    """``_event_phrase`` as data: the title as written, the times and days as values."""
    if ev.all_day or (ev.start.date() < day and ev.end >= day_span(day, ev.start.tzinfo)[1]):
        last = (ev.end - timedelta(seconds=1)).date()
        if ev.end - ev.start > timedelta(days=1) and last > day:
            return Meaning("event.all_day_until", {"title": ev.title, "last": last})
        return Meaning("event.all_day", {"title": ev.title})
    if ev.start.date() < day:
        return Meaning("event.until", {"title": ev.title, "end": ev.end})
    place = Meaning("event.place", {"location": ev.location}) if with_place and ev.location else None
    return Meaning("event.at", {"title": ev.title, "start_at": ev.start, "place": place})


def place_phrase(location: str) -> str:
    """ "in Room 4", "at Cafe Luna"."""
    first = location.split()[0].lower() if location.split() else ""
    inside = first in ("room", "floor", "building", "office", "conference", "meeting", "hall", "level", "suite")
    return ("in " if inside else "at ") + location


def _card_line(ev: CalendarEvent, day: date) -> str:
    if ev.all_day:
        return f"all day  {ev.title}"
    start = ev.start.strftime("%H:%M") if ev.start.date() == day else "…"
    end = ev.end.strftime("%H:%M")
    return f"{start}–{end}  {ev.title}" + (f" ({ev.location})" if ev.location else "")


def schedule_reply(events: list[CalendarEvent], day: date, now: datetime,
                   period: str | None = None) -> Reply:
    """ "You have three events today: at nine, Standup; ..." — for today only what is still to come."""
    today = now.date()
    when = spoken.day_name(day, today)
    label = f"{when} {_period_words(period)}".strip() if period else when
    if period:
        lo, hi = PERIODS[period]
        span_start = datetime.combine(day, time(lo), tzinfo=now.tzinfo)
        span_end = datetime.combine(day, time(hi - 1, 59), tzinfo=now.tzinfo) + timedelta(minutes=1)
        events = [e for e in events if e.all_day or e.overlaps(span_start, span_end)]
    card = ScheduleCard(title=f"{spoken.WEEKDAYS[day.weekday()]} {day.day} {spoken.MONTHS[day.month - 1]}",
            lines=[_card_line(e, day) for e in events] or ["nothing scheduled"])
    said = {"label": day_label(day, period, today), "card_day_full": day}
    if not events:
        return Reply(spoken.sentence(f"You have nothing on your calendar {_on(label)}"), card,
                     meaning=Meaning("get_schedule.nothing", said))
    done = [e for e in events if day == today and not e.all_day and e.end <= now]
    ahead = [e for e in events if e not in done]
    if day == today and not ahead:
        over = "all of today's events are" if len(done) > 1 else "today's event is"
        return Reply(f"You're done for today: {over} over.", card,
                     meaning=Meaning("get_schedule.done_many" if len(done) > 1 else "get_schedule.done_one", said))
    phrases = [_event_phrase(e, day, today) for e in ahead[:SPOKEN_MAX]]
    more = len(ahead) - len(phrases)
    if more:
        phrases.append(f"{number_words(more)} more")
    if day == today and done:
        intro = f"You have {spoken.count(len(ahead), 'more event')} today"
    else:
        intro = f"You have {spoken.count(len(ahead), 'event')} {_on(label)}"
    listed = [event_meaning(e, day, today) for e in ahead[:SPOKEN_MAX]]
    if more:
        listed.append(Meaning("event.more", {"count": more}))
    key = "get_schedule." + ("more_today" if day == today and done else "events") + ("_one" if len(ahead) == 1 else "")
    return Reply(f"{intro}: {'; '.join(phrases[:-1]) + '; and ' + phrases[-1] if len(phrases) > 1 else phrases[0]}.", card,
                 meaning=Meaning(key, {**said, "count": len(ahead), "events": listed}))


def _on(label: str) -> str:
    if label.startswith(("today", "tomorrow", "yesterday", "this ")):
        return label
    return "on " + label


def _period_words(period: str | None) -> str:
    return {"morning": "morning", "afternoon": "afternoon", "evening": "evening", "night": "night"}.get(period or "", "")


def next_event_reply(lookup: Lookup, now: datetime, horizon_days: int = 14) -> Reply:
    """What is on now and what comes next (timed events; all-day ones are not "next")."""
    today = now.date()
    current = [e for e in lookup(now, now + timedelta(seconds=1)) if not e.all_day and e.covers(now)]
    upcoming: list[CalendarEvent] = []
    for offset in range(0, horizon_days, 7):
        lo = now + timedelta(days=offset)
        upcoming = [e for e in lookup(lo, lo + timedelta(days=7)) if not e.all_day and e.start > now]
        if upcoming:
            break
    parts = []
    now_on = None
    if current:
        ev = current[0]
        parts.append(f"You're in {ev.title} until {spoken.clock(ev.end)}.")
        now_on = Meaning("next_event.current", {"title": ev.title, "end": ev.end})
    if not upcoming:
        parts.append("There's nothing else on your calendar for the next two weeks." if current
                     else "There's nothing on your calendar for the next two weeks.")
        return Reply(" ".join(parts), ScheduleCard(title="Next", lines=["nothing coming up"]),
                     meaning=Meaning("next_event.report", {"now_on": now_on, "next": Meaning(
                         "next_event.nothing_else" if current else "next_event.nothing")}))
    nxt = upcoming[0]
    minutes = (nxt.start - now).total_seconds() / 60
    lead = "After that" if current else "Next is"
    text = f"{nxt.title} {spoken.when_phrase(nxt.start, now)}"
    soon = None
    if nxt.start.date() == today and minutes < 120:
        text += f", in {spoken.duration(round(minutes) * 60)}" if minutes >= 1 else ", starting now"
        soon = Meaning("next_event.in", {"in_s": round(minutes) * 60}) if minutes >= 1 else Meaning("next_event.now")
    if nxt.location:
        text += f", {place_phrase(nxt.location)}"
    coming = Meaning("next_event.after" if current else "next_event.next", {
        "title": nxt.title, "start_when": nxt.start, "soon": soon,
        "place": Meaning("event.place", {"location": nxt.location}) if nxt.location else None})
    meaning = Meaning("next_event.report", {"now_on": now_on, "next": coming, "card_day": nxt.start.date(),
                                            "card_clock": nxt.start, "card_title": nxt.title,
                                            "card_where": f" ({nxt.location})" if nxt.location else ""})
    parts.append(f"{lead}: {text}." if current else f"Next is {text}.")
    card = ScheduleCard(title="Next",
            lines=[f"{nxt.start.strftime('%a %H:%M')}  {nxt.title}" + (f" ({nxt.location})" if nxt.location else "")])
    return Reply(" ".join(parts), card, meaning=meaning)


def busy_at(events: list[CalendarEvent], t: datetime, slack: timedelta = timedelta(minutes=30)) -> list[CalendarEvent]:
    """Timed events running at ``t`` or starting within ``slack`` after it."""
    return [e for e in events if not e.all_day and e.overlaps(t, t + slack)]


def free_at_reply(events: list[CalendarEvent], t: datetime, now: datetime) -> Reply:
    """ "Am I free at three?" """
    clash = busy_at(events, t)
    when = spoken.when_phrase(t, now)
    card_lines = [_card_line(e, t.date()) for e in clash]
    if clash:
        ev = clash[0]
        if ev.covers(t):
            text = f"No, you have {ev.title} from {spoken.clock(ev.start)} to {spoken.clock(ev.end)}."
        else:
            text = f"Only just: {ev.title} starts {spoken.at_clock(ev.start)}."
        return Reply(text, ScheduleCard(title="Busy", lines=card_lines))
    later = [e for e in events if not e.all_day and e.start > t and e.start.date() == t.date()]
    text = f"Yes, you're free {when}."
    if later:
        text += f" Your next thing after that is {later[0].title} {spoken.at_clock(later[0].start)}."
    return Reply(text, ScheduleCard(title="Free", lines=[f"free at {t.strftime('%H:%M')}"]))


def free_gaps(events: list[CalendarEvent], start: datetime, end: datetime,
              min_gap: timedelta = timedelta(minutes=30)) -> list[tuple[datetime, datetime]]:
    """Free stretches of at least ``min_gap`` in [start, end) between timed events."""
    gaps = []
    cursor = start
    for e in sorted((e for e in events if not e.all_day and e.overlaps(start, end)), key=lambda e: e.start):
        if e.start - cursor >= min_gap:
            gaps.append((cursor, e.start))
        cursor = max(cursor, e.end)
    if end - cursor >= min_gap:
        gaps.append((cursor, end))
    return gaps


def free_span_reply(events: list[CalendarEvent], start: datetime, end: datetime, now: datetime,
                    label: str) -> Reply:
    """ "When am I free tomorrow?" -> the free stretches between ``start`` and ``end``."""
    gaps = free_gaps(events, max(start, now) if start < now < end else start, end)
    lines = [f"{a.strftime('%H:%M')}–{b.strftime('%H:%M')} free" for a, b in gaps]
    card = ScheduleCard(title=f"Free {label}", lines=lines or ["no free time"])
    if not gaps:
        return Reply(f"You're booked solid {label}.", card)
    busy = [e for e in events if not e.all_day and e.overlaps(start, end)]
    if not busy:
        return Reply(f"You're free all {label.replace('today', 'day').replace('tomorrow', 'day tomorrow')}." if label in ("today", "tomorrow")
                     else f"You're free {label}.", card)
    phrases = []
    for a, b in gaps[:3]:
        if a <= max(start, now) + timedelta(minutes=1):
            phrases.append(f"until {spoken.clock(b)}")
        elif b >= end - timedelta(minutes=1):
            phrases.append(f"from {spoken.clock(a)} on")
        else:
            phrases.append(f"from {spoken.clock(a)} to {spoken.clock(b)}")
    return Reply(spoken.sentence(f"{label}, you're free {spoken.join(phrases)}"), card)

"""Questions about the calendar: get_schedule, next_event and check_free.
``ScheduleAnswers(calendars, tz, working_hours)`` hands the day skill one handler per intent;
every moment comes from the ``now`` it is given."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from typing import Callable

from glasses.day import schedule
from glasses.day.calendar import CalendarSet
from glasses.day.timeexpr import PERIODS, TooFarAhead, resolve_day, resolve_when
from glasses.events import Intent
from glasses.skills import spoken
from glasses.skills.base import Reply
from glasses.day.cards import ScheduleCard

TOO_FAR = "That's more than ten years away; I only look ten years ahead."


class ScheduleAnswers:
    def __init__(self, calendars: CalendarSet, tz: tzinfo, working_hours: tuple[int, int]) -> None:
        self.calendars = calendars
        self.tz = tz
        self.working_hours = working_hours

    def handlers(self) -> dict[str, Callable[[Intent, datetime], Reply]]:
        return {"get_schedule": self.schedule, "next_event": self.next_event, "check_free": self.check_free}

    def schedule(self, intent: Intent, now: datetime) -> Reply:
        day_slot = intent.slots.get("day", "today")
        agenda = self.calendars.agenda()
        if day_slot in ("weekend", "week"):
            return self.span_schedule(day_slot, now)
        try:
            day = resolve_day(day_slot, now.date())
        except TooFarAhead:
            return Reply(TOO_FAR)
        except ValueError:
            return Reply("Sorry, I didn't catch which day.")
        start, end = schedule.day_span(day, self.tz)
        return schedule.schedule_reply(agenda.between(start, end), day, now, intent.slots.get("period"))

    def span_schedule(self, which: str, now: datetime) -> Reply:
        today = now.date()
        if which == "weekend":
            sat = today + timedelta(days=(5 - today.weekday()) % 7) if today.weekday() != 6 else today - timedelta(days=1)
            days = [sat, sat + timedelta(days=1)]
            label = "this weekend"
        else:
            days = [today + timedelta(days=i) for i in range(7 - today.weekday())]
            label = "for the rest of the week"
        agenda = self.calendars.agenda()
        parts, lines, total = [], [], 0
        for d in days:
            start, end = schedule.day_span(d, self.tz)
            evs = [e for e in agenda.between(start, end) if e.all_day or e.end > now]
            total += len(evs)
            name = spoken.WEEKDAYS[d.weekday()] if d != today else "today"
            if evs:
                parts.append(f"{name}, {spoken.join([e.title for e in evs[:3]])}"
                             + (f" and {len(evs) - 3} more" if len(evs) > 3 else ""))
            lines += [f"{d.strftime('%a')} {schedule._card_line(e, d)}" for e in evs]
        card = ScheduleCard(title=label.capitalize(), lines=lines or ["nothing scheduled"])
        if not total:
            return Reply(f"You have nothing on your calendar {label}.", card)
        return Reply(f"You have {spoken.count(total, 'event')} {label}: {'; '.join(parts)}.", card)

    def next_event(self, intent: Intent, now: datetime) -> Reply:
        return schedule.next_event_reply(self.calendars.agenda().between, now)

    def check_free(self, intent: Intent, now: datetime) -> Reply:
        slots = intent.slots
        agenda = self.calendars.agenda()
        try:
            if "time" in slots:
                t = resolve_when(f"{slots.get('day', 'at')} {slots['time']}", now)
            elif "in_s" in slots:
                t = resolve_when(f"+{int(slots['in_s'])}", now)
            elif "day" in slots:
                day = resolve_day(slots["day"], now.date())
                period = slots.get("period")
                lo, hi = PERIODS[period] if period else tuple(self.working_hours)
                base = datetime.combine(day, time(), tzinfo=self.tz)
                label = spoken.day_name(day, now.date())
                if period:
                    label = f"{'this' if label == 'today' else label} {period}"
                start, end = base + timedelta(hours=lo), base + timedelta(hours=hi)
                if end <= now:
                    return Reply(f"{spoken.sentence(label)[:-1]} is already over.")
                return schedule.free_span_reply(agenda.between(start, end), start, end, now, label)
            else:
                t = now
        except TooFarAhead:
            return Reply(TOO_FAR)
        except ValueError:
            return Reply("Sorry, I didn't catch when.")
        start, end = schedule.day_span(t.date(), self.tz)
        events = agenda.between(start, end + timedelta(hours=6))
        if t == now:
            current = [e for e in events if not e.all_day and e.covers(now)]
            if current:
                return Reply(f"No, you're in {current[0].title} until {spoken.clock(current[0].end)}.")
            later = [e for e in events if not e.all_day and e.start > now and e.start.date() == now.date()]
            if later:
                return Reply(f"Yes, you're free until {later[0].title} {spoken.at_clock(later[0].start)}.")
            return Reply("Yes, you're free for the rest of the day.")
        return schedule.free_at_reply(events, t, now)

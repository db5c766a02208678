"""The day assistant's cards (glasses.cards): timers, reminders, lists, the schedule, the weather,
the briefing and notifications."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from glasses.cards import Card, Color

TIMER_ACCENT: Color = (0, 165, 255)
SCHEDULE_ACCENT: Color = (200, 130, 255)
WEATHER_ACCENT: Color = (235, 200, 120)


@dataclass(frozen=True, slots=True)
class TimerCard(Card):
    """A timer (or the timers): ends_at_ms is on the session clock; the HUD draws a countdown."""

    kind: ClassVar[str] = "timer"
    accent: ClassVar[Color] = TIMER_ACCENT
    ends_at_ms: int | None = None
    timer_id: str | None = None
    ringing: bool | None = None
    cancelled: bool | None = None   # this card says the timer is gone (it went off)
    timers: tuple[dict, ...] | None = None  # {"title", "ends_at_ms"} per running timer: a live line each


@dataclass(frozen=True, slots=True)
class ReminderCard(Card):
    """A reminder set, due, or the list of them; due_at_ms is epoch ms; late: said after it was due."""

    kind: ClassVar[str] = "reminder"
    accent: ClassVar[Color] = TIMER_ACCENT
    due_at_ms: int | None = None
    late: bool | None = None


@dataclass(frozen=True, slots=True)
class ListCard(Card):
    kind: ClassVar[str] = "list"


@dataclass(frozen=True, slots=True)
class ScheduleCard(Card):
    kind: ClassVar[str] = "schedule"
    accent: ClassVar[Color] = SCHEDULE_ACCENT


@dataclass(frozen=True, slots=True)
class WeatherCard(Card):
    kind: ClassVar[str] = "weather"
    accent: ClassVar[Color] = WEATHER_ACCENT


@dataclass(frozen=True, slots=True)
class BriefingCard(Card):
    kind: ClassVar[str] = "briefing"
    accent: ClassVar[Color] = WEATHER_ACCENT


@dataclass(frozen=True, slots=True)
class NotificationsCard(Card):
    kind: ClassVar[str] = "notifications"


CARDS = (TimerCard, ReminderCard, ListCard, ScheduleCard, WeatherCard, BriefingCard, NotificationsCard)

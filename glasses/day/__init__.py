"""The day assistant: schedule, weather, morning briefing, timers, reminders, lists, notifications.

``DaySkill`` (glasses/day/skill.py) is the one object the composition root builds; every
other module here is a small piece it is made of. Pure logic (parsing what was said,
phrasing answers, expanding calendars) never reads a clock: it is handed ``now``.
"""

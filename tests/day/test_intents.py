"""Every day intent, phrased as a recognizer writes it and as typed, with its final slots."""

import pytest

CASES = [
    ("what's on my schedule today", "get_schedule", {"day": "today"}),
    ("what's on my calendar tomorrow", "get_schedule", {"day": "tomorrow"}),
    ("What do I have on Friday?", "get_schedule", {"day": "friday"}),
    ("what's on for the fifth of december", "get_schedule", {"day": "--12-05"}),
    ("what's on my calendar this weekend", "get_schedule", {"day": "weekend"}),
    ("what's next", "next_event", {}),
    ("when is my next meeting", "next_event", {}),
    ("am i free at three", "check_free", {"time": "03:00?"}),
    ("Am I free at 3pm tomorrow?", "check_free", {"day": "tomorrow", "time": "15:00"}),
    ("am i free tomorrow afternoon", "check_free", {"day": "tomorrow", "period": "afternoon"}),
    ("am i busy", "check_free", {}),
    ("what's the weather", "get_weather", {}),
    ("what's the weather like in london tomorrow", "get_weather", {"place": "london", "day": "tomorrow"}),
    ("weather in new york on friday", "get_weather", {"place": "new york", "day": "friday"}),
    ("will it rain this afternoon", "will_it_rain", {"day": "today", "period": "afternoon"}),
    ("is it going to rain in paris tomorrow", "will_it_rain", {"place": "paris", "day": "tomorrow"}),
    ("will it snow tomorrow", "will_it_rain", {"kind": "snow", "day": "tomorrow"}),
    ("how cold is it", "get_temperature", {}),
    ("what's the temperature in tokyo", "get_temperature", {"place": "tokyo"}),
    ("do i need an umbrella", "need_umbrella", {}),
    ("good morning", "briefing", {}),
    ("brief me", "briefing", {}),
    ("set a ten minute pasta timer", "start_timer", {"duration_s": "600", "name": "pasta"}),
    ("set a timer for an hour and a half", "start_timer", {"duration_s": "5400"}),
    ("set a timer for 5 and a half minutes", "start_timer", {"duration_s": "330"}),
    ("Set a pizza timer for 90 seconds.", "start_timer", {"duration_s": "90", "name": "pizza"}),
    ("set a timer for ten minutes called eggs", "start_timer", {"duration_s": "600", "name": "eggs"}),
    ("ten minute timer", "start_timer", {"duration_s": "600"}),
    ("set a 20 minute timer for the cookies", "start_timer", {"duration_s": "1200", "name": "cookies"}),
    ("set a timer for 10 minutes", "start_timer", {"duration_s": "600"}),
    ("how long left on the cookie timer", "timer_status", {"name": "cookie"}),
    ("remind me at 5:30 to call anna", "set_reminder", {"text": "call anna", "when": "at 05:30?"}),
    ("remind me on friday at noon to pay rent", "set_reminder", {"text": "pay rent", "when": "friday 12:00"}),
    ("will it rain tomorrow morning in berlin", "will_it_rain",
     {"day": "tomorrow", "period": "morning", "place": "berlin"}),
    ("how much time is left on my pasta timer", "timer_status", {"name": "pasta"}),
    ("how much time is left", "timer_status", {}),
    ("cancel the pasta timer", "cancel_timer", {"name": "pasta"}),
    ("cancel all timers", "cancel_timer", {"name": "all"}),
    ("remind me to call anna at five", "set_reminder", {"text": "call anna", "when": "at 05:00?"}),
    ("Remind me to call Anna at 5:30pm!", "set_reminder", {"text": "call anna", "when": "at 17:30"}),
    ("remind me in twenty minutes to check the oven", "set_reminder", {"text": "check the oven", "when": "+1200"}),
    ("remind me to look at the sky at nine tomorrow", "set_reminder",
     {"text": "look at the sky", "when": "tomorrow 09:00?"}),
    ("remind me tomorrow at nine to call the dentist", "set_reminder",
     {"text": "call the dentist", "when": "tomorrow 09:00?"}),
    ("remind me to take my pills in an hour", "set_reminder", {"text": "take my pills", "when": "+3600"}),
    ("what are my reminders", "list_reminders", {}),
    ("cancel the reminder to call anna", "cancel_reminder", {"text": "call anna"}),
    ("cancel all reminders", "cancel_reminder", {"text": "all"}),
    ("add oat milk to my shopping list", "add_to_list", {"item": "oat milk", "list": "shopping"}),
    ("add eggs and bread to the grocery list", "add_to_list", {"item": "eggs; bread", "list": "shopping"}),
    ("put batteries on my to do list", "add_to_list", {"item": "batteries", "list": "to do"}),
    ("what's on my shopping list", "read_list", {"list": "shopping"}),
    ("remove eggs from my shopping list", "remove_from_list", {"item": "eggs", "list": "shopping"}),
    ("clear my shopping list", "clear_list", {"list": "shopping"}),
    ("read my notifications", "read_notifications", {}),
    ("do i have any new messages", "read_notifications", {}),
]


@pytest.mark.parametrize("text, name, slots", CASES)
def test_phrasings(parser, text, name, slots):
    intent = parser.parse(text)
    assert intent is not None, text
    assert (intent.name, dict(intent.slots)) == (name, slots)


def test_core_intents_still_win(parser):
    assert parser.parse("what time is it").name == "get_time"
    assert parser.parse("stop").name == "stop"
    assert parser.parse("cancel that").name == "stop"


@pytest.mark.parametrize("text", ["set a banana timer", "remind me to call anna", "am i free at lunch"])
def test_unreadable_slots_do_not_invent_values(parser, text):
    intent = parser.parse(text)
    assert intent is None or intent.name not in ("start_timer", "set_reminder", "check_free") or \
        intent.name == "check_free" and not intent.slots.get("time")


def test_vocabulary_covers_wildcard_words(parser):
    words = set(parser.vocabulary())
    for w in ("pasta", "minutes", "half", "tomorrow", "anna", "milk", "london", "quarter", "thirty"):
        assert w in words

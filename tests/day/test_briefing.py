"""The morning briefing: on the first wake of the day, or on "good morning"."""

from datetime import timedelta

from dayfix import MONDAY_8AM, ask, ctx


def test_briefing_content_and_order(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "remind me to call anna at 5 pm", MONDAY_8AM - timedelta(hours=10))
    ask(skill, parser, "remind me to take my pills at 8:30 am", MONDAY_8AM - timedelta(hours=10))
    skill.inbox.mkdir(parents=True)
    (skill.inbox / "n.json").write_text('{"title": "Parcel delivered"}')
    reply = skill.briefing_on_wake(ctx(MONDAY_8AM))
    assert reply.text == (
        "Good morning. It's Monday the second of March. "
        "Reminder at half past eight: take your pills. "
        "You have three events today, starting with Standup at half past nine; then Lunch with Anna at noon, "
        "and one more. Also today: Sam's birthday. "
        "Weather in London: Rain, two to eleven degrees, rain likely from around three, so take an umbrella. "
        "Reminder today: to call anna at five. "
        "You have one unread notification.")
    assert reply.card.kind == "briefing" and reply.card.title == "Good morning"
    assert "09:30  Standup" in reply.card.lines
    # only once a day
    assert skill.briefing_on_wake(ctx(MONDAY_8AM + timedelta(minutes=5))) is None
    assert skill.briefing_on_wake(ctx(MONDAY_8AM + timedelta(days=1))) is not None
    # on request, any time
    assert ask(skill, parser, "good morning", MONDAY_8AM + timedelta(minutes=6)).text.startswith("Good morning.")


def test_briefing_settings(make_skill):
    assert make_skill(briefing_on_first_wake=False).briefing_on_wake(ctx(MONDAY_8AM)) is None
    assert make_skill().briefing_on_wake(ctx(MONDAY_8AM.replace(hour=15))) is None


def test_briefing_offline_without_cache_still_speaks(make_skill, server):
    server.mode = "500"
    reply = make_skill().briefing_on_wake(ctx(MONDAY_8AM))
    assert "Weather" not in reply.text and "Standup" in reply.text

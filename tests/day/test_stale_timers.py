"""A timer whose end has passed is never reported as running: asked about later (the alarm
missed, e.g. the glasses were off), the answer says when it went off and how long ago, once; it
no longer counts among the running timers. The `--at` case runs as two processes sharing one
data folder, as a user types it."""

from datetime import timedelta

from dayfix import MONDAY_8AM, ask, ctx


def at(seconds: float):
    return MONDAY_8AM + timedelta(seconds=seconds)


def test_ask_about_a_timer_that_went_off_while_the_glasses_were_off(glasses_cli):
    first = glasses_cli("ask", "--at", "2026-03-03T09:00:00", "set a 10 minute tea timer")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Ten minute tea timer, starting now."
    later = glasses_cli("ask", "--at", "2026-03-03T09:30:00", "time left on the 10 minute timer")
    assert later.returncode == 0, later.stderr
    assert later.stdout.strip() == "Your tea timer went off at nine ten, twenty minutes ago."
    again = glasses_cli("ask", "--at", "2026-03-03T09:31:00", "time left on the 10 minute timer")
    assert again.stdout.strip() == "You have no timers running."   # told once, then it is gone


def test_an_expired_timer_is_not_counted_or_offered_as_running(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "set a five minute tea timer", at(0))
    ask(skill, parser, "set a twenty minute pasta timer", at(0))
    # 30 minutes later the tea timer's alarm was never heard (nothing called due()).
    status = ask(skill, parser, "how much time is left on my timers", at(600))
    assert status.text == ("Your tea timer went off at eight oh five, five minutes ago. "
                           "Ten minutes left on your pasta timer.")
    assert [c.phase for c in status.events] == ["cancelled"]   # the HUD drops the gone-off timer
    assert skill.due(ctx(at(601))) == []                          # and no "while I was off" follows
    started = ask(skill, parser, "set a 3 minute egg timer", at(700))
    assert started.text == "Three minute egg timer, starting now. That's two timers running."


def test_a_timer_that_just_ended_is_not_a_second_left(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "set a timer for 30 seconds", at(0))
    assert ask(skill, parser, "how much time is left", at(30.2)).text == "Your thirty second timer just went off."
    assert ask(skill, parser, "pause the timer", at(31)).text == "You have no timers running."


def test_cancelling_a_timer_that_went_off_says_so(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "set a five minute tea timer", at(0))
    reply = ask(skill, parser, "cancel the tea timer", at(600))
    assert reply.text == "Your tea timer already went off at eight oh five, five minutes ago."
    assert ask(skill, parser, "how much time is left", at(601)).text == "You have no timers running."
    assert skill.due(ctx(at(602))) == []

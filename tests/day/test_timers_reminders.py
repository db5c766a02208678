"""Timers and reminders on the session clock: several timers, alarms that repeat until
stopped, reminders spoken when due and marked late after a restart."""

from datetime import timedelta

from dayfix import MONDAY_8AM, ask, ctx


def at(seconds: float):
    return MONDAY_8AM + timedelta(seconds=seconds)


def test_several_named_timers(make_skill, parser):
    skill = make_skill()
    r = ask(skill, parser, "set a ten minute pasta timer", at(0))
    assert r.text == "Ten minute pasta timer, starting now."
    assert r.card.kind == "timer" and r.card.ends_at_ms == 600_000  # session clock, not epoch
    assert [(e.ends_at_ms, e.phase) for e in r.events] == [(600_000, "started")]
    assert ask(skill, parser, "set a timer for 5 and a half minutes", at(5)).text == \
        "Five and a half minute timer, starting now. That's two timers running."
    assert ask(skill, parser, "set a pizza timer for an hour and a half", at(10)).text.startswith(
        "An hour and a half pizza timer")
    status = ask(skill, parser, "how much time is left on my pasta timer", at(120)).text
    assert status == "Eight minutes left on your pasta timer."
    everything = ask(skill, parser, "what are my timers", at(120)).text
    assert everything == ("Three and a half minutes left on your five and a half minute timer, eight minutes left on "
                          "your pasta timer and an hour and twenty eight minutes left on your pizza timer."
                          .replace("an hour and twenty eight", "one hour and twenty eight"))
    assert ask(skill, parser, "cancel the pizza timer", at(130)).text == "Cancelled your pizza timer."
    assert [t.name for t in skill.store.timers()] == ["", "pasta"]


def test_alarm_repeats_until_stopped(make_skill, parser):
    skill = make_skill(alarm_repeat_s=8.0)
    ask(skill, parser, "set a ten minute pasta timer", at(0))
    assert skill.due(ctx(at(599))) == []
    first = skill.due(ctx(at(600)))
    assert [r.text for r in first] == ["Your pasta timer is done."] and first[0].card.ringing is True
    assert skill.due(ctx(at(604))) == []
    assert [r.text for r in skill.due(ctx(at(608)))] == ["Pasta timer is done!"]
    assert [r.text for r in skill.due(ctx(at(616.5)))] == ["Pasta timer is done!"]
    assert skill.ringing()
    assert [c.phase for c in skill.stop(ctx(at(618)))] == ["cancelled"]  # announced to displays
    assert skill.due(ctx(at(640))) == [] and not skill.ringing()
    assert skill.stop(ctx(at(641))) == []


def test_alarm_gives_up_eventually(make_skill, parser):
    skill = make_skill(alarm_repeat_s=10.0, alarm_give_up_min=1.0)
    ask(skill, parser, "set a timer for 90 seconds", at(0))
    spoken = sum(len(skill.due(ctx(at(s)))) for s in range(90, 200, 5))
    assert spoken == 7          # at 90, 100, ..., 150 s; silent after a minute of ringing
    assert not skill.ringing()


def test_stop_the_timer_while_ringing(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "set a timer for 90 seconds", at(0))
    ask(skill, parser, "set a ten minute tea timer", at(0))
    skill.due(ctx(at(90)))
    assert ask(skill, parser, "stop the timer", at(95)).text == "Stopped your ninety second timer."
    assert [t.name for t in skill.store.timers()] == ["tea"]


def test_timer_that_ended_while_off_is_announced_once(make_skill, parser, tmp_path):
    skill = make_skill()
    ask(skill, parser, "set a ten minute pasta timer", at(0))
    skill.close()
    restarted = make_skill()   # same data dir: the assistant was off for an hour
    replies = restarted.due(ctx(at(3600)))
    assert [r.text for r in replies] == ["Your pasta timer went off at eight ten, while I was off."]
    assert restarted.due(ctx(at(3610))) == [] and not restarted.ringing()


def test_reminder_spoken_when_due(make_skill, parser):
    skill = make_skill()
    r = ask(skill, parser, "remind me to call my mum at five", at(0))
    assert r.text == "OK, I'll remind you to call your mum at five."
    assert r.card.kind == "reminder"
    assert ask(skill, parser, "remind me in twenty minutes to check the oven", at(0)).text == \
        "OK, I'll remind you to check the oven in twenty minutes."
    assert skill.due(ctx(at(1199))) == []
    due = skill.due(ctx(at(1200)))
    assert [x.text for x in due] == ["Reminder: check the oven."] and due[0].card.late is False
    assert skill.due(ctx(at(1201))) == []
    assert ask(skill, parser, "what are my reminders", at(1300)).text == \
        "You have one reminder: to call your mum at five."


def test_late_reminder_after_restart(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "remind me to water the plants at 9 am", at(0))
    skill.close()
    restarted = make_skill()
    replies = restarted.due(ctx(MONDAY_8AM.replace(hour=11)))
    assert [r.text for r in replies] == ["You missed a reminder at nine: water the plants."]
    assert replies[0].card.late is True
    row = restarted.store.reminders_where("1")[0]
    assert row.late is True and row.state == "spoken"


def test_cancel_reminders(make_skill, parser):
    skill = make_skill()
    ask(skill, parser, "remind me to call anna at five", at(0))
    ask(skill, parser, "remind me tomorrow at nine to call the dentist", at(0))
    assert ask(skill, parser, "cancel the reminder to call anna", at(10)).text == \
        "Cancelled the reminder to call anna at five."
    assert ask(skill, parser, "cancel my reminder about the gym", at(10)).text == \
        "I couldn't find a reminder about the gym."
    assert ask(skill, parser, "cancel all reminders", at(10)).text == \
        "Cancelled the reminder to call the dentist tomorrow at nine."
    assert skill.store.pending_reminders() == []


def test_past_time_is_refused(make_skill, parser):
    skill = make_skill()
    reply = ask(skill, parser, "remind me to stretch today at 7 am", at(0))
    assert reply.text == "At seven has already passed. When should I remind you?"
    assert skill.store.pending_reminders() == []

"""What the assistant says when it cannot answer (apologies and prompts)."""

NOT_UNDERSTOOD = "Sorry, I didn't understand that. Say help to hear what I can do."
NOT_HEARD = "Sorry, I didn't catch that."
SKILL_FAILED = "Sorry, something went wrong with that."
PROACTIVE_FAILED = "Sorry, something went wrong while checking your timers and reminders."
BRIEFING_FAILED = "Sorry, I couldn't put your briefing together."
NOTHING_TO_REPEAT = "I haven't said anything yet."
CANT_DO = "Sorry, I can't do that yet."
WONT = "Okay, I won't."              # a no to "Did you mean ...?" (glasses.understand.confirm says it)

"""The system prompt, follow-up memory on handed-in times, and the wearer's context only on request."""

from __future__ import annotations

import json

from glasses.ask.prompt import SYSTEM_PROMPT, Conversation, WearerContext, build_messages


def test_the_system_prompt_asks_for_short_spoken_english():
    low = SYSTEM_PROMPT.lower()
    assert "spoken english" in low and "one to three" in low and "no markdown" in low
    assert len(SYSTEM_PROMPT) < 500


def test_a_first_question_is_the_prompt_and_the_question():
    assert Conversation().messages("  who wrote hamlet ", 0.0) == [
        {"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "who wrote hamlet"}]


def test_a_follow_up_within_the_window_carries_the_last_turns():
    talk = Conversation(turns=3, follow_up_s=120)
    talk.remember("who wrote hamlet", "William Shakespeare.", 100.0)
    m = talk.messages("and how old was he?", 219.0)
    assert [x["role"] for x in m] == ["system", "user", "assistant", "user"]
    assert m[1]["content"] == "who wrote hamlet" and m[2]["content"] == "William Shakespeare."
    assert len(talk.messages("and how old was he?", 221.0)) == 2     # 121 s later: a new conversation


def test_only_the_last_n_turns_and_a_chain_of_follow_ups_continues():
    talk = Conversation(turns=3, follow_up_s=120)
    for i in range(5):
        talk.remember(f"q{i}", f"a{i}", 100.0 * i)           # each within 120 s of the one before
    m = talk.messages("q5", 450.0)
    assert [x["content"] for x in m[1:]] == ["q2", "a2", "q3", "a3", "q4", "a4", "q5"]
    talk.remember("later", "answer", 1000.0)                    # after a long pause the old turns go
    assert [x["content"] for x in talk.messages("next", 1010.0)[1:]] == ["later", "answer", "next"]


def test_forget_clears_and_zero_turns_remembers_nothing():
    talk = Conversation()
    talk.remember("q", "a", 0.0)
    talk.forget()
    assert len(talk.messages("x", 1.0)) == 2
    none = Conversation(turns=0)
    none.remember("q", "a", 0.0)
    assert len(none.messages("x", 1.0)) == 2


def test_context_is_sent_only_when_turned_on():
    context = WearerContext(local_time="Wednesday 2 December 2026, 14:05", place="Helsinki")
    off = json.dumps(Conversation().messages("what should I wear", 0.0, context=context, send_context=False))
    assert "Helsinki" not in off and "14:05" not in off
    on = Conversation().messages("what should I wear", 0.0, context=context, send_context=True)
    assert on[0]["content"].startswith(SYSTEM_PROMPT)
    assert "It is Wednesday 2 December 2026, 14:05 where the wearer is; the wearer is in Helsinki." in on[0]["content"]
    assert build_messages("x", context=WearerContext())[0]["content"] == SYSTEM_PROMPT


def test_a_picture_goes_with_the_question_and_never_again():
    talk = Conversation()
    url = "data:image/jpeg;base64,/9j/AAAA"
    m = talk.messages("what plant is this", 0.0, image_url=url)
    assert m[-1]["content"] == [{"type": "text", "text": "what plant is this"},
                                {"type": "image_url", "image_url": {"url": url}}]
    assert "looking at" in m[0]["content"]
    talk.remember("what plant is this", "A fern.", 5.0)
    follow = talk.messages("is it poisonous?", 10.0)
    assert url not in json.dumps(follow) and follow[1] == {"role": "user", "content": "what plant is this"}

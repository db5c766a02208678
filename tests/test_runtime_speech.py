"""Sentence-by-sentence speech (glasses/runtime/speech.py): the first sentence plays as soon
as it is rendered, the others render on workers and follow it; barge-in drops what has not
played; replay lands each later sentence at request time + its modelled render cost."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from glasses.runtime.build import build_text_assistant
from glasses.config import Config
from glasses.events import (
    AssistantState, AudioChunk, Button, Interrupted, Say, SayDuration, SpeechAudio, State, TextInput,
)
from glasses.assistant.speech import split_sentences
from glasses.assistant.workers import InlineWorkers
from glasses.skills.base import Reply

ORIGIN = datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc)
SILENCE = b"\0\0" * 640
ANSWER = "Good morning. You have two meetings. It will rain at noon."


class ThreeSentences:
    intents = ("start_timer",)

    def handle(self, intent, ctx):
        return Reply(ANSWER)


class SlowVoice:
    """Renders one second of audio per call and records what it was asked for."""

    rate_hz = 16000

    def __init__(self) -> None:
        self.rendered: list[str] = []

    def render(self, text: str) -> bytes:
        self.rendered.append(text)
        return b"\1\0" * 16000


class LoggingSpeaker:
    """Records each call with the renders done by then."""

    def __init__(self, voice: SlowVoice) -> None:
        self.voice, self.calls = voice, []

    def play(self, pcm):
        self.calls.append(("play", len(pcm), list(self.voice.rendered)))

    def queue(self, pcm):
        self.calls.append(("queue", len(pcm), list(self.voice.rendered)))

    def stop(self):
        self.calls.append(("stop", 0, list(self.voice.rendered)))


def assistant_with(render_cost_ms: int, **parts):
    voice = SlowVoice()
    speaker = LoggingSpeaker(voice)
    assistant = build_text_assistant(Config(), origin=ORIGIN, skills=[ThreeSentences()])
    assistant.p = replace(assistant.p, voice=voice, speaker=speaker,
                          workers=InlineWorkers({"speech": render_cost_ms}), **parts)
    return assistant, voice, speaker


def run(assistant, until_ms, first):
    out = list(assistant.process(first))
    for t in range(40, until_ms, 40):
        out += assistant.process(AudioChunk(t, SILENCE))
    return out


def test_split_sentences_keeps_decimals_and_phrases_whole():
    assert split_sentences(ANSWER) == ["Good morning.", "You have two meetings.", "It will rain at noon."]
    assert split_sentences("It is 3.5 degrees, dry.") == ["It is 3.5 degrees, dry."]
    assert split_sentences("Done!  Next? ") == ["Done!", "Next?"]


def test_speech_starts_after_the_first_sentence_renders_and_the_rest_follow():
    assistant, voice, speaker = assistant_with(render_cost_ms=1500)
    out = run(assistant, 5000, TextInput(0, "set a timer for ten minutes"))
    first_play = speaker.calls[0]
    assert first_play[0] == "play" and first_play[2] == ["Good morning."]  # only the first was rendered
    say = next(e for e in out if isinstance(e, Say))
    assert say.t_ms == 0 and say.text == ANSWER and say.duration_ms == 1000
    clips = [(e.t_ms, e.duration_ms) for e in out if isinstance(e, SpeechAudio)]
    # later sentences land at 0 + 1500 (modelled render cost): a gap, then one after the other
    assert clips == [(0, 1000), (1500, 1000), (2500, 1000)]
    assert [c[0] for c in speaker.calls] == ["play", "queue", "queue"]
    idle = [e.t_ms for e in out if isinstance(e, State) and e.state is AssistantState.IDLE]
    assert idle == [3500]  # not at 1000, when the first sentence ended and the rest was rendering
    assert voice.rendered == split_sentences(ANSWER)


def test_sentences_rendered_in_time_join_without_a_gap():
    assistant, _, _ = assistant_with(render_cost_ms=0)
    out = assistant.process(TextInput(0, "set a timer for ten minutes"))
    assert [(e.t_ms, e.duration_ms) for e in out if isinstance(e, SpeechAudio)] == [(0, 1000), (1000, 1000),
                                                                                    (2000, 1000)]


def test_the_whole_answers_length_is_told_once_its_last_sentence_renders():
    """Say.duration_ms is the first sentence (the first audio does not wait for the rest); a
    SayDuration, stamped when the last sentence landed, gives all of it and where it ends."""
    assistant, _, speaker = assistant_with(render_cost_ms=1500)
    out = run(assistant, 5000, TextInput(0, "set a timer for ten minutes"))
    say = next(e for e in out if isinstance(e, Say))
    [told] = [e for e in out if isinstance(e, SayDuration)]
    assert say.duration_ms == 1000 and speaker.calls[0][0] == "play"
    assert (told.t_ms, told.said_at_ms, told.duration_ms, told.ends_at_ms) == (1500, 0, 3000, 3500)
    assert told.duration_ms == sum(e.duration_ms for e in out if isinstance(e, SpeechAudio))
    assert out.index(told) > max(i for i, e in enumerate(out) if isinstance(e, SpeechAudio))


def test_no_length_is_told_for_an_answer_cut_before_its_last_sentence():
    assistant, _, _ = assistant_with(render_cost_ms=1500)
    out = list(assistant.process(TextInput(0, "set a timer for ten minutes")))
    out += assistant.process(Button(1080, "double_press"))
    out += run(assistant, 4000, AudioChunk(1120, SILENCE))
    assert not [e for e in out if isinstance(e, SayDuration)]


def test_barge_in_while_sentences_render_drops_them():
    assistant, _, speaker = assistant_with(render_cost_ms=1500)
    out = list(assistant.process(TextInput(0, "set a timer for ten minutes")))
    out += assistant.process(AudioChunk(1040, SILENCE))    # the first sentence has played, the rest renders
    out += assistant.process(Button(1080, "double_press"))
    out += run(assistant, 4000, AudioChunk(1120, SILENCE))
    cut = [e for e in out if isinstance(e, Interrupted)]
    assert len(cut) == 1 and cut[0].t_ms == 1080 and cut[0].reason == "button"
    assert [e.t_ms for e in out if isinstance(e, SpeechAudio)] == [0]  # nothing plays after the cut
    assert [c[0] for c in speaker.calls] == ["play", "stop"]


def test_whole_answer_rendering_is_one_call():
    assistant, voice, _ = assistant_with(render_cost_ms=1500, sentence_by_sentence=False)
    out = assistant.process(TextInput(0, "set a timer for ten minutes"))
    assert voice.rendered == [ANSWER]
    assert [(e.t_ms, e.duration_ms) for e in out if isinstance(e, SpeechAudio)] == [(0, 1000)]


def test_the_speech_track_cuts_every_sentence_of_an_interrupted_answer():
    """--speak-to: an answer is several clips; a barge-in cuts the one playing and drops those
    after it (seam between the assistant's sentence clips and glasses.replay)."""
    from glasses.replay import speech_track

    assistant, _, _ = assistant_with(render_cost_ms=0)
    out = list(assistant.process(TextInput(0, "set a timer for ten minutes")))
    out += assistant.process(Button(1500, "double_press"))
    track = speech_track(out, 4000)
    assert (track[:1500 * 16] != 0).all()       # the first sentence and half the second
    assert not track[1500 * 16:].any()          # nothing after the cut

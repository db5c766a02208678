"""Issue 20: the look answer's length. A barcoded product's answer is several sentences; the
first is rendered and played at once, the rest on workers, so its ``say`` carries only the first
sentence's audio. The ``say_duration`` that follows must give the whole answer: the sum of every
sentence's rendered audio, as replay --json and the HUD's speaking state see it."""

from __future__ import annotations

from glasses.assistant.speech import split_sentences
from glasses.config import Config, with_overrides
from glasses.events import AssistantState, Interrupted, Say, SayDuration, SpeechAudio, to_json
from glasses.hud.update import HudUpdate
from glasses.replay import json_events, replay
from glasses.runtime.build import replay_pipeline
from glasses.session import load_session

OAT = "glasses/data/catalog/images/oat-drink-barcode.jpg"


def test_a_look_answers_reported_length_is_all_its_rendered_audio(make_session):
    root = make_session({"started_at": "2026-03-03T10:00:00+00:00", "config": {"day": {"briefing_on_first_wake": False}},
                         "lines": [{"at": 1.0, "button": "long_press"},
                                   {"at": 1.0, "frames": OAT, "duration": 1.5, "every": 0.2}]})
    session = load_session(root)
    config = with_overrides(Config(), session.config_overrides, "session")
    with replay_pipeline(session, config) as pipeline:
        events = list(replay(session, pipeline))
    i, say = next((i, e) for i, e in enumerate(events) if isinstance(e, Say) and "Oat drink" in e.text)
    assert len(split_sentences(say.text)) > 1, say.text
    rest = events[i + 1:]
    end = next((j for j, e in enumerate(rest) if isinstance(e, (Say, Interrupted))), len(rest))
    clips = [e for e in rest[:end] if isinstance(e, SpeechAudio)]
    audio_ms = sum(len(c.pcm) * 1000 // (2 * c.rate) for c in clips)  # the rendered audio itself
    assert len(clips) == len(split_sentences(say.text)) and clips[0].t_ms == say.t_ms  # first audio at once
    whole = audio_ms
    assert say.duration_ms == len(clips[0].pcm) // 32 < whole  # the say alone is the first sentence

    [told] = [e for e in rest[:end] if isinstance(e, SayDuration)]
    assert told.said_at_ms == say.t_ms and told.duration_ms == whole
    assert told.ends_at_ms == say.t_ms + whole  # replay renders in no time: the sentences join
    assert to_json(told) in list(json_events([told]))  # in replay --json as "say_duration"
    assert to_json(told)["type"] == "say_duration"

    # the HUD shows "speaking" for the whole answer, not only its first sentence
    huds = [e for e in events[i:] if isinstance(e, HudUpdate)]
    done = next(h for h in huds if h.mode != AssistantState.SPEAKING)
    assert done.t_ms == say.t_ms + whole

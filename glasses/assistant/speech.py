"""Sentence-by-sentence speech: the first sentence is rendered and played at once, the rest
render on a worker while it plays, so a long answer (the briefing) starts speaking after one
sentence's render instead of the whole answer's.

The rule on the session clock (replay stays deterministic, see runtime/workers.py):

- the ``Say`` event and the first ``SpeechAudio`` are stamped when the answer starts; the
  first sentence is rendered on the loop (one espeak-ng call, ~30 ms);
- each later sentence is one ``"speech"`` worker job submitted at that moment; its audio
  plays at ``max(landing time, end of the audio before it)`` and is emitted as a further
  ``SpeechAudio`` stamped with that start (so the clips join into one track);
- parts are queued on the speaker in sentence order; a barge-in drops the parts not yet
  played (their results are ignored when they land);
- the answer ends when its last part has played; ``Say.duration_ms`` is the audio known
  when it started (the first sentence); when the last sentence of an answer of several has
  rendered, a ``SayDuration`` stamped at that moment gives the whole answer's audio (every
  sentence) and where it ends. The first audio never waits for it; a barge-in before it
  leaves it out (the answer's whole length was never known).

``sentence_by_sentence=False`` (the "before" of ``glasses bench``) renders the whole answer
in one call, as before.

A streamed reply (``Reply.stream``: sentences that arrive over time, such as an engine's tokens)
is pulled on a worker one sentence at a time (kind ``"stream"``): the first sentence to arrive
starts the answer (its ``Say``), each later one is a ``SayMore`` and is rendered and queued like
any later sentence. The answer is not over while the stream still has sentences to give; a
barge-in stops pulling and cancels the stream (its ``cancel()``, else ``close()``). An item of the
stream that is not text is a typed event (a dataclass with ``t_ms``): it is emitted, stamped with
the moment it landed, and nothing is spoken for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from glasses.events import AssistantState, Interrupted, Say, SayDuration, SayMore, SpeechAudio, State
from glasses.assistant.guard import Failure, reraise

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_sentences(text: str) -> list[str]:
    """The sentences of an answer, split after a full stop, question or exclamation mark
    followed by a space ("3.5 degrees" and "e.g." without a space stay whole)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p] or [text]


def pcm_ms(pcm: bytes, rate: int = 16000) -> int:
    return len(pcm) * 1000 // (2 * rate)


@dataclass
class Utterance:
    """The answer being spoken: where its audio ends, and its parts still rendering (tickets
    in sentence order, with those that landed early); ``audio_ms``: all its audio queued so far."""

    end_ms: int
    waiting: list[int] = field(default_factory=list)
    landed: dict[int, bytes] = field(default_factory=dict)
    audio_ms: int = 0
    told: bool = False  # its SayDuration was emitted

    def land(self, ticket: int, pcm: bytes) -> list[bytes]:
        """Record a part; return the parts now playable in order (none past a gap)."""
        if ticket not in self.waiting:
            return []
        self.landed[ticket] = pcm
        ready = []
        while self.waiting and self.waiting[0] in self.landed:
            ready.append(self.landed.pop(self.waiting.pop(0)))
        return ready


class SpeechOutput:
    """The assistant's mouth: the answer being spoken (``speaking``), rendered sentence by
    sentence and played on the speaker, cut off by a barge-in. Built from the assistant's
    Parts (voice, speaker, workers, sentence_by_sentence) and its Guard."""

    def __init__(self, parts: Any, guard: Any) -> None:
        self.p = parts
        self.guard = guard
        self.speaking: Say | None = None
        self._utterance: Utterance | None = None
        self._stream: Any = None          # the streamed reply being pulled, or None
        self._stream_card: Any = None
        self._pulling: int | None = None  # the ticket of the sentence being pulled
        self._closer: Any = None          # what cancels the stream (its cancel() or close())

    @property
    def busy(self) -> bool:
        """Speaking, or waiting for a streamed answer's next sentence."""
        return self.speaking is not None or self._stream is not None

    def stream(self, text: str, sentences: Any, t_ms: int, out: list, card: Any = None) -> None:
        """Speak ``text`` (when not empty) and then each sentence ``sentences`` gives, as it arrives."""
        if text:
            self.say(text, t_ms, out, card)
        else:
            self.interrupt(t_ms, "new answer", out)
        self._stream, self._stream_card = iter(sentences), card
        self._closer = sentences
        self._pull(t_ms)

    def _pull(self, t_ms: int) -> None:
        self._pulling = self.p.workers.submit("stream", t_ms, next, self._stream, None)

    def land_stream(self, done: Any, out: list) -> str | None:
        """A streamed sentence arrived (or the stream ended): speak it; the text, or None."""
        if self._stream is None or done.ticket != self._pulling:
            return None  # cut off by a barge-in
        self._pulling = None
        if done.error is not None:
            self._stream = None
            self.guard.call("answer stream", "stream_failed", done.t_ms, out, reraise, done.error)
            return None
        text = done.value.strip() if isinstance(done.value, str) else None
        if done.value is None:
            self._stream = None  # the answer is complete
            self._tell_duration(done.t_ms, out)
            return None
        if text is None:  # a typed event the stream announces (an engine's egress), on the session clock
            out.append(replace(done.value, t_ms=done.t_ms) if hasattr(done.value, "t_ms") else done.value)
        if text:
            if self.speaking is None:
                stream, self._stream = self._stream, None  # say() would cut it
                self.say(text, done.t_ms, out, self._stream_card)
                self._stream = stream
            else:
                out.append(SayMore(done.t_ms, text))
                self._more(text, done.t_ms)
        self._pull(done.t_ms)
        return text

    def _more(self, text: str, t_ms: int) -> None:
        """A later sentence of the answer being spoken: rendered on a worker, queued after the rest."""
        ticket = self.p.workers.submit("speech", t_ms, self.p.voice.render, text)
        if self._utterance is None:
            first = self.speaking.duration_ms if self.speaking is not None else 0
            self._utterance = Utterance(self.end() or t_ms, audio_ms=first)
        self._utterance.waiting.append(ticket)

    def _cancel_stream(self) -> None:
        stream, self._stream, self._pulling = self._stream, None, None
        if stream is None:
            return
        stop = getattr(self._closer, "cancel", None) or getattr(self._closer, "close", None)
        if callable(stop):
            try:
                stop()
            except ValueError:  # a generator still running on the worker: it ends when it yields
                pass

    def say(self, text: str, t_ms: int, out: list, card: Any = None) -> None:
        """Speak ``text`` from ``t_ms``: the first sentence renders now, the rest on workers
        (their results come back through ``land``)."""
        sentences = split_sentences(text) if self.p.sentence_by_sentence else [text]
        pcm = self.guard.call("speech rendering", "speech_failed", t_ms, out, self.p.voice.render, sentences[0])
        if isinstance(pcm, Failure):  # the answer still shows and prints, silently
            pcm, sentences = b"", sentences[:1]
        duration = pcm_ms(pcm)
        self.interrupt(t_ms, "new answer", out)
        say = Say(t_ms, text, duration, card)
        out.append(State(t_ms, AssistantState.SPEAKING))
        out.append(say)
        out.append(SpeechAudio(t_ms, pcm, 16000))
        self.p.speaker.play(pcm)
        self.speaking = say
        if len(sentences) > 1:
            self._utterance = Utterance(t_ms + duration, [self.p.workers.submit("speech", t_ms, self.p.voice.render, s)
                                                          for s in sentences[1:]], audio_ms=duration)

    def land(self, done: Any, out: list) -> None:
        """A later sentence rendered: it plays after the audio before it (or now, if that ended)."""
        u = self._utterance
        if u is None or self.speaking is None:
            return  # cut off by a barge-in
        pcm = done.value if done.error is None and isinstance(done.value, bytes) else b""
        if done.error is not None:
            self.guard.call("speech rendering", "speech_failed", done.t_ms, out, reraise, done.error)
        for part in u.land(done.ticket, pcm):
            start = max(done.t_ms, u.end_ms)
            out.append(SpeechAudio(start, part, 16000))
            self.p.speaker.queue(part)
            u.end_ms = start + pcm_ms(part)
            u.audio_ms += pcm_ms(part)
        self.speaking = replace(self.speaking, duration_ms=u.end_ms - self.speaking.t_ms)
        self._tell_duration(done.t_ms, out)

    def _tell_duration(self, t_ms: int, out: list) -> None:
        """Once every sentence of the answer is rendered (a streamed one has ended): its SayDuration."""
        u = self._utterance
        if u is None or u.told or self.speaking is None or self.rendering():
            return
        u.told = True
        out.append(SayDuration(t_ms, self.speaking.t_ms, u.audio_ms, u.end_ms))

    def rendering(self) -> bool:
        """Sentences of the answer being spoken are still rendering (or still to arrive)."""
        return (self._utterance is not None and bool(self._utterance.waiting)) or self._stream is not None

    def interrupt(self, t_ms: int, reason: str, out: list) -> bool:
        """Stop speaking at ``t_ms`` (an Interrupted event if audio was still to come)."""
        if self.speaking is None:
            self._cancel_stream()
            return False
        played = t_ms - self.speaking.t_ms
        if played < self.speaking.duration_ms or self.rendering():
            self.p.speaker.stop()
            out.append(Interrupted(t_ms, played, reason))
        self._cancel_stream()
        self.speaking = None
        self._utterance = None
        return True

    def end(self) -> int | None:
        """Where the audio known so far ends (session ms), or None when silent."""
        return None if self.speaking is None else self.speaking.t_ms + self.speaking.duration_ms

    def ended(self, t_ms: int) -> int | None:
        """If the answer has played out by ``t_ms`` (every sentence), forget it and return its end."""
        end = self.end()
        if end is None or t_ms < end or self.rendering():
            return None
        self.speaking = None
        self._utterance = None
        return end

    def give_up_rendering(self) -> None:
        """End of input: every job has landed, nothing more will come."""
        if self._utterance is not None:
            self._utterance.waiting.clear()
        self._stream, self._pulling = None, None

"""The ask skill: open questions and look-and-ask, answered by the wearer's own engine and
spoken sentence by sentence as the answer streams.

- ``catch`` (glasses.skills.base.AnswersAnything): text no intent matched becomes an
  ``open_question`` when it starts like a question or a request (or ends with "?"); a lone word
  or garbled speech stays "Sorry, I didn't understand that".
- ``handle``: the question goes to the engine (with the last few turns when it follows up
  within ask.follow_up_s); "forget that" clears them. With no ask.url nothing connects and the
  answer says so.
- Look (``look_and_ask``: "what kind of plant is this") and ``ask_about`` (AsksAboutPictures, for
  the look skill when its catalog does not know): the frame goes along as a ≤768 px JPEG with
  faces blurred.
- The reply streams (``Answering``): an ``asking`` event and the HUD badge first, the ``egress``
  event once the request is sent, each sentence as it completes, and an ``asked`` event at the
  end; a fault is one spoken line and an ``error`` event with its code; ``cancel()`` (the wake
  word, the button, "stop") hangs up at once.
- Records: while a session is recorded each answer is kept in it; a replay plays them back.
- ``translate_text`` (glasses.skills.base.Translates): a caption line into English for captions
  when the wearer opted in (``captions.translate_with: engine``; glasses/ask/translate.py). A
  replay never translates with the engine.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from glasses.ask.cards import AnswerCard
from glasses.ask.client import EngineClient, EngineError
from glasses.ask.config import AskConfig
from glasses.ask.events import Asked, Asking, Egress
from glasses.ask.image import frame_to_data_url
from glasses.ask.prompt import Conversation, WearerContext
from glasses.ask.recorded import Playback, Recorder, ReplayedStream
from glasses.ask.sentences import SentenceSplitter
from glasses.ask.translate import TextTranslator
from glasses.errors import GlassesError
from glasses.events import Error, Intent
from glasses.skills.base import Context, Reply

INTENTS = ("open_question", "look_and_ask", "forget_conversation")
OFFLINE = "I need your home server for that, and none is set up."
NOT_RECORDED = "I need your home server for that, and this recording has no answer from it."
QUESTION_WORDS = frozenset({
    "who", "whom", "whose", "what", "whats", "what's", "who's", "when", "when's", "where", "where's", "which",
    "why", "how", "how's", "is", "are", "was", "were", "am", "do", "does", "did", "can", "could", "should",
    "would", "will", "shall", "may", "might", "has", "have", "tell", "explain", "describe", "define",
    "translate", "give", "write", "summarize", "summarise", "rephrase", "suggest", "recommend", "compare",
    "spell", "calculate", "convert", "name", "list", "and", "but", "so", "then", "ok", "okay", "please",
})
DARK = 35.0   # a frame darker than this (mean grey) is not worth sending


def looks_like_a_question(text: str) -> bool:
    """Worth sending: two words or more that start like a question or a request ("who wrote
    hamlet", "how do I ...", "tell me ...", "and how old was he") or end with a question mark.
    Speech the recognizer garbled ("bain to the fan's purple") stays "Sorry, I didn't understand"."""
    words = [w.strip("?!.,;:\"'").lower() for w in text.split()]
    words = [w for w in words if w]
    if len(words) < 2:
        return False
    return words[0] in QUESTION_WORDS or text.rstrip().endswith("?")


def look_question(intent: Intent) -> str:
    """The look_and_ask intent's question in words."""
    slots = intent.slots
    if slots.get("language"):
        return f"What does the text in this picture say in {slots['language'].strip()}? Translate it."
    if slots.get("thing"):
        return f"What kind of {slots['thing'].strip()} is this?"
    return "What am I looking at? Describe it briefly."


CAMERA_OFF = "The camera is off. Say camera on, and ask again."


class AskSkill:
    intents = INTENTS
    examples = ("who wrote hamlet", "what kind of plant is this", "forget that")

    def __init__(self, config: AskConfig, client: EngineClient | None = None, *,
                 playback: Playback | None = None, blurrer: Any = None, replay: bool = False,
                 camera_enabled: Callable[[], bool] = lambda: True,
                 translator: TextTranslator | None = None) -> None:
        """``client``: the live engine (None: off); ``playback``: a replay's recorded answers (a
        replay never has a client); ``blurrer``: faces out of the picture (FaceBlurrer);
        ``camera_enabled``: the wearer's camera switch (while it is off no picture is taken);
        ``translator``: the same engine for caption lines (None: off; never in a replay)."""
        self.config = config
        self.translator = None if replay else translator
        self.camera_enabled = camera_enabled
        self.client = None if replay else client
        self.playback = playback if replay else None
        self.replay = replay
        self.blurrer = blurrer
        self.conversation = Conversation(config.turns, config.follow_up_s)
        self.recorder: Recorder | None = None
        self._lock = threading.Lock()

    @property
    def host(self) -> str:
        return self.client.url.display_host if self.client is not None and self.client.url else ""

    @property
    def available(self) -> bool:
        return self.client is not None or (self.playback is not None and len(self.playback) > 0)

    # --- AnswersAnything --------------------------------------------------------------------------
    def catch(self, text: str, t_ms: int) -> Intent | None:
        if not looks_like_a_question(text):
            return None
        return Intent(t_ms, "open_question", {"question": " ".join(text.split())})

    # --- ForgetsLast: "forget that" right after an answer clears the follow-ups ------------------------
    def last_kept_ms(self, ctx: Context) -> int | None:
        at = self.conversation.last_at_s(ctx.t_ms / 1000)
        return None if at is None else round(at * 1000)

    def forget_last(self, ctx: Context) -> Reply:
        had = bool(self.conversation.history(ctx.t_ms / 1000))
        self.conversation.forget()
        return Reply("Okay, I've forgotten that." if had else "Okay. There was nothing to forget.")

    # --- Translates: caption lines into English, when the wearer opted in ---------------------------
    def translation_host(self) -> str:
        return self.translator.host if self.translator is not None else ""

    def translate_text(self, text: str, language: str, timeout_s: float, notify: Callable[[Any], None]) -> str:
        if self.translator is None:
            raise EngineError("engine_off", "ask.url is not set" if not self.replay else "a replay never asks")
        return self.translator.translate(text, language, timeout_s, notify)

    # --- Records ----------------------------------------------------------------------------------
    def record_to(self, root: Any) -> None:
        self.recorder = Recorder(Path(root))

    # --- Skill --------------------------------------------------------------------------------------
    def handle(self, intent: Intent, ctx: Context) -> Reply:
        if intent.name == "forget_conversation":
            return self.forget_last(ctx)
        if intent.name == "look_and_ask":   # reached without a look: the camera or the engine is off
            if self.available and not self.camera_enabled():
                return Reply(CAMERA_OFF)
            return Reply(self._unavailable())
        return self.ask(intent.slots.get("question", ""), None, ctx)

    # --- Look: look_and_ask ---------------------------------------------------------------------------
    def needs_camera(self, intent: Intent) -> bool:
        return intent.name == "look_and_ask" and self.available and self.camera_enabled()

    def see(self, bgr: np.ndarray) -> np.ndarray | None:
        """The first frame bright enough to show something is the picture."""
        if not isinstance(bgr, np.ndarray) or bgr.size == 0 or float(bgr.mean()) < DARK:
            return None
        return bgr.copy()

    def answer(self, intent: Intent, sighting: Any, frames_seen: int, ctx: Context) -> Reply:
        if sighting is None:
            return Reply("I couldn't get a clear picture. Try more light, and ask again."
                         if frames_seen else "I couldn't get a picture from the camera.")
        return self.ask(look_question(intent), sighting, ctx)

    # --- AsksAboutPictures -------------------------------------------------------------------------
    def ask_about(self, question: str, bgr: np.ndarray, ctx: Context) -> Reply | None:
        if not self.available:
            return None
        return self.ask(question, bgr, ctx)

    # --- asking --------------------------------------------------------------------------------------
    def _unavailable(self) -> str:
        return NOT_RECORDED if self.replay else OFFLINE

    def ask(self, question: str, bgr: np.ndarray | None, ctx: Context) -> Reply:
        """The streamed reply to ``question`` (about ``bgr`` when given)."""
        question = question.strip()
        if not question:
            return Reply("What would you like to ask?")
        if self.replay:
            row = self.playback.take() if self.playback is not None else None
            if row is None:
                return Reply(NOT_RECORDED)
            stream: Any = ReplayedStream(row)
            image = bool(row.get("image"))
            host = str(row.get("host") or "")
            events: tuple = ()
        elif self.client is None:
            return Reply(OFFLINE)
        else:
            image_url = None
            if bgr is not None:
                try:
                    image_url = frame_to_data_url(bgr, self.blurrer).data_url
                except GlassesError:
                    return Reply("I couldn't use that picture.")
            now_s = ctx.t_ms / 1000
            context = WearerContext(local_time=ctx.now.strftime("%A %d %B %Y, %H:%M")) \
                if self.config.send_context else None
            messages = self.conversation.messages(question, now_s, image_url=image_url, context=context,
                                                  send_context=self.config.send_context)
            stream = self.client.stream(messages)
            image, host = image_url is not None, self.host
            events = (Asking(ctx.t_ms, host, image),)
        answering = Answering(self, stream, question, host, image, ctx.t_ms)
        return Reply("", AnswerCard(host=host or None, image=image), events, stream=answering)

    def finished(self, answering: Answering, outcome: str, text: str) -> None:
        """A request ended: remember the turn (a whole or capped answer) and record it."""
        with self._lock:
            if outcome in ("ok", "answer_capped") and text.strip():
                self.conversation.remember(answering.question, text, answering.t_ms / 1000)
            if self.recorder is not None and not self.replay:
                egress = getattr(answering.stream, "egress", None)
                self.recorder.add({"t_ms": answering.t_ms, "question": answering.question,
                                   "image": answering.image, "host": answering.host,
                                   "bytes_sent": egress.bytes_sent if egress else 0, "answer": text,
                                   "error": None if outcome == "ok" else outcome})


class Answering:
    """One answer as the assistant pulls it (Reply.stream): typed events and sentences."""

    def __init__(self, skill: AskSkill, stream: Any, question: str, host: str, image: bool, t_ms: int) -> None:
        self.skill = skill
        self.stream = stream
        self.question = question
        self.host = host
        self.image = image
        self.t_ms = t_ms
        self.cancelled = False
        self._done = False
        self._lock = threading.Lock()

    def cancel(self) -> None:
        """The wake word, the button or "stop": hang up now; nothing more is said."""
        self.cancelled = True
        self.stream.cancel()
        self._finish("cancelled")

    def _finish(self, outcome: str) -> bool:
        with self._lock:
            if self._done:
                return False
            self._done = True
        self.skill.finished(self, outcome, "".join(self.stream.text))
        return True

    def __iter__(self) -> Iterator[Any]:
        split = SentenceSplitter()
        told = False

        def egress() -> Iterator[Egress]:
            nonlocal told
            sent = getattr(self.stream, "egress", None)
            if not told and sent is not None:
                told = True
                yield Egress(0, sent.host, sent.bytes_sent, sent.image)

        try:
            for piece in self.stream:
                yield from egress()
                if self.cancelled:
                    return
                yield from split.feed(piece)
            if self.cancelled:
                return
            yield from egress()
            yield from split.flush()
            outcome = "ok"
        except EngineError as exc:
            if self.cancelled:
                return
            yield from egress()
            if exc.code == "answer_capped":
                yield from split.flush()
            yield Error(0, exc.code, exc.detail or exc.code)
            if exc.spoken:
                yield exc.spoken
            outcome = exc.code
        if self._finish(outcome) and not self.skill.replay:
            yield Asked(0, self.host, outcome, len("".join(self.stream.text)))

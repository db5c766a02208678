"""What a skill is: the code that answers one family of intents.

A skill is handed an Intent and a Context (the session-clock time as an aware datetime,
never read from a wall clock inside the skill) and returns a Reply. Skills that see
(products, reading text) also implement the Look protocol: the assistant opens the
camera, hands frames to ``see`` until it returns a sighting or look.timeout_s pass, then
calls ``answer`` (``see`` runs on a worker: the loop keeps hearing the wake word, the
button and "stop" meanwhile; frames that arrive while one is read are skipped). Skills that speak up on their own (timers, reminders) implement
``due``; skills that make noise until stopped implement ``stop``; skills that follow the
wearer's position (navigation) implement ``locate``; a skill that records video implements
``film`` (Films).

Lifecycle hooks a skill may implement (declared below; the runtime calls them, nothing
probes with hasattr): ``warm`` before listening, ``refresh`` on the background thread,
``start_inbox_server`` when running live, ``close`` at shutdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Callable, Iterable, Mapping, Protocol, runtime_checkable

import numpy as np

from glasses.cards import Card
from glasses.events import Intent


class Control(StrEnum):
    """What a reply asks of the assistant itself, beyond speaking (the basics skill's stop and
    repeat): the assistant acts on these, never on intent names."""

    STOP = "stop"          # stop speaking, silence skills that ring, back to idle
    REPEAT = "repeat"      # say the last answer again


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a reply says, for the language layer (glasses/replies.py, ``assistant.language``):
    ``key`` names the answer ("timer_status.left", "get_weather.day") and ``slots`` hold its
    values as data, not words, said by their kind and name: a number as digits; a datetime as a
    clock time (``*_at``: "à 9 h 30", ``*_when``: "demain à 9 h 30"); a date as a day
    ("demain"; ``*_full``: "mardi 3 mars", ``*_weekday``: "mardi"); a ``*_s`` number as a
    duration (``*_about_s`` rounded as a countdown is heard); a ``*distance_m`` number as a
    distance; a string as it is, or through the table's ``words.<slot>`` map when it has one
    (``card_<slot>`` uses ``words.<slot>`` too); a list joined ("a, b et c"; ``*_sentences``:
    one after the other); a nested Meaning as a clause of its own; None as nothing (an optional
    clause left out). ``card_*`` slots feed the card. The skill's English ``text`` stays what
    English says."""

    key: str
    slots: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reply:
    """What to say, and optionally a typed card for a display (glasses.cards).

    events: typed events the answer announces to the rest of the system (a TimerChange when a
    timer starts, rings or is cancelled, a NavUpdate that clears the arrow), stamped on the
    session clock; the assistant emits them right after the Say.

    stream: for an answer still being produced (an engine's tokens, a long briefing): an
    iterable of sentences, pulled on a worker one at a time and spoken as each arrives (after
    ``text``, which may be empty); a barge-in stops pulling and calls its ``close()``.
    topic: a reply queued for later (the first wake's briefing) is dropped when a reply with the
    same topic is spoken first. control: see Control. confirm: the reply is a yes-or-no question
    ("Did you mean Kauppatori?"): a yes said next runs this intent, as for a near-miss parse
    (glasses.understand.confirm); a no, or anything else, drops it. meaning: the same answer as
    data (Meaning), so it can be said in the wearer's language; None: only the English text.
    """

    text: str
    card: Card | None = None
    events: tuple[Any, ...] = ()
    stream: Iterable[str] | None = None
    topic: str = ""
    control: Control | None = None
    confirm: Intent | None = None
    meaning: Meaning | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """The moment a skill answers in. now: aware datetime on the session clock."""

    now: datetime
    t_ms: int
    last_reply: str | None = None
    extras: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class Skill(Protocol):
    intents: tuple[str, ...]

    def handle(self, intent: Intent, ctx: Context) -> Reply: ...


@runtime_checkable
class Proactive(Protocol):
    """A skill that speaks without being asked: due timers, reminders."""

    def due(self, ctx: Context) -> Iterable[Reply]: ...


@runtime_checkable
class Stoppable(Protocol):
    """A skill with something to silence on "stop" or a double press (a ringing timer, captions).
    Returns the events that announce what stopped (a TimerChange per silenced timer)."""

    def stop(self, ctx: Context) -> Iterable[Any]: ...


@runtime_checkable
class ForgetsLast(Protocol):
    """Something else "forget that" may mean (a conversation with the engine). The skill that owns
    the phrase (memory: it deletes a note, a side effect) hands "forget that" to whichever was
    added to last: ``last_kept_ms`` is when (session ms), None when there is nothing to forget."""

    def last_kept_ms(self, ctx: Context) -> int | None: ...

    def forget_last(self, ctx: Context) -> Reply: ...


@runtime_checkable
class Located(Protocol):
    """A skill that follows the wearer's position (navigation): handed every Location fix,
    it returns Replies to speak (turn instructions) and output events (a NavUpdate)."""

    def locate(self, fix: Any, ctx: Context) -> Iterable[Any]: ...


@runtime_checkable
class SpokenNames(Protocol):
    """A skill whose slots take names that are not English words (navigation: the places near the
    wearer). ``spoken_hint`` is a short line of them, read at the start of each utterance and
    handed to the recognizer as a hint (Whisper's prompt), so "Kauppatori" is written as spelled.
    Quick: it runs on the audio loop."""

    def spoken_hint(self) -> str: ...


@runtime_checkable
class Prefetching(Protocol):
    """A skill whose answer waits on slow I/O (a weather fetch, up to weather_timeout_s).
    ``prefetch`` (quick, on the loop) returns that work as a callable the runtime runs on a
    worker, or None when there is none; ``handle`` is then called with the callable's result
    in ``ctx.extras["prefetched"]``, so the audio loop never waits on the network."""

    def prefetch(self, intent: Intent, ctx: Context) -> Callable[[], Any] | None: ...


@runtime_checkable
class Look(Protocol):
    """A skill that needs the camera for some intents."""

    def needs_camera(self, intent: Intent) -> bool: ...

    def see(self, bgr: np.ndarray) -> Any | None:
        """Analyse one frame (blocking inference); a confident sighting, or None."""

    def answer(self, intent: Intent, sighting: Any | None, frames_seen: int, ctx: Context) -> Reply:
        """The reply once a sighting was made or the look timed out (sighting None)."""


@runtime_checkable
class NamesCamera(Protocol):
    """A Look skill whose use of the camera is not a plain look (taking a photo): the reason its
    Camera events carry ("photo": the privacy LED stays solid for at least a second). Called as
    the look starts, with that moment (a photo is dated when it was asked for)."""

    def camera_reason(self, intent: Intent, ctx: Context) -> str: ...


@runtime_checkable
class Listener(Protocol):
    """A skill that hears the microphone between commands (live captions). ``muted`` is True
    while the assistant listens to the wearer or speaks itself: nothing then may be heard,
    except that while it only speaks, ``speaking`` is the text being said, and a listener may
    keep other people's speech that overlaps it (to show after, marked as overlapped)."""

    def hear(self, chunk: Any, ctx: Context, muted: bool, speaking: str = "") -> list:
        """Output events for one microphone chunk; a Reply among them is spoken."""


@runtime_checkable
class Films(Protocol):
    """A skill that holds the camera between commands (a video recording). While ``filming`` is
    True every frame is handed to ``film`` on the loop, whatever else the assistant does (a look
    gets the same frames); ``film`` only queues the frame (encoding and blurring run on the skill's
    own worker) and returns output events (its Camera(off) when the length cap is reached); a
    Reply among them is spoken."""

    @property
    def filming(self) -> bool: ...

    def film(self, frame: Any, ctx: Context) -> Iterable[Any]: ...


# --- lifecycle hooks: what the runtime (glasses/runtime/background.py) does with a skill ----------

@runtime_checkable
class Warms(Protocol):
    """A skill with slow one-time work (an index, calendar expansion) done before listening."""

    def warm(self, ctx: Context) -> None: ...


@runtime_checkable
class Refreshes(Protocol):
    """A skill with network work (remote calendars, a forecast), run on the refresh thread, never
    on the audio thread. Returns one line per problem."""

    def refresh(self, ctx: Context, force: bool = False) -> list[str]: ...


@runtime_checkable
class ServesInbox(Protocol):
    """A skill that accepts notifications on a local endpoint while the assistant runs live."""

    def start_inbox_server(self) -> int | None:
        """Start serving (when configured); the port, or None."""


@runtime_checkable
class Closes(Protocol):
    """A skill holding resources (a database, a server) released at shutdown."""

    def close(self) -> None: ...


# --- what skills offer each other (found through Peers, never by importing another skill) -------

@runtime_checkable
class Calendar(Protocol):
    """The wearer's calendar (the day skill): events overlapping [start, end)."""

    def events_between(self, start: datetime, end: datetime) -> list: ...


@runtime_checkable
class ListKeeper(Protocol):
    """Keeps the wearer's lists (the day skill): add an item, with the spoken confirmation."""

    def add_to_list(self, item: str, ctx: Context, list_name: str = "shopping") -> Reply: ...


@runtime_checkable
class FirstWake(Protocol):
    """Something to say on the first wake of the day, after the answer (the morning briefing)."""

    def on_first_wake(self, ctx: Context) -> Reply | None: ...


@runtime_checkable
class CameraSwitch(Protocol):
    """Owns the wearer's camera switch (the look skill's "camera off" / "camera on"): while it is
    off nothing may open the camera, capture included."""

    def camera_enabled(self) -> bool: ...


@runtime_checkable
class NamesPlaces(Protocol):
    """Names a position (navigation's map): the nearest named place, else the street, else ""
    (memory says where a note was made with it; capture puts it in a sidecar)."""

    def place_name(self, lat: float, lon: float) -> str: ...


@runtime_checkable
class NeedsIndicator(Protocol):
    """A skill whose work people around must be able to see (capture): the driver tells it when
    the rig's privacy LED cannot be driven (``problem``: why), and it then refuses to capture."""

    def privacy_led(self, problem: str) -> None: ...


@runtime_checkable
class BriefingNote(Protocol):
    """A sentence to add to the morning briefing (navigation: when to leave for the first meeting)."""

    def briefing_note(self, now: datetime) -> str: ...


@runtime_checkable
class AnswersAnything(Protocol):
    """A skill that takes what no intent matched (an open question for the wearer's own engine).
    ``catch`` returns the intent to route it as (one of the skill's own), or None to leave it
    unanswered ("Sorry, I didn't catch that"). Only text that no template matched, exactly or as a
    near miss, is offered: commands never reach it, and the "Did you mean ...?" rule is unchanged."""

    def catch(self, text: str, t_ms: int) -> Intent | None: ...


@runtime_checkable
class AsksAboutPictures(Protocol):
    """A skill that answers a question about a camera frame (look and ask), for a skill that
    looked and could not answer from what it knows (the look skill's catalog). ``ask_about``
    returns the Reply (usually streamed), or None when it cannot (no engine set up)."""

    def ask_about(self, question: str, bgr: np.ndarray, ctx: Context) -> Reply | None: ...


@runtime_checkable
class Records(Protocol):
    """A skill whose answers come from the network and are kept in a recorded session (the
    engine's answers), so that its replay stays offline: ``record_to(root)`` is called with the
    session folder when ``glasses run --record`` starts."""

    def record_to(self, root: Any) -> None: ...


@runtime_checkable
class Translates(Protocol):
    """Turns a line said in another language into English with the wearer's own engine (the ask
    skill's client and ask: settings), for captions when the wearer opted in
    (``captions.translate_with: engine``). Text only: audio never goes.

    ``translation_host()``: the host it would send to, "" when no engine is set up (then nothing is
    sent). ``translate_text(text, language, timeout_s, notify)``: the English, within ``timeout_s``;
    raises a GlassesError (with ``code``) when the engine cannot answer in time. ``notify`` receives,
    on the calling thread, the typed events that show the connection as the ask skill's own requests
    do (asking, egress, asked: the HUD's egress badge), each time it connects."""

    def translation_host(self) -> str: ...

    def translate_text(self, text: str, language: str, timeout_s: float,
                       notify: Callable[[Any], None]) -> str: ...

"""The skill contract: what a feature package declares so that the assistant can use it.

A feature (the day assistant, look and shop, navigation, captions, or a separately installed
package) is one Python package that exports one ``SkillSpec`` through the ``glasses.skills``
entry point (pyproject.toml)::

    [project.entry-points."glasses.skills"]
    coin = "glasses_coin:SKILL"

The spec names everything the rest of the system needs to know, so that no module outside the
package spells its intent names: the intent templates beside it (hassil YAML), which intents
have side effects and how to say them in a "Did you mean ...?" question, button gestures bound
to its intents, its config section, its typed cards, its doctor rows, its benchmark and its
command-line commands. ``build(services)`` makes the skill object from what the composition
root (glasses/runtime/build.py) hands it: the config, the clock's zone, the data folder, the
network fetcher, and its peers (other skills' capabilities, glasses.skills.base).

The skill object answers intents (``handle(intent, ctx) -> Reply``) and may implement the
optional protocols of glasses.skills.base (Look, Proactive, Stoppable, Located, Listener,
Prefetching, Warms, Refreshes, ServesInbox, Closes, Records, AnswersAnything, Calendar, ListKeeper,
FirstWake, BriefingNote, AsksAboutPictures). docs/adding-a-skill.md walks through a whole example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from glasses.events import Intent

Normalizer = Callable[[dict[str, str]], "dict[str, str] | None"]


class Peers:
    """The other skills, found by what they can do (a protocol), never by name or import.
    Filled by the composition root once every skill is built; look-ups happen at call time."""

    def __init__(self) -> None:
        self._skills: list[Any] = []

    def attach(self, skills: Iterable[Any]) -> None:
        self._skills = list(skills)

    def first(self, protocol: type) -> Any | None:
        """The first skill implementing ``protocol`` (a runtime-checkable Protocol), or None."""
        return next((s for s in self._skills if isinstance(s, protocol)), None)

    def all(self, protocol: type) -> list[Any]:
        return [s for s in self._skills if isinstance(s, protocol)]


@dataclass(frozen=True)
class Services:
    """What the composition root hands every skill's ``build``.

    config: the whole Config (a skill reads its own section, ``getattr(config, spec.name)``);
    tz: the wearer's zone; data_dir: where the skill keeps its state (a fresh folder in a replay,
    None: the folder its config names); fetcher: the one network client (``get(url, timeout_s)``;
    offline or recorded responses in a replay); replay: True in replays, the demo and the bench
    (decode at once, never the wearer's data); session_root: the replayed session's folder (its
    calendar.ics); speech_model: the voice loop's loaded Whisper model (captions share it);
    examples: every skill's examples (for help); vad: makes a voice-activity detector.
    """

    config: Any
    tz: tzinfo
    fetcher: Any
    peers: Peers = field(default_factory=Peers)
    data_dir: Path | None = None
    replay: bool = False
    session_root: Path | None = None
    speech_model: Any = None
    examples: tuple[str, ...] = ()
    vad: Callable[[], Any] | None = None
    extras: Mapping[str, Any] = field(default_factory=dict)  # test and driver overrides by name

    def section(self, name: str) -> Any:
        return getattr(self.config, name)


@dataclass(frozen=True)
class SkillSpec:
    """One feature package's declaration. Only ``name`` and ``build`` are required.

    name: the skill's name and its config section's key; build: ``(services) -> skill``;
    intents: hassil template files beside the package (the intents it owns are the ones they
    define); phrasings: more ways to say them, loaded after every skill's ``intents`` (blocks of
    the same intent merge); samples: a YAML file of example values per wildcard list (for the
    command language model); normalizers: per-intent slot normalizers; vocabulary: extra words
    its slots use; side_effects: intents that change something or turn the camera on (they run
    only on a confident parse, else "Did you mean ...?"); describe: ``(intent, heard) -> str or
    None``, the action in words for that question; gestures: button gesture -> intent;
    gestures_for: ``(config) -> {gesture: intent}``, gestures the wearer binds in the skill's
    config section (they win over every skill's fixed ``gestures``);
    config: the section's frozen dataclass (glasses/configfile.py conventions) and config_doc its
    one-line description; examples: things to say, for help; cards: its Card classes;
    doctor: ``(config) -> [Row]``; bench: ``(config, quick) -> JSON dict``; commands:
    ``(subparsers, load_config)`` adds its CLI commands; order: routing and help order.
    """

    name: str
    build: Callable[[Services], Any]
    intents: tuple[Path, ...] = ()
    phrasings: tuple[Path, ...] = ()
    samples: Path | None = None
    normalizers: Mapping[str, Normalizer] = field(default_factory=dict)
    vocabulary: Callable[[], Iterable[str]] | None = None
    side_effects: frozenset[str] = frozenset()
    describe: Callable[[Intent, str], str | None] | None = None
    gestures: Mapping[str, str] = field(default_factory=dict)
    gestures_for: Callable[[Any], Mapping[str, str]] | None = None
    config: type | None = None
    config_doc: str = ""
    examples: tuple[str, ...] = ()
    cards: tuple[type, ...] = ()
    doctor: Callable[[Any], list] | None = None
    bench: Callable[[Any, bool], dict] | None = None
    commands: Callable[[Any, Callable], None] | None = None
    order: int = 50

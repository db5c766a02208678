"""Translation in two steps: Whisper writes what was said in its own language (its own-language
recognition is far better than its translate task: docs/captions.md; with that language's command
prompt once the language is known, glasses/stt/whisper.py LANGUAGE_PROMPTS), then

1. a sentence that Home Assistant's (or our) templates for that language understand as a command
   ("quelle heure est-il", "minuteur 10 minutes") is said in English from its meaning
   (glasses/understand/gloss.py: "What time is it?", "Set a timer for 10 minutes."), and so is a
   command for the home ("éteins la lumière de la cuisine": "Turn off the lights in the kitchen.",
   glasses/captions/home_commands.py);
2. anything else goes to the wearer's own engine when they opted in (``captions.translate_with:
   engine``: glasses/captions/engine_step.py; the text only), else, or when the engine is off,
   unreachable or slow, through Whisper's translate task with the language now known.

No registry package ships text translation weights (OPUS-MT, NLLB, M2M100, Argos), so on the
device there is no general second step; ``source`` keeps the words as said, shown under the
English line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from glasses.captions.engine_step import EngineStep
from glasses.captions.home_commands import HomeCommands, home_commands
from glasses.captions.languages import name
from glasses.skills.registry import installed
from glasses.stt.whisper import LANGUAGE_PROMPTS
from glasses.understand.gloss import gloss, load_glosses
from glasses.understand.language_parser import LANGUAGES, LanguageParser, language_files


@dataclass(frozen=True, slots=True)
class Translation:
    text: str          # English
    language: str      # the spoken language
    source: str        # what was said, in that language ("" when English was spoken)
    how: str           # "command" (understood, said from its meaning), "engine" (the wearer's engine),
    #                    "whisper" (translate task), "english"
    via: str = ""      # how == "engine": the engine's host


class TwoStepTranslator:
    def __init__(self, parser_for: Callable[[str], Any | None], glosses: dict[str, str],
                 engine: EngineStep | None = None,
                 home_for: Callable[[str], HomeCommands | None] | None = None,
                 prompts: Mapping[str, str] | None = None) -> None:
        """``parser_for(language)``: the command parser for a language (None when there is none);
        ``engine``: the wearer's engine as the second step (None: on the device only);
        ``home_for(language)``: the home commands for a language (None: none); ``prompts``: the
        prompt Whisper transcribes each language with (None: none)."""
        self._parser_for = parser_for
        self._parsers: dict[str, Any] = {}
        self.glosses = glosses
        self.engine = engine
        self.home_for = home_for or (lambda language: None)
        self.prompts = dict(prompts or {})

    def parser(self, language: str) -> Any | None:
        if language not in self._parsers:
            self._parsers[language] = self._parser_for(language)
        return self._parsers[language]

    def translate(self, runner: Any, samples: np.ndarray, *, language: str | None = None,
                  languages: tuple[str, ...] = (), english_at_least: float = 0.0, prefer: str = "") -> Translation:
        said, lang = runner.decode(samples, task="transcribe", language=language, languages=languages,
                                   english_at_least=english_at_least, prefer=prefer,
                                   **({"prompts": self.prompts} if self.prompts else {}))
        if lang == "en":
            return Translation(said, lang, "", "english")
        parser = self.parser(lang)
        intent = parser.parse(said) if parser is not None and said else None
        if intent is not None:
            english = gloss(self.glosses, intent.name, intent.slots)
            if english:
                return Translation(english, lang, said, "command")
        home = self.home_for(lang) if said else None
        english = home.english(said) if home is not None else None
        if english:
            return Translation(english, lang, said, "command")
        if self.engine is not None and said:
            answer = self.engine.english(said, name(lang))
            if answer is not None:
                return Translation(answer.text, lang, said, "engine", answer.host)
        english, _ = runner.decode(samples, task="translate", language=lang)
        return Translation(english, lang, said, "whisper")


def default_translator(engine: EngineStep | None = None) -> TwoStepTranslator:
    """Over the installed skills' templates and glosses (and ``engine`` as the second step)."""
    registry = installed()
    files = registry.intent_files()

    def parser_for(language: str):
        if language not in LANGUAGES:
            return None
        return LanguageParser(language, language_files(files, language), registry.normalizers())

    return TwoStepTranslator(parser_for, load_glosses(files), engine, home_commands, LANGUAGE_PROMPTS)

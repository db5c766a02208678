"""``glasses transcribe --translate FILE...`` and ``glasses transcribe --captions FILE.wav``."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from glasses.errors import GlassesError


def add_arguments(parser) -> None:
    """The captions options of ``glasses transcribe`` (registered from glasses/cli.py)."""
    parser.add_argument("--translate", action="store_true",
                        help="print English for each file (speech in any language; multilingual Whisper base)")
    parser.add_argument("--captions", action="store_true",
                        help="print timed caption lines ([mm:ss.s] text) for a long recording")
    parser.add_argument("--from", dest="source_language", metavar="LANG", default=None,
                        help="with --translate/--captions: the spoken language (e.g. fr, French); default: detected")


def wanted(args) -> bool:
    return bool(getattr(args, "translate", False) or getattr(args, "captions", False))


def run(args, config) -> int:
    from glasses.captions.build import model_loader
    from glasses.captions.languages import code_for
    from glasses.vad import SileroVad

    files = args.wav if isinstance(args.wav, list) else [args.wav]
    if args.captions and len(files) != 1:
        raise GlassesError("--captions takes one recording")
    language = None
    if args.source_language:
        language = code_for(args.source_language)
        if language is None:
            raise GlassesError(f"--from: unknown language {args.source_language!r}")
    from glasses.audio import read_wav

    audio = [read_wav(path) for path in files]   # every file is read (and checked) before the model loads
    runner = model_loader(config.captions, progress=lambda msg: print(msg, file=sys.stderr))()
    vad = SileroVad()
    if config.captions.translate_with == "engine" and args.translate and not args.captions:
        from glasses.runtime.build import skill_peers

        with skill_peers(config) as peers:
            return _translate_files(args, config, files, audio, runner, vad, language, peers)
    return _translate_files(args, config, files, audio, runner, vad, language, None)


def _translate_files(args, config, files, audio, runner, vad, language, peers) -> int:
    from glasses.captions.build import engine_step
    from glasses.captions.engine_step import Fallback
    from glasses.captions.files import caption_lines, stamp, translate_file
    from glasses.captions.two_step import default_translator
    from glasses.progress import progress_bar
    from glasses.skills.base import Translates

    engine = engine_step(config.captions, lambda: peers.first(Translates)) if peers is not None else None
    translator = default_translator(engine)
    languages = config.captions.languages
    as_json = bool(getattr(args, "json", False))
    if args.captions:
        with progress_bar(None, "captions", unit="ms") as bar:
            for start, text, lang in caption_lines(audio[0], runner, vad, languages, translate=args.translate,
                                                   language=language, progress=bar.update_to):
                if as_json:
                    bar.write(json.dumps({"file": str(files[0]), "start_ms": start, "text": text, "language": lang},
                                         ensure_ascii=False))
                else:
                    bar.write(f"{stamp(start)} {text}")
        return 0
    for path, samples in zip(files, audio):
        result = translate_file(path, samples, runner, vad, languages, language, translator)
        for item in engine.take() if engine is not None else ():
            if isinstance(item, Fallback):   # once, not per file
                print(f"{item.detail} ({item.code})", file=sys.stderr, flush=True)
        if as_json:
            print(json.dumps(asdict(result), ensure_ascii=False), flush=True)
        else:
            print(result.text if len(files) == 1 else f"{path}: {result.text}", flush=True)
    return 0

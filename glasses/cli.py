"""The ``glasses`` command line. Every command has --help; errors are one line and exit 2."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from glasses import __version__
from glasses.errors import GlassesError

DEMO_SESSION = Path(__file__).parent / "data" / "demo"


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_argparser()  # loads every installed skill (their commands)
    except GlassesError as exc:  # a broken skill package: one line naming it
        print(f"glasses: error: {exc}", file=sys.stderr)
        return exc.exit_code
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="glasses: %(levelname)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except GlassesError as exc:
        from glasses.limits import printable

        print(f"glasses: error: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("glasses: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line, the traceback with --debug
        if args.debug:
            raise
        from glasses.limits import printable

        print(f"glasses: internal error: {type(exc).__name__}: {printable(str(exc))[:500]} "
              "(run with --debug for details)",
              file=sys.stderr)
        return 1


def build_argparser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="glasses",
        description="An offline, on-device assistant for AI glasses: wake word, speech, camera, spoken answers.",
        epilog="Nothing you say or show leaves the device. Start with `glasses demo`.")
    p.add_argument("--version", action="version", version=f"glasses {__version__}")
    p.add_argument("--config", type=Path, metavar="FILE",
                   help="config file (default: $XDG_CONFIG_HOME/glasses/config.yaml if it exists)")
    p.add_argument("--debug", action="store_true", help="log details, show tracebacks of internal errors")
    p.add_argument("--profile", choices=("auto", "pi", "desktop"), default="auto",
                   help="cheaper settings for a Raspberry Pi (command-mode recognition, smaller camera "
                        "frames, one OCR pass); auto: pi on a Raspberry Pi")
    sub = p.add_subparsers(title="commands", metavar="COMMAND")

    c = sub.add_parser("demo", help="replay the bundled demo session and print the conversation",
                       description="Replay the demo session that ships with glasses through the full "
                                   "assistant (wake word, speech recognition, intents, spoken answers) and "
                                   "print the conversation. Needs no microphone, camera or network.")
    c.add_argument("--json", action="store_true", help="print the event stream as JSON lines")
    c.add_argument("--speak-to", type=Path, metavar="OUT.wav", help="write the spoken answers into a WAV")
    c.set_defaults(func=cmd_demo)

    c = sub.add_parser("replay", help="run the assistant on a recorded session",
                       description="Run the full assistant on a recorded session (a folder or .zip) on a "
                                   "virtual clock, as fast as the machine allows.")
    c.add_argument("session", type=Path, help="session folder or .zip")
    c.add_argument("--json", action="store_true",
                   help="one JSON object per event: type, t_ms and the event's fields")
    c.add_argument("--speak-to", type=Path, metavar="OUT.wav",
                   help="write everything the assistant said into one WAV, at its session times")
    c.add_argument("--realtime", action="store_true", help="replay at the session's own speed")
    c.add_argument("--check", action="store_true",
                   help="compare with the session's expected.jsonl; exit 1 on a difference")
    c.add_argument("--gallery", type=Path, metavar="DIR", default=None,
                   help="keep the photos and videos taken in DIR (default: the replay's temporary folder, "
                        "removed at the end)")
    c.set_defaults(func=cmd_replay)

    c = sub.add_parser("record", help="record the microphone (and button presses) into a session",
                       description="Record a session that `glasses replay` accepts. Press Enter for a "
                                   "button press, type a line for a typed command; Ctrl-C stops.")
    c.add_argument("out_dir", type=Path, help="new folder for the session")
    c.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    c.add_argument("--notes", default="", help="free-text notes stored in session.yaml")
    c.add_argument("--camera", metavar="SRC",
                   help="also record camera frames (5 per second, faces blurred unless look.blur_faces is "
                        "false): a webcam index, /dev/videoN, a video file or a folder of images")
    c.set_defaults(func=cmd_record)

    c = sub.add_parser("ask", help="text in, answer out (no audio)",
                       description="Skip the microphone: understand TEXT as if it was spoken and print "
                                   "the answer.")
    c.add_argument("text", help='what you would say, e.g. "what time is it"')
    c.add_argument("--json", action="store_true", help='print {"intent", "slots", "reply"}')
    c.add_argument("--at", metavar="ISO_TIME", help="pretend it is this time (ISO 8601), for testing")
    c.set_defaults(func=cmd_ask)

    c = sub.add_parser("transcribe", help="print the transcript of WAV files",
                       description="Transcribe WAV files of any sample rate, mono or stereo. Every file is "
                                   "checked first; the models load once; one line per file (the text alone "
                                   "for a single file, else FILE: TEXT).")
    c.add_argument("wav", type=Path, nargs="+", metavar="FILE")
    c.add_argument("--engine", choices=("auto", "whisper", "pocketsphinx", "vosk"), default=None,
                   help="recognizer (default: the config's stt.engine)")
    c.add_argument("--mode", choices=("auto", "command", "free"), default="free",
                   help="free: any words (default); command: only phrases the assistant understands")
    c.add_argument("--json", action="store_true",
                   help='one JSON object per file: {"file", "text", "engine", "ms"}')
    from glasses.captions.cli import add_arguments as add_caption_arguments

    add_caption_arguments(c)
    c.set_defaults(func=cmd_transcribe)

    c = sub.add_parser("run", help="the live assistant on this machine's microphone and speaker",
                       description="Listen for the wake word (or press Enter to talk), understand, answer "
                                   "through the speaker. Type a command and Enter to skip speech. Ctrl-C quits.")
    c.add_argument("--record", type=Path, metavar="DIR", help="also record the session into DIR")
    c.add_argument("--push-to-talk", action="store_true", help="no wake word: Enter starts listening")
    c.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    c.set_defaults(func=cmd_run)

    from glasses.emulator.cli import add_emulate_command

    add_emulate_command(sub)

    from glasses.skills.registry import installed

    for spec in installed().specs:  # each skill's own commands (glasses look, route, maps, ...)
        if spec.commands is not None:
            spec.commands(sub, _config)

    c = sub.add_parser("doctor", help="check microphone, speaker, camera, models and text to speech",
                       description="Print a table of what works and, for each problem, how to fix it.")
    c.set_defaults(func=cmd_doctor)

    c = sub.add_parser("bench", help="measure latency, speed and memory (JSON)",
                       description="Run the benchmark on bundled spoken commands and print JSON.")
    c.add_argument("--quick", action="store_true", help="fewer repetitions")
    c.add_argument("--out", type=Path, help="also write the JSON here")
    c.add_argument("--only", metavar="SECTION[,SECTION]", default="",
                   help="measure only these sections (names as in the JSON: speech, wake_vad, memory, day, skills, ...)")
    c.set_defaults(func=cmd_bench)

    c = sub.add_parser("make-session", help="build a session from a script of lines and times",
                       description="Synthesize the spoken lines of a YAML script with espeak-ng and write "
                                   "a session (see glasses/scriptgen.py for the format).")
    c.add_argument("script", type=Path)
    c.add_argument("out_dir", type=Path)
    c.set_defaults(func=cmd_make_session)

    c = sub.add_parser("config", help="print every config key with its default and meaning",
                       description="Print the reference configuration (YAML with comments), or check a file.")
    c.add_argument("--check", action="store_true", help="only validate the config file")
    c.set_defaults(func=cmd_config)
    return p


# --- commands ---------------------------------------------------------------------------------
def _config(args):
    from glasses.config import load_config_for

    return load_config_for(args.config, getattr(args, "profile", "auto"))


def cmd_demo(args) -> int:
    args.session, args.realtime, args.check = DEMO_SESSION, False, False
    return cmd_replay(args, summary=True)


def cmd_replay(args, summary: bool = False) -> int:
    from glasses.config import with_overrides
    from glasses.events import Error, Intent, Say, Transcript, Wake
    from glasses.progress import progress_bar
    from glasses.replay import check_output, conversation_line, exit_on_sigterm, json_events, replay, write_speech
    from glasses.runtime.build import replay_pipeline
    from glasses.session import load_session

    check_output(args.speak_to)
    gallery = getattr(args, "gallery", None)
    if gallery is not None and gallery.exists() and not gallery.is_dir():
        raise GlassesError("--gallery must be a folder, this is a file", where=str(gallery))
    session = load_session(args.session)
    config = _config(args)
    if session.config_overrides:
        config = with_overrides(config, session.config_overrides, f"{args.session}/session.yaml: config")
    events = []
    with exit_on_sigterm(), session, replay_pipeline(session, config, gallery_dir=getattr(args, "gallery", None)) \
            as pipeline, \
            progress_bar(session.duration_ms, "replay", unit="ms", enabled=not args.json) as bar:
        for event in replay(session, pipeline, realtime=args.realtime, progress=bar.update_to):
            events.append(event)
            if args.json:
                for row in json_events([event]):
                    print(json.dumps(row), flush=args.realtime)
            else:
                line = conversation_line(event)
                if line:
                    bar.write(line)
    if args.speak_to:
        write_speech(args.speak_to, events, session.duration_ms)
    if summary and not args.json:
        counts = {name: sum(isinstance(e, cls) for e in events)
                  for name, cls in (("wakes", Wake), ("intents", Intent), ("answers", Say), ("errors", Error))}
        heard = sum(isinstance(e, Transcript) and e.final for e in events)
        print(f"demo: {session.duration_ms / 1000:.1f} s of session, {counts['wakes']} wakes, {heard} commands "
              f"heard, {counts['intents']} understood, {counts['answers']} answers spoken, "
              f"{counts['errors']} errors — all on this device.")
    if args.check:
        if session.expected is None:
            raise GlassesError("the session has no expected.jsonl to check against", where=str(args.session))
        from glasses.expect import compare

        problems = compare(list(json_events(events)), session.expected)
        for p in problems:
            print(f"check: {p}", file=sys.stderr)
        return 1 if problems else 0
    return 0


def cmd_ask(args) -> int:
    from glasses.asking import answer_text
    from glasses.runtime.build import build_text_assistant, close_skills, wearer_tz

    config = _config(args)
    now = _now(config, args.at)
    assistant = build_text_assistant(config, origin=now, tz=wearer_tz(config, now.tzinfo))
    try:
        result = answer_text(assistant, args.text)
    finally:
        close_skills(assistant)
    if args.json:
        print(json.dumps(result))
    else:
        from glasses.limits import printable

        print(printable(result["reply"]))
    return 0


def _now(config, at: str | None) -> datetime:
    tz = ZoneInfo(config.assistant.timezone) if config.assistant.timezone else None
    if at:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise GlassesError(f"--at {at!r} is not an ISO 8601 time") from None
        return when if when.tzinfo else when.replace(tzinfo=tz or datetime.now().astimezone().tzinfo)
    return datetime.now(tz).astimezone(tz) if tz else datetime.now().astimezone()


def cmd_transcribe(args) -> int:
    from glasses.captions import cli as captions_cli
    from glasses.progress import progress_bar
    from glasses.runtime.build import build_parser
    from glasses.stt.batch import check_files, transcribe_files
    from glasses.stt.choose import build_transcriber

    config = _config(args)
    if captions_cli.wanted(args):
        return captions_cli.run(args, config)
    cfg = replace(config, stt=replace(config.stt, mode=args.mode, engine=args.engine or config.stt.engine))
    check_files(args.wav)   # a bad file fails (one line, exit 2) before any model loads
    transcriber = build_transcriber(cfg, build_parser())
    with progress_bar(len(args.wav), "transcribing", "file", enabled=len(args.wav) > 1) as bar:
        for row in transcribe_files(transcriber, args.wav):
            bar.update()
            if args.json:
                bar.write(json.dumps(row.as_json()))
            else:
                bar.write(row.text if len(args.wav) == 1 else f"{row.file}: {row.text}")
    return 0


def cmd_run(args) -> int:
    from glasses.live import run_live

    return run_live(_config(args), record_to=args.record, push_to_talk=args.push_to_talk,
                    max_seconds=args.seconds)


def cmd_record(args) -> int:
    from glasses.live import record_session

    camera = None
    if args.camera:
        from glasses.camera.choice import camera_from_arg

        camera = camera_from_arg(args.camera).camera
    return record_session(_config(args), args.out_dir, seconds=args.seconds, notes=args.notes, camera=camera)


def cmd_doctor(args) -> int:
    from glasses.doctor import print_report, run_checks

    config = None
    config_problem = None
    try:
        config = _config(args)
    except GlassesError as exc:
        config_problem = str(exc)
    rows = run_checks(config, config_problem)
    return print_report(rows)


def cmd_bench(args) -> int:
    from glasses.bench import run_bench

    def section_done(name, value) -> None:  # each section's JSON as it finishes (a stopped run keeps it)
        print(f"bench: {name}: {json.dumps(value)}", file=sys.stderr, flush=True)

    only = tuple(s.strip() for s in args.only.split(",") if s.strip())
    result = run_bench(_config(args), quick=args.quick, only=only, on_section=section_done)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


def cmd_make_session(args) -> int:
    from glasses.scriptgen import build_session_file

    out = build_session_file(args.script, args.out_dir)
    print(f"wrote session {out}")
    return 0


def cmd_config(args) -> int:
    from glasses.config import Config, default_config_path
    from glasses.configfile import describe

    if args.check:
        _config(args)
        print(f"{args.config or default_config_path()}: ok")
        return 0
    print("# glasses configuration: every key, its default and meaning.")
    print(f"# Put overrides in {default_config_path()} or pass --config FILE.")
    print(describe(Config))
    return 0

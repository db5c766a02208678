"""``glasses emulate``: the argparse wiring. The main CLI calls ``add_emulate_command(sub)``."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_emulate_command(subparsers) -> argparse.ArgumentParser:
    c = subparsers.add_parser(
        "emulate", help="the glasses on this laptop: a window with the camera view and the HUD",
        description="Run the assistant in a window that shows the camera view with the heads-up display "
                    "composited as the wearer would see it, and the conversation below. Keys: SPACE talk "
                    "(tap, or hold), L look, C camera on/off, R record a session, Q quit. Commands typed in "
                    "this terminal work too. With --session, play a recorded session at real speed.",
        epilog="The camera opens only while a look runs (privacy), unless --camera-always or "
               "look.continuous. Without a microphone, typed commands still work.")
    c.add_argument("--camera", metavar="SRC",
                   help="webcam index (0), device path (/dev/video2), video file, image, or folder of images "
                        "(default: look.camera_source in the config)")
    c.add_argument("--session", type=Path, metavar="SESSION",
                   help="play this recorded session (folder or .zip) in the window instead of live input")
    c.add_argument("--record", type=Path, metavar="DIR",
                   help="record a session into DIR from the start (R stops; R again records into DIR-2)")
    c.add_argument("--camera-always", action="store_true",
                   help="keep the camera open, not only during a look (the privacy indicator stays on)")
    c.add_argument("--push-to-talk", action="store_true", help="no wake word: SPACE starts listening")
    c.add_argument("--seconds", type=float, metavar="N", help="quit after N seconds")
    c.add_argument("--exit-at-end", action="store_true",
                   help="with --session: quit when the session has been played and answered")
    c.add_argument("--fps", type=float, default=30.0, help="window frame rate (default 30)")
    c.add_argument("--gps", metavar="TRACK.gpx|walk[@PLACE]",
                   help="location for navigation: play a GPX track, or walk (from PLACE, default Rautatientori) "
                        "along each route navigation plans, at --walk-speed")
    c.add_argument("--walk-speed", type=float, default=5.0, metavar="KMH", help="--gps walk pace (default 5 km/h)")
    c.set_defaults(func=cmd_emulate)
    return c


def cmd_emulate(args) -> int:
    from glasses.config import load_config_for
    from glasses.emulator.run import run_emulator
    from glasses.errors import GlassesError

    if args.exit_at_end and args.session is None:
        raise GlassesError("--exit-at-end needs --session")
    if args.session is not None and args.camera is not None:
        raise GlassesError("--camera and --session exclude each other (a session brings its own frames)")
    if args.gps and args.session is not None:
        raise GlassesError("--gps and --session exclude each other (a session brings its own location.jsonl)")
    if not 0.5 <= args.walk_speed <= 30:
        raise GlassesError(f"--walk-speed must be between 0.5 and 30 km/h, not {args.walk_speed}")
    if not 1 <= args.fps <= 120:
        raise GlassesError(f"--fps must be between 1 and 120, not {args.fps}")
    config = load_config_for(args.config, getattr(args, "profile", "auto"))
    return run_emulator(config, camera=args.camera, session=args.session,
                        record_to=args.record, camera_always=args.camera_always,
                        push_to_talk=args.push_to_talk, seconds=args.seconds, exit_at_end=args.exit_at_end,
                        fps=args.fps, gps=args.gps, walk_speed_kmh=args.walk_speed)

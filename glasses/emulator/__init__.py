"""The desktop emulator (``glasses emulate``): the assistant in a window on a laptop.

    cli.py            argparse wiring (add_emulate_command) for ``glasses emulate``
    run.py            run_emulator: picks the parts, runs the window loop
    assistant_loop.py the assistant thread (live microphone or a recorded session)
    board.py          what that thread publishes for the window
    view.py           pure composition: camera view + HUD + conversation strip
    window.py         the OpenCV highgui window
    keys.py           key-downs -> actions (hold-to-talk from key repeats)
    camera_feed.py    the camera thread
    sources.py        --camera SRC, the silent microphone
    recorder.py       R: record a session
"""


def run_emulator(*args, **kwargs) -> int:
    from glasses.emulator.run import run_emulator as run

    return run(*args, **kwargs)


__all__ = ["run_emulator"]

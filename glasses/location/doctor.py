"""``glasses doctor``'s location row: is there a receiver, and does it have a fix?"""

from __future__ import annotations

import threading

from glasses.doctor_row import Row
from glasses.errors import DeviceError
from glasses.location.live import NoLocation, open_location

WAIT_S = 3.0


def check_location(nav_config, wait_s: float = WAIT_S) -> Row:

    try:
        feed = open_location(nav_config)
    except (DeviceError, OSError) as exc:
        return Row("location", False, str(exc), "start gpsd (sudo apt install gpsd) or set nav.gps to the "
                                                "receiver's serial device, e.g. /dev/ttyACM0")
    if isinstance(feed, NoLocation):
        return Row("location", True, "no receiver (gpsd not running); navigation needs one: gpsd or nav.gps: "
                                     "/dev/ttyACM0; the emulator takes --gps track.gpx")
    try:
        done = threading.Event()
        fixes = []
        for _ in range(int(wait_s * 10)):
            fixes = feed.poll(0)
            if fixes:
                break
            done.wait(0.1)
    finally:
        feed.close()
    if not fixes:
        return Row("location", False, f"{feed.reason}: no fix within {wait_s:.0f} s",
                   "go outdoors with a clear view of the sky; a cold start takes up to a minute")
    fix = fixes[-1]
    heading = "no heading" if fix.heading_deg is None else f"heading {fix.heading_deg:.0f} deg"
    return Row("location", True, f"{feed.reason}: fix {fix.lat:.5f},{fix.lon:.5f} +/-{fix.accuracy_m:.0f} m, {heading}")

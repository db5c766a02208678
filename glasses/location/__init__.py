"""Where the wearer is: position fixes as ``glasses.events.Location`` from gpsd, an NMEA
receiver (pynmea2), a replayed ``location.jsonl``, a GPX track or a simulated walk; and the
heading from an IMU when present, else from the track. The location never leaves the device
and is only written to disk when a session is being recorded."""

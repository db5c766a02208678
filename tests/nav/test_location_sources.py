"""Location sources: gpsd over a real local socket, NMEA sentences, location.jsonl, GPX, track heading."""

from __future__ import annotations

import json
import socket
import threading
from datetime import datetime, timezone
from functools import reduce

import pytest

from glasses.errors import DeviceError, SessionError
from glasses.events import Location
from glasses.location.gpsd import GpsdClient
from glasses.location.heading import TrackHeading
from glasses.location.jsonl import read_locations, write_locations
from glasses.location.nmea import NmeaParser
from glasses.geo import offset


def nmea(body: str) -> str:
    return f"${body}*{reduce(lambda a, c: a ^ ord(c), body, 0):02X}"


def serve_once(lines: list[bytes]):
    """A one-connection gpsd stand-in on 127.0.0.1: waits for ?WATCH, then sends ``lines``."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    got = {}

    def run():
        conn, _ = srv.accept()
        got["watch"] = conn.recv(200)
        for line in lines:
            conn.sendall(line)
        conn.close()
        srv.close()

    threading.Thread(target=run, daemon=True).start()
    return srv.getsockname()[1], got


def test_gpsd_client_reads_tpv_and_att_reports():
    reports = [
        {"class": "VERSION", "release": "3.25"},
        {"class": "TPV", "mode": 1},                                         # no fix yet
        {"class": "ATT", "heading": 271.5},                                  # IMU heading
        {"class": "TPV", "mode": 3, "lat": 60.1699, "lon": 24.9384, "eph": 4.2},
        {"class": "TPV", "mode": 2, "lat": 60.17, "lon": 24.94, "epx": 3.0, "epy": 7.0},
        {"class": "TPV", "mode": 3, "lat": 95.0, "lon": 24.94},              # impossible: skipped
    ]
    lines = [json.dumps(r).encode() + b"\n" for r in reports]
    lines.insert(3, b"{not json\n")
    lines.insert(4, b"x" * 20000 + b"\n")                                    # a runaway line
    port, got = serve_once(lines)
    ticks = iter(range(1000, 100000, 1000))
    client = GpsdClient("127.0.0.1", port, clock_ms=lambda: next(ticks))
    fixes = list(client.fixes())
    client.close()
    assert got["watch"].startswith(b"?WATCH=")
    assert [(f.lat, f.lon, f.accuracy_m, f.heading_deg) for f in fixes] == [
        (60.1699, 24.9384, 4.2, 271.5), (60.17, 24.94, 7.0, 271.5)]
    assert fixes[0].t_ms < fixes[1].t_ms


def test_gpsd_not_running_is_a_device_error():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(DeviceError, match="gpsd"):
        GpsdClient("127.0.0.1", port, timeout_s=0.5).open()


def test_nmea_sentences_become_fixes():
    ticks = iter(range(0, 100000, 500))
    parser = NmeaParser(lambda: next(ticks))
    lines = [
        nmea("GPGGA,092750.000,6010.1940,N,02456.3040,E,1,8,1.03,61.7,M,55.2,M,,"),
        nmea("HEHDT,123.4,T"),
        nmea("GPGGA,092751.000,6010.1950,N,02456.3050,E,1,8,0.90,61.7,M,55.2,M,,"),
        nmea("GPGGA,092752.000,,,,,0,0,,,M,,M,,"),                         # no fix
        "$GPGGA,092753.000,6010.1960,N,02456.3060,E,1,8,0.90,61.7,M,55.2,M,,*00",  # bad checksum
        "garbage",
    ]
    fixes = list(parser.parse_lines(lines))
    assert len(fixes) == 2
    assert fixes[0].lat == pytest.approx(60 + 10.194 / 60) and fixes[0].lon == pytest.approx(24 + 56.304 / 60)
    assert fixes[0].accuracy_m == pytest.approx(1.03 * 5) and fixes[0].heading_deg is None
    assert fixes[1].heading_deg == pytest.approx(123.4)
    rmc_only = NmeaParser(lambda: 0)
    fix = rmc_only.feed(nmea("GPRMC,092750.000,A,6010.1940,N,02456.3040,E,0.5,90.0,020326,,,A"))
    assert fix is not None and fix.lat == pytest.approx(60.1699, abs=1e-4)


def test_location_jsonl_round_trip_and_errors(tmp_path):
    fixes = [Location(1000, 60.1699, 24.9384, 4.0, 90.0), Location(2000, 60.17, 24.94, 6.5, None)]
    path = tmp_path / "location.jsonl"
    write_locations(path, fixes)
    assert read_locations(path) == fixes
    for line, needle in [('{"t_ms": 5, "lat": 91, "lon": 24}', "lat"),
                         ('{"t_ms": -1, "lat": 60, "lon": 24}', "t_ms"),
                         ('{"t_ms": 5, "lat": 60, "lon": "east"}', "lon"),
                         ('[1, 2]', "JSON object"),
                         ('{"t_ms": 5, "lat": 60', "invalid JSON")]:
        path.write_text('{"t_ms": 0, "lat": 60, "lon": 24}\n' + line + "\n")
        with pytest.raises(SessionError) as err:
            read_locations(path)
        assert f"{path}:2" in str(err.value) and needle in str(err.value)


def test_session_records_and_replays_locations(tmp_path):
    from glasses.session import SessionWriter, load_session

    w = SessionWriter(tmp_path / "s", datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
    w.add_event({"t_ms": 1500, "type": "text", "text": "where am i"})
    w.add_location(Location(1000, 60.1699, 24.9384, 4.0, 90.0))
    w.add_location(Location(2000, 60.1700, 24.9385, 4.0, None))
    root = w.close()
    session = load_session(root)
    kinds = [type(e).__name__ for e in session.inputs()]
    assert kinds == ["Location", "TextInput", "Location"]
    assert session.duration_ms == 2000


def test_gpx_track(tmp_path):
    from glasses.location.gpx import read_gpx

    gpx = tmp_path / "walk.gpx"
    gpx.write_text("""<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
<trkpt lat="60.1699" lon="24.9384"><time>2026-03-02T09:00:00Z</time></trkpt>
<trkpt lat="60.1700" lon="24.9386"><time>2026-03-02T09:00:05Z</time></trkpt>
</trkseg></trk></gpx>""")
    fixes = read_gpx(gpx)
    assert [f.t_ms for f in fixes] == [0, 5000] and fixes[1].lat == pytest.approx(60.17)
    bad = tmp_path / "bad.gpx"
    bad.write_text("<gpx><trk>")
    from glasses.errors import GlassesError

    with pytest.raises(GlassesError, match="bad.gpx"):
        read_gpx(bad)


def test_heading_from_the_track_when_there_is_no_compass():
    h = TrackHeading()
    lat, lon = 60.17, 24.94
    assert h.update(Location(0, lat, lon, 3.0, None)).heading_deg is None
    east = offset(lat, lon, 90.0, 2.0)
    assert h.update(Location(1000, *east, 3.0, None)).heading_deg is None      # too little movement
    farther = offset(lat, lon, 90.0, 6.0)
    assert h.update(Location(2000, *farther, 3.0, None)).heading_deg == pytest.approx(90.0, abs=1)
    assert h.update(Location(3000, *farther, 3.0, None)).heading_deg == pytest.approx(90.0, abs=1)  # standing
    assert h.update(Location(4000, *farther, 3.0, 10.0)).heading_deg == 10.0    # a compass wins


def test_doctor_reports_the_fix_from_gpsd():
    from glasses.location.doctor import check_location
    from glasses.nav.config import NavConfig

    tpv = {"class": "TPV", "mode": 3, "lat": 60.1699, "lon": 24.9384, "eph": 4.0}
    port, _ = serve_once([json.dumps({"class": "ATT", "heading": 90.0}).encode() + b"\n",
                          json.dumps(tpv).encode() + b"\n"])
    row = check_location(NavConfig(gps="gpsd", gpsd=f"127.0.0.1:{port}"), wait_s=3)
    assert row.ok and "60.16990,24.93840" in row.detail and "heading 90" in row.detail
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    free = s.getsockname()[1]
    s.close()
    missing = check_location(NavConfig(gps="gpsd", gpsd=f"127.0.0.1:{free}"))
    assert not missing.ok and "gpsd" in missing.detail and missing.fix
    assert check_location(NavConfig(gps="auto", gpsd=f"127.0.0.1:{free}")).ok  # no receiver is not a fault

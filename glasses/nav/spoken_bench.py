"""Spoken destinations: how often "navigate to <a place on the map>", spoken, ends at that place.

The nav skill's benchmark (SkillSpec.bench, under ``skills.nav`` in ``glasses bench``). Thirty
places are drawn from the map itself (squares, parks, stations, museums, stops, cafes, hotels,
streets; ``destinations``), each said as "Navigate to <name>." in four voices: espeak-ng en-us,
en-gb and en-gb-scotland, and the natural Piper test voice (glasses.testvoice). The wearer stands
at a place 250-450 m from the destination (a few minutes' walk). Each clip is decoded twice by
the default Whisper model in command mode: with the command prompt alone (**baseline**) and with
the nav skill's hint (the names near the wearer) added (**hinted**). Then:

* ``baseline``: what the assistant did before: the parse, then the place finder by spelling.
* ``hinted_spelling``: the hinted transcript, found by spelling only.
* ``sound_only``: the baseline transcript, with the sound match ("Did you mean ...?").
* ``hinted``: both, as the assistant now does (the skill's own ``handle``).

A trial counts as right when the assistant walks to the place (``direct``) or asks "Did you mean
<the place>?" (``asked``: one yes away); a place with several names counts any of its names
within 50 m. ``wrong`` counts walks to, or questions about, another place.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import numpy as np

from glasses.events import Location
from glasses.geo import distances_m
from glasses.nav.names import normalize
from glasses.nav.sounds import speakable

VOICES = (("en-us", 160), ("en-gb", 140), ("en-gb-scotland", 150), ("piper", 160))
KINDS = ("square", "tram_stop", "park", "station", "museum", "theatre", "library", "place_of_worship", "cafe",
         "restaurant", "hotel", "street", "suburb", "pub", "memorial")
SAME_PLACE_M = 50.0
WALK_M = (250.0, 450.0)


def destinations(places, n: int = 30) -> list[int]:
    """``n`` places a wearer might ask for, drawn from the map the same way every time: the
    README's Kauppatori first, then one kind after another, each kind's names in a fixed
    pseudo-random order (sha1 of the name); names with digits or of fewer than 3 letters are skipped."""
    keys = places.key.tolist()
    chosen: list[int] = []
    seen: set[str] = set()

    def take(i: int) -> None:
        if keys[i] not in seen:
            seen.add(keys[i])
            chosen.append(i)

    if "kauppatori" in keys:
        take(keys.index("kauppatori"))
    by_kind = {k: sorted((i for i in np.nonzero(places.kind == k)[0].tolist() if speakable(keys[i])),
                         key=lambda i: hashlib.sha1(keys[i].encode()).hexdigest()) for k in KINDS}
    while len(chosen) < n and any(by_kind.values()):
        for kind in KINDS:
            while by_kind[kind] and keys[by_kind[kind][0]] in seen:
                by_kind[kind].pop(0)
            if by_kind[kind] and len(chosen) < n:
                take(by_kind[kind].pop(0))
    return chosen


def start_for(places, target: int) -> tuple[float, float]:
    """Where the wearer stands: the first place in the map 250-450 m from ``target``."""
    d = distances_m(float(places.lat[target]), float(places.lon[target]), places.lat, places.lon)
    ok = np.nonzero((d >= WALK_M[0]) & (d <= WALK_M[1]))[0]
    i = int(ok[0]) if len(ok) else int(np.argmax(d))
    return float(places.lat[i]), float(places.lon[i])


def outcome(said: str, places, target: int) -> str:
    """direct / asked (right place) / wrong / not_found, from the skill's reply text."""
    for prefix, kind in (("Walking to ", "direct"), ("I'll guide you to ", "direct"), ("Did you mean ", "asked")):
        if said.startswith(prefix):
            name = said[len(prefix):].split(":")[0].split(" as soon as")[0].rstrip("?.")
            return kind if same_place(name, places, target) else "wrong"
    return "not_found"


def same_place(name: str, places, target: int) -> bool:
    key = normalize(name)
    if key == places.key[target]:
        return True
    idx = np.nonzero(places.key == key)[0]
    if not len(idx):
        return False
    d = distances_m(float(places.lat[target]), float(places.lon[target]), places.lat[idx], places.lon[idx])
    return bool(np.min(d) <= SAME_PLACE_M)


def run_spoken_destinations(config: Any = None, n_places: int = 30, voices=VOICES,
                            progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """The measure (see the module docstring); the JSON-ready result."""
    from glasses.config import Config
    from glasses.nav.maps import open_map
    from glasses.nav.skill import NavSkill
    from glasses.runtime.build import build_parser
    from glasses.skills.base import Context
    from glasses.stt import whisper_models
    from glasses.stt.whisper import COMMAND_PROMPT, WhisperModelRunner

    config = config or Config()
    nav = config.nav
    navmap = open_map(nav.map, nav.maps_dir, nav.places, speed_kmh=nav.walk_speed_kmh)
    places = navmap.graph.places
    t0 = time.perf_counter()
    navmap.sounds  # built once per map (kept beside the graph): not part of a trial's time
    sounds_build_s = time.perf_counter() - t0
    parser = build_parser()
    model = config.stt.whisper_model or whisper_models.locate_whisper(config.stt.whisper)
    runner = WhisperModelRunner(model, threads=config.stt.threads, beam_size=config.stt.beam_size,
                                prompt=COMMAND_PROMPT)
    skill = NavSkill(nav, lambda: navmap)
    targets = destinations(places, n_places)
    ctx = Context(now=datetime(2026, 3, 3, 10, 0, tzinfo=timezone.utc), t_ms=0)
    columns = ("baseline", "hinted_spelling", "sound_only", "hinted")
    per_voice: dict[str, Any] = {}
    decode_ms: dict[str, list[float]] = {"baseline": [], "hinted": []}
    total, done = len(targets) * len(voices), 0
    for voice, speed in voices:
        tally = {c: {"direct": 0, "asked": 0, "wrong": 0, "not_found": 0} for c in columns}
        heard_rows = []
        for target in targets:
            name = str(places.name[target])
            lat, lon = start_for(places, target)
            skill.fix, skill.trip, skill.pending = None, None, None
            skill.locate(Location(0, lat, lon), ctx)
            hint = skill.spoken_hint()
            audio = synthesize(f"Navigate to {name}.", voice, speed)
            texts = {}
            for label, h in (("baseline", ""), ("hinted", hint)):
                t = time.perf_counter()
                texts[label] = runner.transcribe(audio, h)
                decode_ms[label].append((time.perf_counter() - t) * 1000)
            for column in columns:
                text = texts["hinted" if column.startswith("hinted") else "baseline"]
                by_sound = column in ("sound_only", "hinted")
                said = _reply(parser, skill, navmap, text, (lat, lon), by_sound, ctx)
                tally[column][outcome(said, places, target)] += 1
            heard_rows.append({"place": name, "baseline": texts["baseline"], "hinted": texts["hinted"]})
            done += 1
            if progress is not None:
                progress(done, total)
        n = len(targets)
        per_voice[voice] = {c: {**tally[c], "accuracy": round((tally[c]["direct"] + tally[c]["asked"]) / n, 3)}
                            for c in columns}
        per_voice[voice]["heard"] = heard_rows
    summary = {c: round(float(np.mean([per_voice[v][c]["accuracy"] for v, _ in voices])), 3) for c in columns}
    return {
        "places": len(targets), "voices": [v for v, _ in voices], "accuracy_by_voice": {
            v: {c: per_voice[v][c]["accuracy"] for c in columns} for v, _ in voices},
        "mean_accuracy": summary, "by_voice": per_voice,
        "decode_ms_median": {k: round(float(np.median(v)), 1) for k, v in decode_ms.items() if v},
        "sounds_index_build_s": round(sounds_build_s, 2),
        "method": "glasses/nav/spoken_bench.py: 'Navigate to <place>.' per voice, Whisper with and without the "
                  "hint of names near the wearer; right = walked to or asked about the place",
    }


_piper: list = []


def synthesize(text: str, voice: str, speed: int) -> np.ndarray:
    """``text`` in an espeak-ng voice, or the Piper test voice ("piper"), int16 at 16 kHz (as
    make-session speaks; not imported from glasses.scriptgen, which imports this package)."""
    from glasses.audio import read_wav

    if voice == "piper":
        from glasses.testvoice import PiperTestVoice

        if not _piper:
            _piper.append(PiperTestVoice.load())
        return _piper[0].synthesize(text, speed=speed / 160)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "line.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(out), text], check=True,
                       capture_output=True)
        return read_wav(out)


def _reply(parser, skill, navmap, text: str, near, by_sound: bool, ctx) -> str:
    """What the skill answers to ``text`` (by_sound: as it now does; else the spelling lookup only)."""
    intent = parser.parse(text)
    if intent is None or intent.name != "navigate_to":
        return ""
    if by_sound:
        return skill.handle(intent, ctx).text
    what = intent.slots.get("destination", "")
    try:
        place = navmap.finder.lookup(what, near)
    except Exception:  # noqa: BLE001 - home/work with none saved: not found
        return ""
    return f"Walking to {place.name}." if place is not None else ""


def bench(config: Any, quick: bool) -> dict[str, Any]:
    """SkillSpec.bench: quick (about 10 s, so --quick stays near a minute): 5 places in the four
    voices; else 30 (about a minute)."""
    return {"spoken_destinations": run_spoken_destinations(config, n_places=5 if quick else 30)}

"""Captions and translation (issue 12), measured in one process so its RSS is the whole
assistant with the multilingual model loaded:

* **caption delay**: a conversation (espeak-ng voices, known line ends) is fed through the
  whole assistant *in real time* with captions on and the worker decoding live; delay is the
  session time a line lands on the HUD minus the true end of the spoken line it captions;
* **caption WER** on those lines (their text is known), and **slot-phrase recall** of English
  captions on the real coffee-order clips (the set has slot labels, no full transcripts, so a
  WER cannot be computed on it);
* **translation**: time per phrase and keyword accuracy on traveller phrases synthesized in
  French, Spanish, German and Italian (language detected, as in "what are they saying");
* **RSS** peak with captions on, and after the model is unloaded.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from glasses.benchmarks.common import pct, peak_rss_mb

# (voice, text): people around the wearer
CONVERSATION = (
    ("en-us", "Excuse me, is this the right platform for the airport train?"),
    ("en-gb", "Yes, it leaves in about ten minutes."),
    ("en-us+f3", "Do I need to buy a ticket before I get on?"),
    ("en-gb", "You can pay on the train with a card."),
    ("en-us", "Great, thank you so much for your help."),
    ("en-us+f3", "The museum is closed on Mondays but open late on Fridays."),
    ("en-gb", "Turn left at the bridge and walk for five minutes."),
    ("en-us", "Our special today is tomato soup with fresh bread."),
    ("en-us+f3", "Could you speak a little slower please?"),
    ("en-gb", "The meeting starts at half past two in room four."),
    ("en-us", "I think it is going to rain this afternoon."),
    ("en-us+f3", "Please keep your bags with you at all times."),
)

# (voice, text, English keywords: the share found is the accuracy); a traveller's phrases
TRANSLATION = (
    ("fr", "Où est la gare, s'il vous plaît?", ("station",)),
    ("fr", "Je voudrais un café, s'il vous plaît.", ("coffee",)),
    ("fr", "Merci beaucoup, au revoir.", ("thank",)),
    ("fr", "Le musée est fermé aujourd'hui.", ("museum", "closed")),
    ("fr", "Ça coûte dix euros.", ("ten", "euro")),
    ("es", "¿Dónde está la estación?", ("station",)),
    ("es", "Buenos días, ¿cómo está usted?", ("morning", "how are you")),
    ("es", "La cuenta, por favor.", ("bill", "check")),
    ("es", "Gire a la izquierda en el semáforo.", ("left",)),
    ("es", "Son cinco euros.", ("five", "euro")),
    ("de", "Wo ist der Bahnhof?", ("station",)),
    ("de", "Das kostet zwanzig Euro.", ("twenty", "euro")),
    ("de", "Vielen Dank für Ihre Hilfe.", ("thank", "help")),
    ("it", "Dov'è il bagno?", ("bathroom", "toilet", "restroom")),
    ("it", "Il treno parte alle otto.", ("train", "eight")),
)


QUICK_LINES = 4        # --quick: the first 4 conversation lines (fed in real time: the section's floor)
QUICK_EVERY_CLIP = 8   # --quick: every 8th coffee-order clip (16 of 124) for the captions' recall


def wer(ref: list[str], hyp: list[str]) -> tuple[int, int]:
    """(edits, reference words): word-level Levenshtein distance."""
    d = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, d[0] = d[0], i
        for j, h in enumerate(hyp, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r != h))
    return d[len(hyp)], len(ref)


def _conversation(quick: bool) -> tuple[np.ndarray, list[tuple[int, int, str]]]:
    from glasses.scriptgen import synthesize

    lines = CONVERSATION[:QUICK_LINES] if quick else CONVERSATION
    track: list[np.ndarray] = [np.zeros(16 * 2500, np.int16)]   # "start captions" at 0.3 s, then quiet
    spans, t = [], 2500
    for voice, text in lines:
        pcm = synthesize(text, voice, 155)
        spans.append((t, t + pcm.size // 16, text))
        track += [pcm, np.zeros(16 * 1800, np.int16)]
        t += pcm.size // 16 + 1800
    track.append(np.zeros(16 * 1500, np.int16))
    audio = np.concatenate(track)
    rng = np.random.default_rng(3)
    audio = np.clip(audio + rng.normal(0, 32768 * 10 ** (-55 / 20), audio.size), -32768, 32767).astype(np.int16)
    return audio, spans


def caption_delay(config, quick: bool) -> dict[str, Any]:
    """The whole assistant, fed in real time, captions decoded live on the worker."""
    from glasses.benchmarks.real_speech import words
    from glasses.captions.events import Caption
    from glasses.captions.skill import CaptionsSkill
    from glasses.captions.worker import CaptionWorker
    from glasses.devices.speaker import RecordingSpeaker
    from glasses.events import AudioChunk, TextInput
    from glasses.runtime.build import build

    audio, spans = _conversation(quick)
    tz = timezone.utc
    with tempfile.TemporaryDirectory(prefix="glasses-bench-captions-") as tmp:
        built = build(config, origin=datetime(2026, 3, 3, 14, 0, tzinfo=tz), tz=tz, speaker=RecordingSpeaker(),
                      replay=True, data_dir=Path(tmp))
        try:
            skill = next(s for s in built.skills if isinstance(s, CaptionsSkill))
            skill.worker = CaptionWorker(skill.worker.slot, wait=False)   # live: decode on the worker
            pipeline = built.pipeline
            t_load = time.perf_counter()
            skill.worker.slot.get(0)            # the load is timed apart from the delays
            load_s = time.perf_counter() - t_load
            events = list(pipeline.process(TextInput(300, "start captions")))
            chunk = 16 * 80
            start = time.monotonic()
            for i in range(0, audio.size - chunk + 1, chunk):
                t_ms = i // 16
                delay = start + t_ms / 1000 - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                events += pipeline.process(AudioChunk(t_ms, audio[i:i + chunk].tobytes()))
            rss_on = peak_rss_mb()
            events += pipeline.finish(audio.size // 16)
            captions = [e for e in events if isinstance(e, Caption)]
            delays, from_vad, edits, ref_words, matched = [], [], 0, 0, set()
            for c in captions:
                span = min(spans, key=lambda s: abs(s[1] - c.end_ms))
                matched.add(span)
                delays.append(c.t_ms - span[1])
                from_vad.append(c.t_ms - c.end_ms)
            for span in spans:
                hyp = " ".join(c.text for c in captions if min(spans, key=lambda s: abs(s[1] - c.end_ms)) == span)
                e, n = wer(words(span[2]), words(hyp))
                edits, ref_words = edits + e, ref_words + n
            skill.worker.slot.unload_if_quiet(10 ** 9)
            skill.close()
        finally:
            built.close()
    return {
        "lines_spoken": len(spans), "lines_captioned": len(matched), "caption_events": len(captions),
        "delay_ms": {"p50": pct(delays, 50), "p95": pct(delays, 95), "max": max(delays) if delays else None},
        "delay_from_vad_end_ms": {"p50": pct(from_vad, 50), "p95": pct(from_vad, 95)},
        "wer": round(edits / ref_words, 3) if ref_words else None,
        "model_load_s": round(load_s, 2),
        "rss_mb_captions_on": rss_on,
        "rss_mb_after_unload": round(_current_rss_mb(), 1),
        "examples": [c.text for c in captions[:4]],
    }


def _current_rss_mb() -> float:
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def translation(runner, languages: tuple[str, ...], quick: bool) -> dict[str, Any]:
    from glasses.captions.worker import ENGLISH_AT_LEAST
    from glasses.scriptgen import synthesize

    phrases = TRANSLATION[::2] if quick else TRANSLATION
    ms, hits, detected, given_hits, examples = [], 0, 0, 0, []
    runner.decode(synthesize("Bonjour.", "fr", 140), task="translate", languages=languages)  # warm-up
    for voice, text, keys in phrases:
        audio = synthesize(text, voice, 140)
        t0 = time.perf_counter()
        english, language = runner.decode(audio, task="translate", languages=languages,
                                          english_at_least=ENGLISH_AT_LEAST)
        ms.append((time.perf_counter() - t0) * 1000)
        ok = any(k in english.lower() for k in keys)
        hits += ok
        detected += language == voice
        given, _ = runner.decode(audio, task="translate", language=voice)   # "translate from French"
        given_hits += any(k in given.lower() for k in keys)
        examples.append({"said": text, "language": language, "english": english, "ok": ok})
    return {"phrases": len(phrases), "keyword_accuracy": round(hits / len(phrases), 3),
            "language_detected": round(detected / len(phrases), 3),
            "keyword_accuracy_language_given": round(given_hits / len(phrases), 3),
            "ms_per_phrase": {"p50": pct(ms, 50), "p95": pct(ms, 95)}, "examples": examples,
            "voice": "espeak-ng (robotic; real voices translate better)"}


def run_captions(config, quick: bool = False) -> dict[str, Any]:
    from glasses.benchmarks.real_speech import coffee_dir, slot_recall
    from glasses.captions.build import model_loader

    out: dict[str, Any] = {"conversation": caption_delay(config, quick)}
    runner = model_loader(config.captions)()
    languages = config.captions.languages
    out["translation"] = translation(runner, languages, quick)
    folder = coffee_dir()
    if folder is None:
        out["coffee_orders"] = {"error": "coffee-order clips not found (set GLASSES_SPEECH_DATA)"}
    else:
        out["coffee_orders"] = slot_recall(lambda a: runner.decode(a, languages=languages)[0], folder,
                                           every=QUICK_EVERY_CLIP if quick else 1)
        out["coffee_orders"]["note"] = "English captions of real speech: slot-phrase recall (no full transcripts)"
    return out


def captions_targets(section: dict[str, Any]) -> dict[str, Any]:
    """Issue 12's targets: caption delay p50 <= 1.5 s; RSS <= 800 MB with captions on."""
    from glasses.benchmarks.common import target

    conv = section.get("conversation") or {}
    return {
        "caption_delay_p50_ms": target((conv.get("delay_ms") or {}).get("p50"), 1500, unit="ms"),
        "captions_rss_mb": target(section.get("process_peak_rss_mb"), 800, unit="MB"),
    }

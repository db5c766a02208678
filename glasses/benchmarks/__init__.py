"""The pieces of ``glasses bench`` (glasses/bench.py runs them; docs/bench.md explains them).

common     percentiles, machine info, the bundled spoken commands, child processes
speech     spoken commands through the whole assistant: end of speech -> first audio, accuracy
stt        speech-recognition real-time factor per engine and mode (and Korean vosk)
listening  wake word + voice activity CPU per second of audio
memory     peak RSS of the voice loop, and with OCR loaded
features   the feature benchmarks (day, look, HUD, emulator) and look request -> first audio
briefing   the briefing's request -> first audio, whole answer vs sentence by sentence
child      ``python -m glasses.benchmarks.child NAME ARGS``: one measure in a fresh process
"""

"""Live captions and translation into English (issue 12).

What people around the wearer say is cut into segments by voice activity, each segment is
transcribed (or translated into English) by the multilingual Whisper base model on a worker,
and the lines land on the HUD as ``Caption`` events. See docs/captions.md.

Modules: ``events`` (typed events), ``segmenter`` (pure VAD segmentation), ``model`` (load on
demand, unload after a quiet minute), ``worker`` (decodes off the audio loop), ``skill``
(intents, the mode itself, saving a conversation), ``transcript`` (the saved text),
``languages`` (names), ``config``, ``build`` (wiring), ``cli`` (``glasses transcribe
--translate/--captions``).
"""

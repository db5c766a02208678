"""The assistant: the state machine (machine.py) and the parts it holds (listening, speech,
looking, unasked), the workers that run blocking work off the audio loop, the guard."""

from glasses.assistant.machine import Assistant
from glasses.assistant.parts import Parts

__all__ = ["Assistant", "Parts"]

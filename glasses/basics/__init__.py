"""The basics skill: the time, the date, help, stop and "say that again" (spec.py declares it)."""

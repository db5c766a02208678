"""How distances, durations and directions are said (pure)."""

from __future__ import annotations


def spoken_distance(m: float) -> str:
    """'40 metres', '350 metres', '1.2 kilometres': rounded the way a person would say them."""
    if m < 5:
        return "a few metres"
    if m < 100:
        return f"{int(round(m / 10.0) * 10) or 10} metres"
    if m < 1000:
        return f"{int(round(m / 50.0) * 50)} metres"
    km = round(m / 1000.0, 1)
    return f"{km:g} kilometre" + ("" if km == 1 else "s")


def spoken_minutes(s: float) -> str:
    minutes = max(1, round(s / 60))
    if minutes < 60:
        return f"{minutes} minute" + ("" if minutes == 1 else "s")
    h, m = divmod(minutes, 60)
    hours = f"{h} hour" + ("" if h == 1 else "s")
    return hours if not m else f"{hours} {m} minute" + ("" if m == 1 else "s")

"""At speed (issue 20, item 7: 20 km/h in the emulator) the turn cues lead by time: a "now" cue
is said before the corner, not after it, on a real route of the bundled map."""

from __future__ import annotations

import pytest

from glasses.nav.guidance import AT_TURN_M, Guidance
from glasses.scriptgen import walk_fixes


@pytest.mark.parametrize("kmh", [20.0, 5.0])
def test_now_cues_come_early_enough_to_be_said_before_the_turn(helsinki, kmh):
    route = helsinki.plan_between("Rautatientori", "Kauppatori")
    fab = next(s for s in route.steps if s.instruction == "Turn right onto Fabianinkatu")
    assert fab.at_m > 0
    g = Guidance(route)
    start = (float(route.lat[0]), float(route.lon[0]))
    fixes = walk_fixes(helsinki, start, "Kauppatori", kmh / 3.6, 0, 1000)
    lead_s: dict[str, float] = {}
    for fix in fixes:
        result = g.update(fix)
        for text in result.say:
            if " now" in text:
                to_turn = next(s for s in route.steps if s.street and s.street in text and s.at_m >= g.along - 2).at_m \
                    - g.along
                lead_s[text] = to_turn / (kmh / 3.6)
                if kmh < 6:
                    assert to_turn <= AT_TURN_M + 1  # walking: the metres rule as before
    assert "Turn right now onto Fabianinkatu." in lead_s
    if kmh > 6:  # "Turn right now onto Fabianinkatu." is about 2.2 s of speech
        assert min(lead_s.values()) >= 2.5, lead_s

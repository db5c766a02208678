"""The skill registry: a feature is one package found through the ``glasses.skills`` entry point.

tests/skill_package holds a separately "installed" skill (a coin flip: its package and one
entry-point line in a dist-info folder, as pip leaves it); putting that folder on PYTHONPATH
installs it for a subprocess. Nothing in the glasses package knows about it, yet it is heard,
answered, shown on the HUD, configured, listed by doctor and benchmarked.

The architecture rules are checked on the source: no module outside a skill's package spells one
of its intent names, and no two packages import each other.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest

from glasses.skills.contract import Services, SkillSpec
from glasses.skills.registry import from_specs, installed

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tests" / "skill_package"
COIN = {"PYTHONPATH": str(PACKAGE) + os.pathsep + os.environ.get("PYTHONPATH", "")}
GLASSES = ROOT / "glasses"


def test_the_features_are_found_through_entry_points():
    names = [s.name for s in installed().specs]
    assert names == ["basics", "day", "look", "capture", "memory", "nav", "captions", "ask"]
    registry = installed()
    owned = {s.name: set(registry.owned_intents(s)) for s in registry.specs}
    assert {"start_timer", "pause_timer"} <= owned["day"] and "identify_product" in owned["look"]
    every = [i for names in owned.values() for i in names]
    assert len(every) == len(set(every))  # each intent has exactly one owner
    assert registry.side_effects() >= {"start_timer", "identify_product", "navigate_to"}
    assert registry.gesture("long_press") in owned["look"]


def test_a_bad_registry_is_one_clear_error():
    spec = SkillSpec(name="x", build=lambda services: None)
    with pytest.raises(Exception, match="two skills are named 'x'"):
        from_specs([spec, spec])
    with pytest.raises(Exception, match="not a SkillSpec"):
        from_specs([object()])  # type: ignore[list-item]


def test_a_broken_skill_package_is_one_line_and_exit_2(tmp_path, glasses_cli):
    (tmp_path / "broken_skill.py").write_text("raise RuntimeError('half installed')\n")
    info = tmp_path / "broken_skill-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-skill\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[glasses.skills]\nbroken = broken_skill:SKILL\n")
    r = glasses_cli("ask", "what time is it", env={"PYTHONPATH": str(tmp_path)})
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "skill 'broken'" in r.stderr and "half installed" in r.stderr


def test_an_installed_skill_answers_and_shows_its_card(glasses_cli):
    r = glasses_cli("ask", "flip a coin", "--json", "--at", "2026-03-03T14:00:00+00:00", env=COIN)
    assert r.returncode == 0, r.stderr
    answer = json.loads(r.stdout)
    assert answer["intent"] == "flip_coin" and answer["reply"] in ("It's heads.", "It's tails.")
    listed = glasses_cli("config", env=COIN)
    assert "coin:  # the coin" in listed.stdout and "sides: [heads, tails]" in listed.stdout
    plain = glasses_cli("ask", "flip a coin", "--json", "--at", "2026-03-03T14:00:00+00:00")
    assert json.loads(plain.stdout)["intent"] != "flip_coin"  # without the package, no coin


def test_an_installed_skill_is_heard_in_a_replay_and_drawn_on_the_hud(make_session, glasses_cli):
    session = make_session({
        "started_at": "2026-03-03T14:00:00+00:00",
        "config": {"day": {"briefing_on_first_wake": False}},
        "lines": [{"at": 1.0, "button": "press"}, {"at": 1.3, "say": "flip a coin", "voice": "piper"}],
        "duration": 7.0,
    })
    r = glasses_cli("replay", str(session), "--json", env=COIN)
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    said = [e for e in events if e["type"] == "say"]
    assert [e["name"] for e in events if e["type"] == "intent"] == ["flip_coin"]
    assert said and said[0]["card"]["kind"] == "coin" and said[0]["card"]["side"] in ("heads", "tails")
    shown = [e["card"] for e in events if e["type"] == "hud" and e.get("card")]
    assert shown[-1]["kind"] == "coin" and shown[-1]["lines"] == [said[0]["card"]["side"].capitalize()]
    again = glasses_cli("replay", str(session), "--json", env=COIN)
    assert [e for e in map(json.loads, again.stdout.splitlines()) if e["type"] == "say"] == said  # deterministic


def test_an_installed_skill_is_in_doctor_and_the_bench(glasses_cli):
    doctor = glasses_cli("doctor", env=COIN)
    assert "coin" in doctor.stdout and "2 sides" in doctor.stdout
    bench = glasses_cli("bench", "--quick", "--only", "skills", env=COIN)
    assert bench.returncode == 0, bench.stderr
    coin = json.loads(bench.stdout)["skills"]["coin"]
    assert coin["flips"] == 100 and 0.2 < coin["heads_share"] < 0.8
    assert "bench: skills:" in bench.stderr  # each section is printed as it finishes
    bad = glasses_cli("bench", "--only", "nonsense")
    assert bad.returncode == 2 and "unknown section 'nonsense'" in bad.stderr


def test_a_skill_gets_its_peers_by_what_they_do_not_by_name(tmp_path):
    """Look and shop adds to whatever skill keeps lists; navigation reads whatever calendar there is."""
    from datetime import datetime, timezone

    from glasses.asking import answer_text
    from glasses.config import Config
    from glasses.runtime.build import build_text_assistant, close_skills

    assistant = build_text_assistant(Config(), origin=datetime(2026, 3, 3, 14, tzinfo=timezone.utc),
                                     sealed_in=tmp_path)
    try:
        look = next(s for s in assistant.p.router.skills if type(s).__name__ == "LookSkill")
        reply = look.add_to_list("oat drink", assistant._context(0))
        assert reply.text == "Added oat drink to your shopping list."
        assert "oat drink" in answer_text(assistant, "what's on my shopping list", 1000)["reply"]
    finally:
        close_skills(assistant)


# --- the architecture, checked on the source -----------------------------------------------------

def _modules():
    for path in sorted(GLASSES.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        yield ".".join(rel.parts).removesuffix(".__init__"), path


def _package_of(module: str) -> str:
    """glasses.day.skill -> glasses.day; glasses.cli -> glasses.cli (a top-level module is its own)."""
    parts = module.split(".")
    return ".".join(parts[:2])


def test_no_module_outside_a_skill_spells_its_intent_names():
    """Intent names with an underscore (a single-word name such as "stop" is also just a word);
    benchmarks are exempt: they measure the skills by their intents."""
    registry = installed()
    owner = {}
    for spec in registry.specs:
        package = spec.build.__module__.rsplit(".", 1)[0]
        for name in registry.owned_intents(spec):
            owner[name] = package
    found = []
    for module, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "_" in node.value \
                    and node.value in owner:
                if not module.startswith((owner[node.value], "glasses.benchmarks", "glasses.bench")):
                    found.append(f"{module}:{node.lineno} {node.value!r} (owned by {owner[node.value]})")
    assert found == []


def test_no_two_packages_import_each_other():
    edges: dict[str, set[str]] = {}
    for module, path in _modules():
        src = _package_of(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else []
            for name in names:
                if name.startswith("glasses.") and _package_of(name) != src:
                    edges.setdefault(src, set()).add(_package_of(name))
    cycles = sorted({tuple(sorted((a, b))) for a, targets in edges.items() for b in targets if a in edges.get(b, ())})
    assert cycles == []

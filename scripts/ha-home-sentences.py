"""Write Home Assistant's own test sentences for its home commands (lights, covers, fans, climate,
media, volume, vacuum, lawn mower, state questions, broadcast, greeting) in French, Spanish and
German to tests/data/ha-home-sentences/<lang>.yaml, for translation's home commands
(glasses/captions/home_commands.py; tests/captions/test_home_commands.py).

    .venv/bin/python scripts/ha-home-sentences.py GIT_DIR [COMMIT]

GIT_DIR: a clone of github.com/OHF-Voice/intents (a bare one will do). The sentences are CC BY 4.0
(c) the Home Assistant authors, used unmodified; each file names the commit it came from. A block
whose sentences carry a delayed command ("in 5 minutes ...") is left out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "ha-home-sentences"
GLOSSES = ROOT / "glasses" / "captions" / "home_glosses.yaml"
LANGUAGES = ("fr", "es", "de")


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True).stdout


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[4].strip(), file=sys.stderr)
        return 2
    repo = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else git(repo, "rev-parse", "HEAD").strip()
    intents = set(yaml.safe_load(GLOSSES.read_text(encoding="utf-8")))
    OUT.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        rows = []
        for path in git(repo, "ls-tree", "-r", "--name-only", commit, f"tests/{language}/").split():
            intent = path.split("/")[2]
            if intent not in intents or not path.endswith(".yaml"):
                continue
            data = yaml.safe_load(git(repo, "show", f"{commit}:{path}")) or {}
            for test in data.get("tests") or ():
                slots = test.get("slots") or (test.get("intent") or {}).get("slots") or {}
                if "conversation_command" in slots or "delay_seconds" in slots:
                    continue
                for sentence in test.get("sentences") or ():
                    rows.append({"text": str(sentence), "intent": intent, "block": Path(path).stem,
                                 "slots": {str(k): v for k, v in slots.items()}})
        header = (f"# Home Assistant's own test sentences ({language}) for its home commands, from\n"
                  f"# github.com/OHF-Voice/intents tests/{language}/ (commit {commit}),\n"
                  f"# CC BY 4.0 (c) the Home Assistant authors. Written by scripts/ha-home-sentences.py.\n")
        (OUT / f"{language}.yaml").write_text(header + yaml.safe_dump({"sentences": rows}, allow_unicode=True,
                                                                      sort_keys=False, width=120), encoding="utf-8")
        print(f"{language}: {len(rows)} sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

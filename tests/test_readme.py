"""The README opens with the two set-up commands, and CI runs the second one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)


def test_readme_has_install_and_test_commands() -> None:
    launch, test = _readme_commands()[:2]
    assert launch.endswith(".venv/bin/isconf --demo")
    assert "pip install -e '.[test]'" in test and test.endswith("python -m pytest")
    for command in (launch, test):
        assert "\n" not in command, "each set-up command is one line"


def test_ci_runs_the_readme_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in ci_lines if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == [_readme_commands()[1]]

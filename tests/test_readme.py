"""The README opens with the two set-up commands, and CI runs the second one verbatim."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)


def test_readme_has_install_and_test_commands() -> None:
    launch, test = _readme_commands()[:2]
    assert launch.endswith(".venv/bin/isconf --demo")
    assert "pip install -e '.[test]'" in test and test.endswith("python -m pytest -n auto --dist worksteal")
    for command in (launch, test):
        assert "\n" not in command, "each set-up command is one line"


def test_ci_runs_the_readme_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in ci_lines if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == [_readme_commands()[1]]


def test_readme_says_how_to_run_isconf_from_a_new_shell() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after_setup = text.split("`.ci/run` runs exactly", 1)[1]
    assert "`.venv/bin/isconf …`" in after_setup and "`. .venv/bin/activate`" in after_setup


def test_readme_lists_every_summary_option_and_its_passphrase_variable() -> None:
    from isconf import cli

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in text.splitlines() if line.startswith("| `isconf summary ")]
    [commands] = [a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    summary = commands.choices["summary"]
    for action in summary._actions:
        if action.option_strings and action.dest not in ("help", "db"):
            assert any(f"`{o}" in row or f" {o} " in row or f"[{o} " in row for o in action.option_strings), (
                action.option_strings
            )
    assert "`$ISCONF_P12_PASSPHRASE`" in row

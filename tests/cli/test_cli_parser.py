"""The app's start is parsed by the ``gui`` command's parser alone (``isconf.cli_parser``): it
must read every start as the whole parser does, and leave everything else to the whole parser."""

from __future__ import annotations

import argparse

import pytest

from isconf import cli_parser

STARTS = (
    [],
    ["--db", "cases.db"],
    ["--db=cases.db", "--demo"],
    ["--dem"],  # an abbreviation, as the whole parser allows
    ["gui"],
    ["--db", "cases.db", "gui", "--db", "other.db"],
    ["gui", "--screenshot", "out.png", "--view", "checklist", "--case", "IS-1", "--size", "1366x768"],
    ["gui", "--scale", "150%", "--check-layout", "--meeting", "3", "--demo"],
)


@pytest.mark.parametrize("argv", STARTS)
def test_a_start_of_the_app_reads_as_the_whole_parser_reads_it(argv: list[str]) -> None:
    assert cli_parser.parse(argv) == cli_parser.build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [["list"], ["--db", "gui", "list"], ["export", "IS-1", "--deidentify"], ["meeting", "list"]],
)
def test_any_other_command_goes_to_the_whole_parser(argv: list[str]) -> None:
    args = cli_parser.parse(argv)
    assert args == cli_parser.build_parser().parse_args(argv)
    assert args.command != "gui"


@pytest.mark.parametrize("argv", [["--help"], ["--he"], ["--version"], ["gui", "-h"], ["-h", "gui"]])
def test_help_and_version_come_from_the_whole_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _both_exit_alike(argv, capsys, code=0)
    assert expected.out  # the whole parser's words, printed once


@pytest.mark.parametrize(
    "argv", [["gui", "--bogus"], ["--bogus"], ["gui", "--view", "nope"], ["gui", "--size", "9x9"], ["nosuch"]]
)
def test_a_mistake_is_worded_by_the_whole_parser(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    expected = _both_exit_alike(argv, capsys, code=cli_parser.EXIT_USAGE)
    assert expected.err.startswith("usage: isconf")


def test_the_app_only_parser_knows_one_command() -> None:
    [commands] = [
        a
        for a in cli_parser.build_parser(app_only=True)._actions
        if isinstance(a, argparse._SubParsersAction)
    ]
    assert list(commands.choices) == ["gui"]


def _both_exit_alike(
    argv: list[str], capsys: pytest.CaptureFixture[str], *, code: int
) -> pytest.CaptureResult[str]:
    """The whole parser and ``cli_parser.parse`` both exit with ``code`` and print the same words."""
    with pytest.raises(SystemExit) as whole:
        cli_parser.build_parser().parse_args(argv)
    expected = capsys.readouterr()
    with pytest.raises(SystemExit) as parsed:
        cli_parser.parse(argv)
    assert capsys.readouterr() == expected
    assert parsed.value.code == whole.value.code == code
    return expected

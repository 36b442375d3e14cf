"""How a subcommand prints a service's refusal: one line a problem, naming the flag it is about."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the case file's schema is not on the app's start path
    from isconf.schema import Problem


def print_problems(problems: Iterable[Problem], flags: Mapping[str, str]) -> None:
    """``isconf: error: FLAG: message`` on standard error; a path without a flag is shown as is."""
    for problem in problems:
        print(f"isconf: error: {flags.get(problem.path, problem.path)}: {problem.message}", file=sys.stderr)

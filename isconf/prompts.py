"""Asking for a password or passphrase on the command line.

At a terminal the secret is typed without echo. With no terminal at all (a script, a
service, standard input from ``/dev/null``) there is nobody to prompt: one line of
standard input is read instead, so a script may pipe the secret in, and an empty input
is ``NoAnswer`` (as is Ctrl+D at the terminal) for the command to report in one line.
"""

from __future__ import annotations

import getpass
import os
import sys


class NoAnswer(Exception):
    """Input ended before a secret was typed (Ctrl+D, or standard input empty with no terminal)."""


def ask_secret(prompt: str) -> str:
    """The secret typed after ``prompt``; raises ``NoAnswer`` when input ends first."""
    try:
        if has_terminal():
            return getpass.getpass(prompt)
        return _line_of_standard_input()
    except EOFError:
        raise NoAnswer from None


def has_terminal() -> bool:
    """A terminal to prompt on: the process's controlling terminal, or standard input itself.

    ``getpass`` prompts on the controlling terminal even when standard input is redirected;
    without one it would fall back to standard input with a warning about echo.
    """
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return sys.stdin is not None and sys.stdin.isatty()
    os.close(fd)
    return True


def _line_of_standard_input() -> str:
    """One line of standard input without its line break; ``EOFError`` when there is none."""
    if sys.stdin is None:
        raise EOFError
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.removesuffix("\n").removesuffix("\r")

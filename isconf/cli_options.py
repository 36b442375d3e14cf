"""The ``--db`` option that ``isconf`` and each of its subcommands take, worded once, and the
parsers of the options' values (a date, a window size, a screen scaling)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

DB_HELP = "SQLite file or database URL (default: $ISCONF_DB, else the user data folder)"


def add_db_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    """``--db PATH_OR_URL``, listed in the parser's ``-h`` (a subcommand's value, given after
    its name, must not be reset by the parser's default: hence ``SUPPRESS``)."""
    parser.add_argument("--db", default=default, metavar="PATH_OR_URL", help=DB_HELP)


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def parse_size(text: str) -> tuple[int, int]:
    """A window size option, ``WIDTHxHEIGHT``."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, for example 1280x800") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"{text!r} is outside 320x240 … 7680x4320")
    return width, height


def parse_scale(text: str) -> float:
    """A screen scaling option: ``1.5`` or ``150%``."""
    try:
        scale = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a scaling such as 1.5 or 150%") from None
    if not 0.5 <= scale <= 4:
        raise argparse.ArgumentTypeError(f"{text!r} is outside 0.5 … 4")
    return scale

"""The ``--db`` option that ``isconf`` and each of its subcommands take, worded once."""

from __future__ import annotations

import argparse
from typing import Any

DB_HELP = "SQLite file or database URL (default: $ISCONF_DB, else the user data folder)"


def add_db_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    """``--db PATH_OR_URL``, listed in the parser's ``-h`` (a subcommand's value, given after
    its name, must not be reset by the parser's default: hence ``SUPPRESS``)."""
    parser.add_argument("--db", default=default, metavar="PATH_OR_URL", help=DB_HELP)

"""Signing in on the command line (issue 21): once a database has team members, writes need one.

``ISCONF_USER`` names the member and ``ISCONF_PASSWORD`` proves it (else a prompt that does
not echo). Without ``ISCONF_USER`` a command still reads; a write is refused in one line
that says how to sign in. A database with no team member works as before: the audit trail
names ``ISCONF_USER``, else the operating-system login.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from isconf import prompts
from isconf.errors import Problem, ServiceError

if TYPE_CHECKING:
    from isconf.services import Services

USER_ENV = "ISCONF_USER"
PASSWORD_ENV = "ISCONF_PASSWORD"


def sign_in_from_environment(services: Services) -> None:
    """Sign ``ISCONF_USER`` in when the database has a team (a wrong password: ``ServiceError``;
    no answer at the prompt: ``prompts.NoAnswer``)."""
    name = os.environ.get(USER_ENV, "").strip()
    if not name or not services.team_exists():
        return
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        try:
            password = prompts.ask_secret(f"password for {name}: ")
        except prompts.NoAnswer:
            raise ServiceError(
                [
                    Problem(
                        "password",
                        f"none was typed (input ended); type it at a terminal or set {PASSWORD_ENV}",
                    )
                ]
            ) from None
    services.sign_in(name, password)

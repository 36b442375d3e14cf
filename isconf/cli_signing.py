"""``isconf user …`` and the sign-off subcommands of ``isconf meeting``.

- ``isconf user add NAME --role ROLE``, ``isconf user list``, ``isconf user reset NAME`` and
  ``isconf user access NAME ROLE`` (an administrator's: a member's role in isconf);
- ``isconf meeting sign MEETING --user NAME --meaning authored|reviewed|approved``;
- ``isconf meeting signers MEETING [NAME ...] [--chair]``, ``isconf meeting amend MEETING
  --reason TEXT`` and ``isconf meeting signatures MEETING [--json]``.

A password comes from ``ISCONF_PASSWORD`` when it is set (scripts, tests), else from a
prompt that does not echo it (asked twice for a new user; see ``isconf.prompts`` for no
terminal). It is never printed. A problem is one line naming the flag it concerns, as for
every ``isconf meeting`` command.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from isconf import prompts
from isconf.access.roles import ROLES
from isconf.cli_errors import print_problems
from isconf.cli_options import add_db_option
from isconf.meetings import vocab as meeting_vocab
from isconf.signing import vocab
from isconf.signing.passwords import same_name_key

if TYPE_CHECKING:
    from isconf.services import Services
    from isconf.signing.model import SignatureView, SigningState

PASSWORD_ENV = "ISCONF_PASSWORD"
NEW_PASSWORD_ENV = "ISCONF_NEW_PASSWORD"


# Which flag a service problem's path is about (merged into ``cli_meeting.FLAGS``).
FLAGS = {
    "user": "--user",
    "meaning": "--meaning",
    "password": "password",
    "reason": "--reason",
    "name": "NAME",
    "role": "--role",
    "access": "--access",
    "revision": "REVISION",
    "sha256": "--sha256",
}


class PasswordMismatch(Exception):
    """The two entries of a new password differ."""


def add_user_command(sub: Any) -> None:
    """``isconf user``: the people who can sign."""
    user = sub.add_parser("user", help="the people who sign meetings (isconf user -h)")
    inner = user.add_subparsers(dest="user_command", metavar="SUBCOMMAND", parser_class=type(user))
    inner.required = True
    p = inner.add_parser("add", help=f"add a user; the password from a prompt or ${PASSWORD_ENV}")
    p.add_argument("name", metavar="NAME", help="the printed name signatures show, e.g. 'Dr A Chair'")
    p.add_argument(
        "--role",
        required=True,
        metavar="ROLE",
        help="any words; usually a conference discipline, e.g. epileptologist, neurosurgeon, "
        "neuroradiologist, neuropsychologist (resources/conference_v1.json)",
    )
    p.add_argument(
        "--access",
        choices=ROLES,
        metavar="|".join(ROLES),
        help="what they may do in isconf (default: administrator for the first member, else clinician); "
        "once there is a member, only a signed-in administrator adds one",
    )
    p = inner.add_parser("reset", help=f"an administrator sets a member's new password (${NEW_PASSWORD_ENV})")
    p.add_argument("name", metavar="NAME", help="the member whose password is reset")
    p = inner.add_parser(
        "access", help="an administrator changes a member's role in isconf (the team keeps an administrator)"
    )
    p.add_argument("name", metavar="NAME", help="the member whose role changes")
    p.add_argument("access", choices=ROLES, metavar="|".join(ROLES), help="their new role in isconf")
    inner.add_parser("list", help="the users, by name")
    for parser in inner.choices.values():
        add_db_option(parser)


def add_meeting_commands(inner: Any, meeting_id: Callable[[str], int]) -> None:
    """The sign-off subcommands of ``isconf meeting`` (``meeting_id``: its MEETING parser)."""
    p = inner.add_parser("sign", help="sign a closed meeting (locks it once the required signers signed)")
    p.add_argument("meeting", type=meeting_id, metavar="MEETING")
    p.add_argument("--user", required=True, metavar="NAME", help="your user name (isconf user list)")
    p.add_argument(
        "--meaning",
        required=True,
        choices=vocab.codes(vocab.MEANING),
        metavar="|".join(vocab.codes(vocab.MEANING)),
        help="what your signature means: you authored, reviewed or approved the summary",
    )
    p.add_argument(
        "--sha256",
        metavar="HASH",
        help="the content SHA-256 you reviewed (whole, or its first 12+ characters, as "
        "isconf summary and isconf meeting signatures print it); nothing is signed if it changed",
    )

    p = inner.add_parser("signers", help="who must sign (default: the chair)")
    p.add_argument("meeting", type=meeting_id, metavar="MEETING")
    p.add_argument("names", nargs="*", metavar="NAME", help="user names; none (or --chair) for the chair")
    p.add_argument("--chair", action="store_true", help="back to the default: the chair signs")

    p = inner.add_parser("amend", help="open a new revision of a signed meeting, with the reason")
    p.add_argument("meeting", type=meeting_id, metavar="MEETING")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why the signed summary is amended")

    p = inner.add_parser("signatures", help="the sign-off: signatures, who is still required, revisions")
    p.add_argument("meeting", type=meeting_id, metavar="MEETING")
    p.add_argument("--json", action="store_true", help="print JSON")


def run_user(args: argparse.Namespace) -> int:
    from isconf.cli_signin import sign_in_from_environment
    from isconf.services import ServiceError, Services

    services = Services.open(args.db, create=args.user_command == "add")
    try:
        sign_in_from_environment(services)
        if args.user_command == "list":
            return _list_users(services)
        if args.user_command == "reset":
            services.reset_password(args.name, read_new_password(services, f"new password for {args.name}: "))
            print(f"reset the password of {args.name}")
            return 0
        if args.user_command == "access":
            before = services.set_access(args.name, args.access)
            print(f"{args.name}: {before or 'no role'} → {args.access}")
            return 0
        return _add_user(services, args)
    except PasswordMismatch:
        print("isconf: error: password: the two entries differ; nothing was saved", file=sys.stderr)
        return 1
    except prompts.NoAnswer:
        return no_password("nothing was saved")
    except ServiceError as exc:
        # ``isconf user access NAME ROLE`` takes the role as its second word, not --access.
        flags = {**FLAGS, "access": "ROLE", "user": "NAME"} if args.user_command == "access" else FLAGS
        print_problems(exc.problems, flags)
        return 1
    finally:
        services.close()


def _add_user(services: Services, args: argparse.Namespace) -> int:
    password = read_new_password(services, f"password for {args.name}: ")
    user = services.users.add_user(args.name, args.role, password, args.access)
    print(f"added user {user.name} ({user.role}; {user.access_role})")
    return 0


def _list_users(services: Services) -> int:
    users = services.users.list_users()
    if not users:
        print("no users (add one with: isconf user add NAME --role ROLE)")
    for user in users:
        print(
            f"{user.name}  ({user.role}; {user.access_role or 'no role'}; added {user.created_at:%Y-%m-%d})"
        )
    return 0


def read_new_password(services: Services, prompt: str) -> str:
    """A new member's (or a reset) password: ``ISCONF_NEW_PASSWORD``; for the first member, who
    creates the team, also ``ISCONF_PASSWORD`` as before; else a prompt asked twice. (Once a
    team exists ``ISCONF_PASSWORD`` is the signed-in administrator's, never the new member's.)"""
    given = os.environ.get(NEW_PASSWORD_ENV)
    if given is not None:
        return given
    if not services.team_exists():
        return read_password(prompt, confirm=True)
    first = prompts.ask_secret(prompt)
    if prompts.ask_secret("again: ") != first:
        raise PasswordMismatch
    return first


def read_password(prompt: str, *, confirm: bool = False) -> str:
    """``ISCONF_PASSWORD`` when set, else a prompt that does not echo (twice with ``confirm``)."""
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    first = prompts.ask_secret(prompt)
    if confirm and prompts.ask_secret("again: ") != first:
        raise PasswordMismatch
    return first


def no_password(consequence: str) -> int:
    """Input ended at the password prompt (Ctrl+D, or no terminal and nothing piped in)."""
    print(
        f"isconf: error: password: none was typed (input ended); type it at a terminal or set "
        f"{PASSWORD_ENV}; {consequence}",
        file=sys.stderr,
    )
    return 1


# --- isconf meeting sign | signers | amend | signatures --------------------------------------------


def _sign(services: Services, args: argparse.Namespace) -> int:
    # A meeting that cannot be signed is refused before a password is asked for (the
    # service words why); the password is then never read.
    can_sign = services.signing.state(args.meeting).can_sign
    try:
        password = read_password(f"password for {args.user}: ") if can_sign else ""
    except prompts.NoAnswer:
        return no_password("nothing was signed")
    state = services.signing.sign(
        args.meeting, user=args.user, password=password, meaning=args.meaning, reviewed_sha256=args.sha256
    )
    mine = [s for s in state.signatures if same_name_key(s.name) == same_name_key(args.user)]
    who = _signature_line(mine[-1]) if mine else args.user
    print(f"signed meeting {state.meeting_id} revision {state.revision}: {who}")
    _print_state(state, services)
    return 0


def reopened_note(revision: int) -> str:
    """What reopening a partly signed meeting did to its signatures."""
    return (
        f"note: the signatures given to revision {revision - 1} stay there and do not carry over; "
        f"revision {revision} must be signed anew"
    )


def _signers(services: Services, args: argparse.Namespace) -> int:
    from isconf.schema import Problem
    from isconf.services import ServiceError

    names = [] if args.chair else args.names
    try:
        state = services.signing.set_required_signers(args.meeting, names)
    except ServiceError as exc:
        # The service calls an unknown user "user", shown as --user; here the user is a NAME.
        raise ServiceError(
            [Problem("name", p.message) if p.path == "user" else p for p in exc.problems]
        ) from None
    who = ", ".join(state.required_signers) or "nobody (set the chair or name the signers)"
    default = " (the chair)" if not names else ""
    print(f"meeting {state.meeting_id}: must be signed by {who}{default}")
    return 0


def _amend(services: Services, args: argparse.Namespace) -> int:
    state = services.signing.amend(args.meeting, reason=args.reason)
    print(
        f"meeting {state.meeting_id}: revision {state.revision} amends signed revision "
        f"{state.amends_revision} ({state.amendment_reason}); it is in progress: edit it, close it, "
        "and sign it again"
    )
    return 0


def _signatures(services: Services, args: argparse.Namespace) -> int:
    state = services.signing.state(args.meeting)
    revisions = services.signing.revisions(args.meeting)
    if args.json:
        document = {**state.to_json(), "revisions": [r.to_json() for r in revisions]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    status = meeting_vocab.label(meeting_vocab.STATUS, state.status).lower()
    print(f"meeting {state.meeting_id}, revision {state.revision} ({status})")
    if state.amends_revision is not None:
        print(f"amends revision {state.amends_revision}: {state.amendment_reason}")
    _print_state(state, services)
    for revision in revisions:
        if revision.revision == state.revision:
            continue
        status = "signed and locked" if revision.locked else "not locked (reopened before it was)"
        print(f"revision {revision.revision}: {status}; content SHA-256 {revision.content_sha256}")
        for signature in revision.signatures:
            print(f"  {_signature_line(signature)}")
    return 0


def _print_state(state: SigningState, services: Services) -> None:
    print(f"content SHA-256: {state.content_sha256 or 'not frozen yet (the first signature freezes it)'}")
    print(f"signatures ({len(state.signatures)}):" if state.signatures else "signatures: none yet")
    for signature in state.signatures:
        print(f"  {_signature_line(signature)}")
    if state.locked:
        print(f"locked: revision {state.revision} is signed and locked")
    elif state.missing_signers:
        print(f"still required: {', '.join(state.missing_signers)}")
        known = {same_name_key(user.name) for user in services.users.list_users()}
        for name in state.missing_signers:
            if same_name_key(name) not in known:
                print(f"note: no user is named {name!r}; add one with: isconf user add NAME --role ROLE")
    elif not state.required_signers:
        print("still required: nobody is named; set the chair or the required signers")


def _signature_line(signature: SignatureView) -> str:
    return (
        f"{signature.name} ({signature.role}) — {vocab.label(vocab.MEANING, signature.meaning).lower()} — "
        f"{signature.signed_at:%Y-%m-%d %H:%M} {signature.time_zone}"
    )


MEETING_HANDLERS: dict[str, Callable[[Services, argparse.Namespace], int]] = {
    "sign": _sign,
    "signers": _signers,
    "amend": _amend,
    "signatures": _signatures,
}

"""The four roles of a signed-in team member, and which role each write needs.

A ladder: each role may do what the one below it may, and more.

- **coordinator**: cases, agendas and attendance;
- **clinician**: also decisions (the decision, options considered, action items);
- **chair**: also approving signatures, amendments and who must sign;
- **administrator**: also team members (adding one, resetting a password).

The store asks ``needed_for`` at every audited write (every write is audited), so a write
that a service forgot to check is refused all the same. A refusal names the role it needs
(``RoleRefused``) and is put on the audit trail by ``isconf.store.database``.
"""

from __future__ import annotations

from dataclasses import dataclass

from isconf.errors import Problem, ServiceError

COORDINATOR = "coordinator"
CLINICIAN = "clinician"
CHAIR = "chair"
ADMINISTRATOR = "administrator"
ROLES = (COORDINATOR, CLINICIAN, CHAIR, ADMINISTRATOR)

# What each role adds to the one below, in the words a refusal and the help show.
ADDS = {
    COORDINATOR: "cases, agendas and attendance",
    CLINICIAN: "decisions",
    CHAIR: "approving signatures, amendments and who must sign",
    ADMINISTRATOR: "team members and their passwords",
}

# Actions that only record a refusal: anyone (or no one) signed in may leave that trace.
REFUSAL_ACTIONS = frozenset({"sign_refused", "password_refused", "sign_in_refused", "refused"})
RESTORED = "restored"  # a backup put in place: recorded on the restored trail
_CLINICAL_ENTITIES = {"decision": CLINICIAN, "considered_option": CLINICIAN, "action_item": CLINICIAN}
_MEETING_ACTIONS = {"amend": CHAIR}
_MEETING_FIELDS = {"required signers": CHAIR}


@dataclass(frozen=True)
class Member:
    """The team member signed in, and the operating-system login they used."""

    name: str
    role: str
    os_login: str
    ref: str = "-"  # the member's random reference, under which the audit trail files them


class RoleRefused(ServiceError):
    """The signed-in member's role does not allow the write; ``needed`` names the role."""

    def __init__(self, needed: str, what: str, member: Member | None) -> None:
        who = f"{member.name} is {article(member.role)} {member.role}" if member else "nobody is signed in"
        super().__init__([Problem("member", f"{what} needs {article(needed)} {needed} or above ({who})")])
        self.needed = needed
        self.what = what


class SignInRequired(ServiceError):
    """The database has team members, and nobody is signed in."""

    def __init__(self, what: str) -> None:
        super().__init__(
            [
                Problem(
                    "member",
                    f"{what} needs a signed-in team member "
                    "(set ISCONF_USER to your name and ISCONF_PASSWORD, or answer the prompt)",
                )
            ]
        )
        self.what = what


def article(role: str) -> str:
    return "an" if role[:1] in "aeiou" else "a"


def rank(role: str | None) -> int:
    """0 for no role (or an unknown one), else 1 for a coordinator … 4 for an administrator."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def allows(role: str | None, needed: str) -> bool:
    return rank(role) >= rank(needed)


def needed_for(entity: str, action: str, fields: list[str], key: str, member: Member | None) -> str | None:
    """The role a write needs (None: anyone may write it, as a refusal's own record)."""
    if action in REFUSAL_ACTIONS or (entity == "database" and action == RESTORED):
        # A restore was checked on the database it replaced (the team there may not be the
        # copy's team); its record on the restored trail is written whoever is signed in here.
        return None
    if entity == "user":
        # A member changes their own password (the old one proves it); anything else is an
        # administrator's: adding a member, resetting a colleague's password, changing a role.
        if member is not None and action == "update" and fields == ["password"] and key == member.name:
            return COORDINATOR
        return ADMINISTRATOR
    if entity in _CLINICAL_ENTITIES:
        return _CLINICAL_ENTITIES[entity]
    if entity == "meeting":
        if action in _MEETING_ACTIONS:
            return _MEETING_ACTIONS[action]
        if any(field in _MEETING_FIELDS for field in fields):
            return CHAIR
    return COORDINATOR


def describe(entity: str, action: str) -> str:
    """A write as a refusal words it: "a decision (update)"."""
    return f"{entity.replace('_', ' ')} ({action})"

"""What the room records during a conference, from the command line (issue 14, part 4):

- ``isconf meeting attend MEETING --name N --role R [--absent]``;
- ``isconf meeting question MEETING MRN TEXT``;
- ``isconf meeting action MEETING MRN --text T [--owner NAME] [--due DATE]`` or ``--done ID``;
- ``--option PROC[:WHY]`` (repeatable) on ``isconf meeting decide``.

Each goes through the service method the meetings window calls (``set_attendance``,
``set_item``, ``set_actions``, ``record_decision``), so the validation, the refusals of a
closed or signed meeting and the audit trail are the app's. A list the app edits as a
whole (attendance, action items) is read, changed by one row, and written back with the
version read: an edit made elsewhere in between is refused, not overwritten.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from isconf.meetings import vocab
from isconf.signing.passwords import clean_text, same_name_key

if TYPE_CHECKING:
    from isconf.meetings.model import ActionItem, Attendee, ConsideredOption, Meeting
    from isconf.services import Services

# Which argument a service problem's path is about (merged into ``cli_meeting.FLAGS``); a
# closed or signed meeting refuses "action items" because of the meeting's state.
FLAGS = {"question": "TEXT", "action items": "MEETING"}
# A numbered row of a list the service checks as a whole, and the flag that row came from:
# "attendance row 3 role" is about ``--role``, "option 2 note" about ``--option``.
_ROW = re.compile(r"(attendance row|action item|option) \d+(?: (\w+))?")
_ROW_FLAGS = {
    ("attendance row", "name"): "--name",
    ("attendance row", "role"): "--role",
    ("action item", "description"): "--text",
    ("action item", "owner"): "--owner",
    ("option", None): "--option",
    ("option", "note"): "--option",
}


def roles() -> tuple[str, ...]:
    """The roles the meetings window offers in its attendance list: the core disciplines first."""
    return (*vocab.disciplines().core, *vocab.disciplines().others)


def add_commands(inner: Any, meeting_id: Callable[[str], int], day: Callable[[str], date]) -> None:
    """Add ``attend``, ``question`` and ``action`` to ``isconf meeting``'s subparsers."""
    p = inner.add_parser("attend", help="record who attends (again for the same name: updates the row)")
    p.add_argument("meeting", type=meeting_id, metavar="MEETING")
    p.add_argument("--name", required=True, metavar="NAME", help="the person's name, e.g. 'Dr A Chair'")
    p.add_argument("--role", required=True, type=_role, metavar="ROLE", help="one of: " + ", ".join(roles()))
    p.add_argument("--absent", action="store_true", help="expected but not there (default: present)")

    p = inner.add_parser("question", help="the question a case brings to the team")
    p.add_argument("meeting", type=meeting_id, metavar="MEETING")
    p.add_argument("mrn", metavar="MRN")
    p.add_argument("text", metavar="TEXT", help="the question in words ('' clears it)")

    p = inner.add_parser("action", help="add an action item to a case, or tick one done")
    p.add_argument("meeting", type=meeting_id, metavar="MEETING")
    p.add_argument("mrn", metavar="MRN")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--text", metavar="TEXT", help="what is to be done (adds an action item)")
    what.add_argument(
        "--done", type=_action_id, metavar="ID", help="tick this action item done (its id: meeting show)"
    )
    p.add_argument("--owner", metavar="NAME", help="who does it (with --text)")
    p.add_argument("--due", type=day, metavar="YYYY-MM-DD", help="by when (with --text)")


def add_decide_options(p: argparse.ArgumentParser) -> None:
    """``decide --option``: the options the team considered, saved with the decision."""
    p.add_argument(
        "--option",
        dest="options",
        action="append",
        type=_option,
        metavar="PROC[:WHY]",
        help="an option the team considered, with why it was chosen or not (repeat for each; "
        "replaces the options recorded before): " + ", ".join(vocab.codes(vocab.RECOMMENDATION)),
    )


def considered(args: argparse.Namespace) -> list[ConsideredOption] | None:
    """The ``--option`` values in the order the app lists them; None without any (left as they are)."""
    given: list[ConsideredOption] | None = getattr(args, "options", None)
    if not given:
        return None
    order = vocab.codes(vocab.RECOMMENDATION)
    return sorted(given, key=lambda o: order.index(o.option))


# --- argument types ----------------------------------------------------------------------------


def _role(text: str) -> str:
    """A role of the app's list, as the list spells it ("eeg technologist" is "EEG technologist")."""
    by_key = {same_name_key(r): r for r in roles()}
    role = by_key.get(same_name_key(text))
    if role is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a role; choose from {', '.join(roles())}")
    return role


def _option(text: str) -> ConsideredOption:
    code, _, why = text.partition(":")
    code = code.strip().lower()
    if code not in vocab.codes(vocab.RECOMMENDATION):
        known = ", ".join(vocab.codes(vocab.RECOMMENDATION))
        raise argparse.ArgumentTypeError(f"{code!r} is not an option; choose from {known}")
    from isconf.meetings.model import ConsideredOption  # the app's start builds this parser

    return ConsideredOption(code, why.strip() or None)


def _action_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an action item id (1, 2, …: see isconf meeting show MEETING)"
        )
    return int(text)


# --- the commands --------------------------------------------------------------------------------


def _attend(services: Services, args: argparse.Namespace) -> int:
    from isconf.meetings.model import Attendee

    meeting = services.meetings.get_meeting(args.meeting)
    person = Attendee(clean_text(args.name), args.role, not args.absent)
    people, updated = with_attendee(list(meeting.attendance), person)
    meeting = services.meetings.set_attendance(meeting.id, people, expected_version=meeting.version)
    verb = "updated" if updated else "added"
    state = "present" if person.present else "absent"
    print(f"meeting {meeting.id}: {verb} {person.name} ({person.role}, {state})")
    present = sum(a.present for a in meeting.attendance)
    print(f"attendance: {present} present, {len(meeting.attendance) - present} absent")
    if meeting.absent_core_disciplines:
        print(f"note: no {', '.join(meeting.absent_core_disciplines)} present yet (NAEC core disciplines)")
    return 0


def with_attendee(people: list[Attendee], person: Attendee) -> tuple[list[Attendee], bool]:
    """The list with ``person`` in it: a row of the same name (case and spacing aside) is
    updated where it stands, as editing the row in the app does; else the person is added."""
    key = same_name_key(person.name)
    for n, other in enumerate(people):
        if same_name_key(other.name) == key:
            people[n] = person
            return people, True
    return [*people, person], False


def _question(services: Services, args: argparse.Namespace) -> int:
    meeting = services.meetings.set_item(args.meeting, args.mrn, question=args.text)
    item = meeting.item(args.mrn)
    assert item is not None  # set_item refuses an MRN not on the agenda
    said = f"question: {item.question}" if item.question else "question cleared"
    print(f"meeting {meeting.id}, {item.mrn}: {said}")
    return 0


def _action(services: Services, args: argparse.Namespace) -> int:
    if args.done is not None and (args.owner is not None or args.due is not None):
        extra = "--owner" if args.owner is not None else "--due"
        print(f"isconf: error: {extra}: goes with --text (a new action item), not --done", file=sys.stderr)
        return 1
    meeting = services.meetings.get_meeting(args.meeting)
    item = meeting.item(args.mrn)
    # A case not on the agenda has no items: the service then refuses the MRN in its own words.
    items = list(item.actions) if item is not None else []
    if args.done is not None:
        return _tick_done(services, meeting, args.mrn, items, args.done)
    from isconf.meetings.model import ActionItem

    items.append(ActionItem(args.text, args.owner, args.due))
    meeting = services.meetings.set_actions(meeting.id, args.mrn, items, expected_version=meeting.version)
    added = meeting.item(args.mrn)
    assert added is not None
    print(
        f"meeting {meeting.id}, {added.mrn}: action item {len(added.actions)}: {action_words(added.actions[-1])}"
    )
    return 0


def _tick_done(services: Services, meeting: Meeting, mrn: str, items: list[ActionItem], number: int) -> int:
    if number > len(items):
        has = f"has {len(items)} action item(s)" if items else "has no action items"
        print(
            f"isconf: error: --done: {mrn} {has} in meeting {meeting.id}; there is no {number} "
            f"(see isconf meeting show {meeting.id})",
            file=sys.stderr,
        )
        return 1
    already = items[number - 1].done
    items[number - 1] = replace(items[number - 1], done=True)
    # Written even when already done: a signed meeting is refused either way, as in the app.
    meeting = services.meetings.set_actions(meeting.id, mrn, items, expected_version=meeting.version)
    item = meeting.item(mrn)
    assert item is not None
    state = "was already done" if already else "done"
    print(
        f"meeting {meeting.id}, {item.mrn}: action item {number} {state}: {item.actions[number - 1].description}"
    )
    return 0


MEETING_HANDLERS: dict[str, Callable[[Services, argparse.Namespace], int]] = {
    "attend": _attend,
    "question": _question,
    "action": _action,
}


def action_words(action: ActionItem) -> str:
    """``[x] Book the PET — Dr Knife, due 2026-12-10``."""
    owner = action.owner or "no owner"
    due = f"due {action.due_date.isoformat()}" if action.due_date else "no due date"
    return f"[{'x' if action.done else ' '}] {action.description} — {owner}, {due}"


def print_absent(meeting: Meeting) -> None:
    """``meeting show``'s line of who was expected but absent (``attend --absent``)."""
    absent = [f"{a.name} ({a.role})" for a in meeting.attendance if not a.present]
    if absent:
        print(f"absent: {', '.join(absent)}")


def print_outcomes(meeting: Meeting) -> None:
    """``meeting show``'s lines after the agenda: each case's options considered and action
    items, numbered as ``action --done`` takes them."""
    for item in meeting.agenda:
        if not (item.options or item.actions):
            continue
        print(f"{item.mrn}:")
        if item.options:
            words = (
                vocab.label(vocab.RECOMMENDATION, o.option) + (f" ({o.note})" if o.note else "")
                for o in item.options
            )
            print(f"  options considered: {'; '.join(words)}")
        for n, action in enumerate(item.actions, 1):
            print(f"  action {n}: {action_words(action)}")


def with_rows(flags: Mapping[str, str]) -> Mapping[str, str]:
    """``flags``, and the flag of each numbered row's field (see ``_ROW``)."""
    return _RowFlags(flags)


class _RowFlags(Mapping[str, str]):
    def __init__(self, flags: Mapping[str, str]) -> None:
        self._flags = dict(flags)

    def __getitem__(self, path: str) -> str:
        if path in self._flags:
            return self._flags[path]
        row = _ROW.fullmatch(path)
        flag = _ROW_FLAGS.get((row.group(1), row.group(2))) if row else None
        if flag is None:
            raise KeyError(path)
        return flag

    def __iter__(self) -> Iterator[str]:
        return iter(self._flags)

    def __len__(self) -> int:
        return len(self._flags)

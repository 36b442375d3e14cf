"""The meetings window's state and decisions, without a widget: the open meeting and its
sign-off, whether it can be changed, what the details and the agenda's undo allow, and which
service write each user action calls (bound to the meeting's id and version when asked).

The window shows what this holds and runs the writes it hands out off the UI thread
(``ui.ops``); the sign-off actions and the enabled-state predicates read it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from isconf import clock
from isconf.meetings import validate, vocab
from isconf.meetings.model import Attendee, ConsideredOption, Meeting
from isconf.services import ServiceError, Services
from isconf.signing.model import SigningState

Write = Callable[[], Meeting]


class Refused(Exception):
    """What the user typed cannot be sent: the words say why (shown beside the field)."""


@dataclass(frozen=True)
class Details:
    """The meeting's details as typed (the time still as text)."""

    title: str
    day: date
    time_text: str
    place: str
    video_link: str
    chair: str


class MeetingController:
    """One meetings window's state: plain Python, so it is tested and read without Qt."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.meeting: Meeting | None = None
        self.signing_state: SigningState | None = None  # the open meeting's sign-off
        self.busy = False  # a write runs: every action that writes waits for it
        self._order_before: tuple[int, list[str]] | None = None  # (meeting id, order) for Ctrl+Z

    # --- state ------------------------------------------------------------------------------

    def show(self, meeting: Meeting | None) -> str:
        """Hold ``meeting`` and read its sign-off; the reason if that cannot be read."""
        self.meeting = meeting
        self.signing_state = None
        if meeting is None:
            return ""
        try:
            self.signing_state = self.services.signing.state(meeting.id)
        except ServiceError as exc:
            return "; ".join(p.message for p in exc.problems)
        return ""

    @property
    def idle(self) -> bool:
        return not self.busy

    @property
    def locked(self) -> bool:
        """Signed and locked: nothing of it can change until it is amended."""
        return bool(self.signing_state is not None and self.signing_state.locked)

    @property
    def editable(self) -> bool:
        return self.meeting is not None and self.meeting.editable and not self.locked

    @property
    def has_cases(self) -> bool:
        return self.meeting is not None and bool(self.meeting.agenda)

    @property
    def status(self) -> str | None:
        return self.meeting.status if self.meeting is not None else None

    def member_names(self) -> frozenset[str]:
        """Who can sign at all; read only while a meeting's sign-off is shown."""
        if self.signing_state is None:
            return frozenset()
        return frozenset(user.name for user in self.services.users.list_users())

    # --- words -----------------------------------------------------------------------------

    def status_label(self) -> str:
        assert self.meeting is not None
        if self.locked:
            return "Signed and locked"
        status = self.meeting.status
        return dict(vocab.STATUS).get(status, status.replace("_", " ").capitalize())

    def read_only_words(self) -> str:
        assert self.meeting is not None
        if self.locked:
            return " — read-only; Amend… to change it"
        return "" if self.meeting.editable else " — read-only; Reopen (Ctrl+Shift+O) to change it"

    def status_line(self) -> str:
        assert self.meeting is not None
        revision = f" · revision {self.meeting.revision}" if self.meeting.revision > 1 else ""
        return f"{self.status_label()}{revision}{self.read_only_words()}"

    def status_change_words(self) -> str:
        """What the status change did, and, on closing, the cases left without a decision."""
        assert self.meeting is not None
        meeting = self.meeting
        if meeting.status != vocab.CLOSED:
            return f"Meeting {vocab.label(vocab.STATUS, meeting.status).lower()}"
        undecided = [item.mrn for item in meeting.agenda if item.decision is None]
        if not undecided:
            return "Meeting closed: every case has a decision"
        return (
            f"Meeting closed; {len(undecided)} of {len(meeting.agenda)} cases without a decision: "
            f"{', '.join(undecided)} (Reopen, Ctrl+Shift+O, to record them)"
        )

    # --- details ---------------------------------------------------------------------------

    def details_changed(self, shown: Details) -> bool:
        """The details on screen differ from the meeting's saved ones."""
        saved = self.saved_details()
        return saved is not None and shown != saved

    def saved_details(self) -> Details | None:
        """The meeting's saved details as the form shows them; None when they cannot be changed."""
        m = self.meeting
        if m is None or not m.editable:
            return None
        return Details(
            m.title,
            m.date,
            m.start_time.strftime("%H:%M") if m.start_time else "",
            m.place or "",
            m.video_link or "",
            m.chair or "",
        )

    def save_details(self, shown: Details) -> Write:
        """The write that saves ``shown``; ``Refused`` if the time is no time of day."""
        text = shown.time_text.strip()
        try:
            start = validate.clock(text) if text else None
        except ValueError:
            raise Refused(f"Time: {text!r} is not a time of day (HH:MM, 24-hour)") from None
        meeting_id, version = self._key()
        return lambda: self.services.meetings.update_meeting(
            meeting_id,
            title=shown.title,
            day=shown.day,
            start_time=start,
            place=shown.place,
            video_link=shown.video_link,
            chair=shown.chair,
            expected_version=version,
        )

    def new_meeting(self) -> Write:
        meetings = self.services.meetings
        return lambda: meetings.create_meeting(title="Case conference", day=clock.today(), start_time=time(8))

    def set_status(self, status: str) -> Write:
        meeting_id, version = self._key()
        return lambda: self.services.meetings.set_status(meeting_id, status, expected_version=version)

    # --- the agenda ------------------------------------------------------------------------

    def add_cases(self, mrns: list[str]) -> Write:
        meeting_id, version = self._key()
        return lambda: self.services.meetings.add_cases(meeting_id, mrns, expected_version=version)[0]

    def remove_case(self, mrn: str) -> Write:
        meeting_id, version = self._key()
        return lambda: self.services.meetings.remove_case(meeting_id, mrn, expected_version=version)

    def set_order(self, order: list[str], current: list[str]) -> Write:
        """Put the agenda in ``order``; ``current`` is remembered for Undo."""
        meeting_id, version = self._key()
        self._order_before = (meeting_id, current)
        return lambda: self.services.meetings.set_order(meeting_id, order, expected_version=version)

    def sort_by_urgency(self, current: list[str]) -> Write:
        meeting_id, version = self._key()
        self._order_before = (meeting_id, current)
        return lambda: self.services.meetings.sort_by_urgency(meeting_id, expected_version=version)

    @staticmethod
    def moved(order: list[str], mrn: str, step: int) -> list[str] | None:
        """``order`` with ``mrn`` moved by ``step`` places; None past either end."""
        index = order.index(mrn)
        if not 0 <= index + step < len(order):
            return None
        moved = list(order)
        moved.insert(index + step, moved.pop(index))
        return moved

    def order_to_undo(self, current: list[str]) -> list[str] | None:
        """The order before the last move or sort (Undo again redoes it); ``Refused`` when the
        agenda's cases changed since, None when there is nothing to undo."""
        if self.meeting is None or self._order_before is None or self._order_before[0] != self.meeting.id:
            return None
        _, order = self._order_before
        if sorted(order) != sorted(current):
            raise Refused("The agenda's cases changed since; nothing to undo")
        return order

    def set_item(self, mrn: str, minutes: int | None, question: str | None) -> Write:
        meeting_id, version = self._key()
        return lambda: self.services.meetings.set_item(
            meeting_id, mrn, minutes=minutes, question=question, expected_version=version
        )

    # --- attendance and decisions -------------------------------------------------------------

    def set_attendance(self, people: list[Attendee]) -> Write:
        meeting_id, version = self._key()
        return lambda: self.services.meetings.set_attendance(meeting_id, people, expected_version=version)

    @staticmethod
    def with_person_added(people: list[Attendee]) -> list[Attendee]:
        """``people`` and one more, of a core discipline nobody covers yet."""
        taken = {p.role.lower() for p in people}
        role = next((r for r in vocab.disciplines().core if r not in taken), "nurse")
        return [*people, Attendee(f"Name {len(people) + 1}", role)]

    def record_decision(
        self,
        mrn: str,
        values: dict[str, Any],
        options: list[ConsideredOption],
        actions: list[Any],
    ) -> Write:
        """The decision, its options and its actions in one transaction, or nothing; a closed
        meeting takes only its action items ticked done."""
        meeting_id, version = self._key()
        meetings = self.services.meetings
        assert self.meeting is not None
        if not self.meeting.editable:
            return lambda: meetings.set_actions(meeting_id, mrn, actions, expected_version=version)
        return lambda: meetings.record_decision(
            meeting_id, mrn, **values, options=options, actions=actions, expected_version=version
        )

    def reread(self) -> Write:
        """The open meeting as stored now (after a sign-off dialog wrote, or a conflict)."""
        meeting_id, _ = self._key()
        return lambda: self.services.meetings.get_meeting(meeting_id)

    def _key(self) -> tuple[int, int]:
        assert self.meeting is not None, "a meeting is open"
        return self.meeting.id, self.meeting.version

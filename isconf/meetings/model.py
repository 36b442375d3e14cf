"""A meeting as the screens, the command line and the agenda PDF read it.

Plain frozen dataclasses built by ``isconf.meetings.service``: no database
rows escape, and nothing here changes the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from isconf.ages import Ages
from isconf.changes import NOTHING, Changes
from isconf.meetings import vocab
from isconf.rules import wording

if TYPE_CHECKING:
    from isconf.domain import Case


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str
    present: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "present": self.present}


@dataclass(frozen=True)
class ConsideredOption:
    option: str  # a recommendation code
    note: str | None = None  # why it was or was not chosen

    def to_json(self) -> dict[str, Any]:
        return {"option": self.option, "note": self.note}


@dataclass(frozen=True)
class ActionItem:
    description: str
    owner: str | None = None
    due_date: date | None = None
    done: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "owner": self.owner,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "done": self.done,
        }


@dataclass(frozen=True)
class Decision:
    recommendation: str
    rationale: str
    consensus: str
    dissent: str | None
    tests_requested: tuple[str, ...]
    evaluation: dict[str, Any]  # the isconf-evaluation/1 document the team saw
    rules_version: str
    decided_at: datetime
    decided_by: str

    def to_json(self) -> dict[str, Any]:
        return {
            "recommendation": self.recommendation,
            "rationale": self.rationale,
            "consensus": self.consensus,
            "dissent": self.dissent,
            "tests_requested": list(self.tests_requested),
            "rules_version": self.rules_version,
            "decided_at": self.decided_at.isoformat(),
            "decided_by": self.decided_by,
            "evaluation": self.evaluation,
        }


@dataclass(frozen=True)
class AgendaEntry:
    """One case on the agenda, with what the coordinator and the room need about it."""

    mrn: str
    pseudonym: str
    family_name: str | None
    given_name: str | None
    date_of_birth: date | None
    age_months: float | None  # on the meeting day
    position: int
    minutes: int
    question: str | None
    slot_offset: int  # minutes from the start of the meeting
    status: str | None
    pathway: str | None
    urgent: bool
    weeks_since_drug_resistance: float | None
    spasm_weeks: float | None
    missing: tuple[str, ...]
    decision: Decision | None = None
    options: tuple[ConsideredOption, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    alarms: tuple[str, ...] = ()  # warning codes shown beside the status in the alert colour
    operated_on: date | None = None  # operated by the meeting day: never urgent (CaseSummary)
    outcome: str | None = None  # the latest visit's class, "Engel IB"
    # The case as read for this entry: the summary builds on it instead of reading it again.
    case: Case | None = field(default=None, compare=False, repr=False)

    @property
    def display_name(self) -> str:
        return ", ".join(p for p in (self.family_name, self.given_name) if p)

    @property
    def initials(self) -> str:
        """``A.E.`` (given, then family name): the conference-strength name."""
        letters = [p.strip()[0].upper() for p in (self.given_name, self.family_name) if p and p.strip()]
        return "".join(f"{letter}." for letter in letters) or "—"

    @property
    def ready(self) -> bool:
        return not self.missing

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "mrn": self.mrn,
            "name": self.display_name,
            "minutes": self.minutes,
            "slot_offset_minutes": self.slot_offset,
            "question": self.question,
            "status": self.status,
            "pathway": self.pathway,
            "urgent": self.urgent,
            "alarms": list(self.alarms),
            "operated_on": self.operated_on.isoformat() if self.operated_on else None,
            "outcome": self.outcome,
            "weeks_since_drug_resistance": self.weeks_since_drug_resistance,
            "spasm_weeks": self.spasm_weeks,
            "missing": list(self.missing),
            "decision": self.decision.to_json() if self.decision else None,
            "options_considered": [o.to_json() for o in self.options],
            # Numbered from 1 as ``isconf meeting action --done ID`` takes them.
            "action_items": [{"id": n, **a.to_json()} for n, a in enumerate(self.actions, 1)],
        }


@dataclass(frozen=True)
class MeetingSummary:
    """One line of the meetings list."""

    id: int
    title: str
    date: date
    start_time: time | None
    chair: str | None
    status: str
    cases: int


Day = date  # a name the Meeting's own ``date`` field does not hide


@dataclass(frozen=True)
class Meeting:
    id: int
    ref: str
    title: str
    date: date
    start_time: time | None
    place: str | None
    video_link: str | None
    chair: str | None
    status: str
    manual_order: bool
    revision: int
    version: int = 1  # name it as expected_version in a write, so a stale screen is refused
    agenda: tuple[AgendaEntry, ...] = ()
    attendance: tuple[Attendee, ...] = field(default=())
    # SHA-256 of each of its free texts marked "checked for identifiers" (isconf.meetings.text_checks)
    checked_texts: frozenset[str] = field(default=frozenset(), compare=False)
    # What the write that returned this meeting changed (nothing, when it was read).
    changes: Changes = field(default=NOTHING, compare=False)
    # The day the agenda's weeks, statuses and order are counted to: the meeting day, or
    # today while it is still ahead (a past meeting's agenda no longer drifts day by day).
    as_of: Day | None = field(default=None, compare=False)

    @property
    def as_of_words(self) -> str:
        """'weeks as of the meeting day (1 Dec 2026)', or '… as of today (…)' before it."""
        if self.as_of is None:
            return ""
        which = "the meeting day" if self.as_of == self.date else "today"
        return f"weeks as of {which} ({wording.day(self.as_of)})"

    @property
    def editable(self) -> bool:
        """Planned or in progress; a closed meeting is reopened first (audited)."""
        return self.status in (vocab.PLANNED, vocab.IN_PROGRESS)

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)

    def slot_words(self, item: AgendaEntry) -> str:
        """``08:15–08:30``; ``+0:15–0:30`` from the start when no start time is set."""
        end = item.slot_offset + item.minutes
        if self.start_time is None:
            return f"+{_hm(item.slot_offset)}–{_hm(end)}"
        begin = datetime.combine(self.date, self.start_time)
        return (
            f"{(begin + timedelta(minutes=item.slot_offset)):%H:%M}–{(begin + timedelta(minutes=end)):%H:%M}"
        )

    @property
    def absent_core_disciplines(self) -> tuple[str, ...]:
        """Core disciplines (NAEC guideline) with nobody present, in the guideline's order."""
        present = {a.role.strip().lower() for a in self.attendance if a.present}
        return tuple(role for role in vocab.disciplines().core if role not in present)

    @property
    def title_checked(self) -> bool:
        """Whether a team member marked the title checked for identifiers (as it reads now)."""
        from isconf.meetings.text_checks import text_sha256

        return text_sha256(self.title) in self.checked_texts

    def room_title(self) -> str:
        """The title as the room's screen names the meeting: scrubbed when checked for
        identifiers; else the meeting's date (a screen full of a withheld-text note reads as an
        error; the slide says in small type that the title was not checked)."""
        if self.title_checked:
            return self.redacted(self.title)
        return f"{self.date.day} {self.date:%b %Y}"

    def redacted(self, text: str, item: AgendaEntry | None = None) -> str:
        """``text`` as the room and a de-identified agenda show free text (a question, a
        rationale): withheld unless a team member marked it checked for identifiers
        (``isconf.deid_text``); then every agenda child's names and MRN replaced by their
        initials, every date worded as ``item``'s child's age (with no ``item``, as the
        meeting's own text: only the meeting's date stays), and what else may identify
        (names in any letter case, phones, emails, addresses) scrubbed."""
        from isconf.deid_text import WITHHELD, Identifiers, withhold_or_scrub
        from isconf.free_text import redact
        from isconf.meetings.text_checks import text_sha256

        if not text or not text.strip():
            return text
        if text_sha256(text) not in self.checked_texts:
            return WITHHELD
        named = redact(text, [(i.given_name, i.family_name, i.mrn, i.initials) for i in self.agenda])
        people = [
            {
                "given_name": i.given_name,
                "family_name": i.family_name,
                "mrn": i.mrn,
                "date_of_birth": i.date_of_birth,
            }
            for i in self.agenda
        ]
        return withhold_or_scrub(self.ages(item).scrub(named), True, Identifiers.of_people(people))

    def ages(self, item: AgendaEntry | None = None) -> Ages:
        """How a de-identified output words ``item``'s child's dates (``isconf.ages``)."""
        return Ages(birth=item.date_of_birth if item is not None else None, meeting=self.date)

    def item(self, mrn: str) -> AgendaEntry | None:
        return next((i for i in self.agenda if i.mrn.lower() == mrn.lower()), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat(),
            "time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "place": self.place,
            "video_link": self.video_link,
            "chair": self.chair,
            "status": self.status,
            "revision": self.revision,
            "order": "manual" if self.manual_order else "urgency",
            "attendance": [a.to_json() for a in self.attendance],
            "absent_core_disciplines": list(self.absent_core_disciplines),
            "agenda": [{**item.to_json(), "slot": self.slot_words(item)} for item in self.agenda],
        }


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"

"""The one door to isconf's data: the UI and the command line call only this.

``Services`` is a thin root over an open database: it builds the cases, meetings,
signing and users services once, from the database, one case reader and the clock,
and hands them out (``services.cases``, ``services.meetings``, …). The case methods
are also offered on the root itself, as the command line and the screens call them.
Writes return what they stored and what they changed (``isconf.changes.Changes``).

The module also re-exports the words, read models and errors the screens show, so a
screen imports its data from here and not from the layers below.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf import clock as clocks
from isconf import rules, services_later
from isconf.access.roles import ROLES as ROLES
from isconf.access.roles import Member as Member
from isconf.cases.listing import read_lines
from isconf.cases.model import AddedImage as AddedImage
from isconf.cases.model import CaseConflictError as CaseConflictError
from isconf.cases.model import CaseSummary as CaseSummary
from isconf.cases.model import DocumentReview as DocumentReview
from isconf.cases.model import ImportResult as ImportResult
from isconf.cases.model import Operation as Operation
from isconf.cases.model import StoredCase as StoredCase
from isconf.cases.search import TextSearch as TextSearch  # the case list's search as you type
from isconf.cases.search import fold as fold
from isconf.changes import Changes as Changes
from isconf.clock import Clock
from isconf.diffing import diff_documents
from isconf.domain import Case as Case
from isconf.domain import KeyImage as KeyImage
from isconf.errors import ConflictError as ConflictError
from isconf.errors import DuplicateMrnError as DuplicateMrnError
from isconf.errors import NotFoundError as NotFoundError
from isconf.errors import Problem as Problem
from isconf.errors import ServiceError as ServiceError
from isconf.files import ExportError as ExportError
from isconf.files import write_atomic
from isconf.report_text import (  # noqa: F401 (re-exported: screens word the evaluation as the CLI does)
    lead_time_absent,
    lead_time_words,
    pathway_words,
    resistance_words,
    spasm_weeks_words,
    status_words,
    urgency_summary,
    urgency_words,
)

# Re-exported for the UI, which reads everything through this module.
from isconf.rules import CRITERIA as CRITERIA
from isconf.rules import Evaluation as Evaluation
from isconf.rules.wording import day as day
from isconf.rules.wording import missing as missing
from isconf.store import cipher
from isconf.store import keyring_store as keyring_store  # the app's door to the desktop keyring
from isconf.store.cipher import cipher_passphrase_needed as cipher_passphrase_needed
from isconf.store.cipher import passphrase_opens as passphrase_opens
from isconf.store.cipher import remember_passphrase as remember_passphrase
from isconf.store.database import Database, open_database, user_data_folder
from isconf.store.database import DatabaseError as DatabaseError

if TYPE_CHECKING:
    from isconf.cases.reader import CaseReader
    from isconf.cases.reader import evaluate_document as evaluate_document
    from isconf.cases.reader import read_case_file as read_case_file
    from isconf.cases.service import CaseService
    from isconf.concordance import Concordance
    from isconf.course import Timeline
    from isconf.deidentify import without_raters as without_raters
    from isconf.development_trend import Point as TrendPoint
    from isconf.drafts import DraftStore
    from isconf.fhir.service import FhirService
    from isconf.meetings.findings import Finding
    from isconf.meetings.model import Meeting
    from isconf.meetings.service import MeetingService
    from isconf.meetings.text_checks import TextCheckService
    from isconf.outcomes.report import OutcomeReport
    from isconf.outcomes.service import OutcomeService
    from isconf.rules.reference import Reference
    from isconf.schema import FORMAT as FORMAT
    from isconf.schema import CaseFileError as CaseFileError
    from isconf.schema import dose_limits as dose_limits
    from isconf.signing.service import SigningService
    from isconf.signing.users import UserService
    from isconf.store.audit import AuditEntry as AuditEntry
    from isconf.store.audit import shown as shown
    from isconf.summary.export import ExportResult
    from isconf.summary.pdf import Progress as SummaryProgress
    from isconf.tradeoff.model import TradeoffView as TradeoffView


# The read models and words of the screens after the first window are re-exported when a
# screen first asks for one (``isconf.services_later``), not on every start.
def __getattr__(name: str) -> Any:
    return services_later.resolve(name, globals())


class Services:
    """The root: one database, one case reader, one clock, and the services built on them."""

    def __init__(self, database: Database, *, clock: Clock = clocks.SYSTEM) -> None:
        self.database = database
        self.clock = clock

    @classmethod
    def open(cls, db: str | None = None, *, create: bool = True) -> Services:
        """Open the database ``db`` names (see ``isconf.store.database``)."""
        return cls(open_database(db, create=create))

    def close(self) -> None:
        self.database.close()

    # --- the services, each built once --------------------------------------------

    @cached_property
    def reader(self) -> CaseReader:
        from isconf.cases.reader import CaseReader  # and the case file's schema: not at the start

        return CaseReader(self.clock)

    @cached_property
    def cases(self) -> CaseService:
        """Cases: list, read, write, import, export (``isconf.cases.service``)."""
        from isconf.cases.service import CaseService  # the first window lists cases without it

        return CaseService(self.database, self.reader, self.clock)

    @cached_property
    def meetings(self) -> MeetingService:
        """Case conferences: agenda, attendance, decisions (``isconf.meetings.service``)."""
        # Imported when first used: a command that reads cases does not load the meeting code.
        from isconf.meetings.service import MeetingService

        return MeetingService(self.database, self.cases, self.clock)

    @cached_property
    def text_checks(self) -> TextCheckService:
        """Free texts marked "checked for identifiers" (``isconf.meetings.text_checks``)."""
        from isconf.meetings.text_checks import TextCheckService

        return TextCheckService(self.database, self.clock)

    @cached_property
    def outcomes(self) -> OutcomeService:
        """Visits due after surgery, re-screens due, the outcome report, the registry export."""
        from isconf.outcomes.service import OutcomeService

        return OutcomeService(self.database, self.cases, self.clock)

    @cached_property
    def fhir(self) -> FhirService:
        """HL7 FHIR R4B import, export, pull and push (``isconf.fhir.service``)."""
        from isconf.fhir.service import FhirService

        return FhirService(self.cases, self.clock, signing=lambda: self.signing)

    @cached_property
    def users(self) -> UserService:
        """The people who can sign (``isconf.signing.users``)."""
        from isconf.signing.users import UserService

        return UserService(self.database)

    # --- the team member signed in (issue 21; ``isconf.signing.team``) --------------------

    def team_exists(self) -> bool:
        """Whether the database has team members: then writes need one signed in."""
        from isconf.store.actor import team_exists

        with self.database.reading() as session:
            return team_exists(session)

    def sign_in(self, name: str, password: str) -> Member:
        """Prove ``name``'s password; every write from now on is theirs (and their role's)."""
        from isconf.signing.team import sign_in

        return sign_in(self.database, name, password)

    @property
    def plain_file(self) -> bool:
        """A SQLite file that is not encrypted: anyone who copies it reads every record."""
        return self.database.location.path is not None and not self.database.encrypted

    def sign_out(self) -> None:
        self.database.member = None

    @property
    def member(self) -> Member | None:
        """Who is signed in, if anyone."""
        return self.database.member

    def add_demo_team(self) -> list[tuple[str, str, str, str]]:
        """One synthetic member per role, the administrator first (who then adds the others);
        their names, disciplines, roles and random passwords, for ``isconf demo --team``."""
        import secrets

        team = [
            ("Dr Demo Admin", "epileptologist", "administrator"),
            ("Dr Demo Chair", "epileptologist", "chair"),
            ("Dr Demo Clinician", "neurosurgeon", "clinician"),
            ("Demo Coordinator", "nurse specialist", "coordinator"),
        ]
        made = []
        for name, discipline, access in team:
            password = secrets.token_urlsafe(9)
            self.users.add_user(name, discipline, password, access)
            if self.member is None:
                self.sign_in(name, password)
            made.append((name, discipline, access, password))
        return made

    def reset_password(self, name: str, new: str) -> None:
        """An administrator gives ``name`` a new password."""
        from isconf.signing.team import reset_password

        reset_password(self.database, name, new)

    def set_access(self, name: str, access: str) -> str | None:
        """An administrator changes ``name``'s role in isconf (never the team's last administrator)."""
        from isconf.signing.team import set_access

        return set_access(self.database, name, access)

    @cached_property
    def signing(self) -> SigningService:
        """Sign-off, lock and amendments of meetings (``isconf.signing.service``)."""
        from isconf.signing.service import SigningService

        return SigningService(self.database, self.meetings, self.cases, self.clock)

    @property
    def drafts(self) -> DraftStore:
        """Unsaved edits kept on disk for this database, each signed-in member's apart."""
        member = self.database.member
        return self._drafts.for_member(member.ref if member is not None else None)

    @cached_property
    def _drafts(self) -> DraftStore:
        """Unsaved edits kept on disk for this database (see ``isconf.drafts``)."""
        from isconf.drafts import DraftStore

        path = self.database.location.path
        passphrase = cipher.passphrase_for(path) if self.database.encrypted and path is not None else None
        return DraftStore.for_database(self.database.location.url, user_data_folder(), passphrase)

    # --- cases (the root's own door to ``self.cases``) ---------------------------------

    def list_cases(
        self, *, as_of: date | None = None, mrns: Collection[str] | None = None
    ) -> list[CaseSummary]:
        # ``CaseService.list_cases`` without importing it: the first window's list (startup_s).
        return read_lines(self.database, as_of or self.clock.today(), mrns)

    def count_cases(self) -> int:
        return self.cases.count_cases()

    def get_case(self, mrn: str) -> StoredCase:
        return self.cases.get_case(mrn)

    def audit_trail(self, mrn: str | None = None) -> list[AuditEntry]:
        return self.cases.audit_trail(mrn)

    def evaluate_case(self, mrn: str, *, as_of: date | None = None) -> Evaluation:
        return self.cases.evaluate_case(mrn, as_of=as_of)

    def tradeoff(self, mrn: str, *, as_of: date | None = None) -> TradeoffView:
        return self.cases.tradeoff(mrn, as_of=as_of)

    def export_document(self, mrn: str) -> dict[str, Any]:
        return self.cases.export_document(mrn)

    def export_deidentified(self, mrn: str) -> dict[str, Any]:
        return self.cases.export_deidentified(mrn)

    def validate(self, document: Any, *, today: date | None = None) -> list[Problem]:
        """Every problem with a case document, without writing anything."""
        return self.reader.problems(document, today=today)

    def review_document(self, document: Any) -> DocumentReview:
        return self.cases.review_document(document)

    def create_case(self, case: Case) -> StoredCase:
        return self.cases.create_case(case)

    def save_case(self, case: Case, *, original_mrn: str, expected_version: int) -> StoredCase:
        return self.cases.save_case(case, original_mrn=original_mrn, expected_version=expected_version)

    def delete_case(self, mrn: str) -> Changes:
        return self.cases.delete_case(mrn)

    def import_document(self, document: Any, *, replace: bool = False, source: str = "") -> ImportResult:
        return self.cases.import_document(document, replace=replace, source=source)

    def import_files(self, paths: Iterable[Path], *, replace: bool = False) -> list[ImportResult]:
        return self.cases.import_files(paths, replace=replace)

    def add_demo_cases(self) -> list[str]:
        return self.cases.add_demo_cases()

    def add_image(
        self,
        mrn: str,
        data: bytes,
        *,
        modality: str,
        caption: str | None = None,
        study_date: date | None = None,
    ) -> AddedImage:
        return self.cases.add_image(mrn, data, modality=modality, caption=caption, study_date=study_date)

    def parse_document(self, document: Any) -> Case:
        """The case an editor's document holds; raises ``CaseFileError`` naming every problem."""
        return self.reader.parse(document)

    # --- outputs --------------------------------------------------------------------

    def write_case_file(self, mrn: str, path: Path) -> None:
        """The stored case as an ``isconf-case/1`` file at ``path``, written atomically
        (owner-only); raises ``ExportError`` naming the file and the reason."""
        document = self.export_document(mrn)
        write_atomic(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())

    def write_agenda_pdf(self, meeting: Meeting, path: Path, *, deidentify: bool = False) -> None:
        """The meeting's agenda as a PDF at ``path``, atomically; raises ``ExportError``."""
        # ReportLab is imported only when an agenda is written.
        from isconf.meetings.agenda_pdf import write_agenda_pdf

        write_agenda_pdf(meeting, path, deidentify=deidentify)

    def export_summary(
        self,
        meeting_id: int,
        path: Path,
        *,
        deidentify: bool = False,
        revision: int | None = None,
        p12: Path | None = None,
        passphrase: bytes | None = None,
        progress: SummaryProgress | None = None,
        timestamp_url: str | None = None,
    ) -> ExportResult:
        """The meeting's summary PDF, optionally PAdES-signed, and timestamped by the RFC 3161
        authority at ``timestamp_url`` (PAdES B-T) (``isconf.summary.export``)."""
        from isconf.summary.export import export_summary

        return export_summary(
            self,
            meeting_id,
            path,
            deidentify=deidentify,
            revision=revision,
            p12=p12,
            passphrase=passphrase,
            progress=progress,
            timestamp_url=timestamp_url,
        )


def case_document(case: Case) -> dict[str, Any]:
    """The ``isconf-case/1`` document of a case (the editor's starting point)."""
    from isconf.schema import case_to_document

    return case_to_document(case)


def changes_between(saved: Any, current: StoredCase) -> list[str]:
    """What differs between the ``case`` part of a document the editor saved and what is
    stored now, one line per field (shown when a save is refused as a conflict)."""
    from isconf.schema import case_to_document

    return [str(c) for c in diff_documents(saved, case_to_document(current.case)["case"])]


def key_findings(case: Case, as_of: date) -> list[Finding]:
    """The findings a slide shows of a case (``isconf.meetings.findings``)."""
    from isconf.meetings import findings

    return findings.key_findings(case, as_of)


def has_tradeoff(case: Case) -> bool:
    """Whether the case has a trade-off worth a chart on its slide."""
    from isconf.meetings import findings

    return findings.has_tradeoff(case)


def rules_reference() -> Reference:
    """The rules' figures and their sources (titles, cited evidence), for screens to show."""
    return rules.reference()


def evaluate(case: Case, as_of: date) -> Evaluation:
    """The candidacy evaluation of a case already read (the UI's way to the rules)."""
    return rules.evaluate(case, as_of)


def tradeoff_chart_png(view: TradeoffView, *, width_px: int | None = None, scale: float = 1.0) -> bytes:
    """The trade-off chart as PNG bytes (matplotlib is imported only when a chart is drawn).

    ``scale`` draws the same layout with every line and letter that many times larger
    (a room screen); ``width_px`` is the width before scaling."""
    from isconf.tradeoff.chart import SCREEN_DPI, chart_png

    dpi = round(SCREEN_DPI * scale)
    return chart_png(view, width_px=None if width_px is None else round(width_px * scale), dpi=dpi)


def tradeoff_chart_content(view: TradeoffView) -> tuple[object, ...]:
    """What the trade-off chart shows of ``view``: redraw only when it changes."""
    from isconf.tradeoff.chart import drawn

    return drawn(view)


def write_tradeoff_chart(view: TradeoffView, path: Path) -> None:
    """Write the trade-off chart as the PNG, PDF or SVG file ``path``'s extension names,
    atomically; raises ``ExportError`` for another extension."""
    from isconf.tradeoff.chart import write_chart

    write_chart(view, path)


def tradeoff_chart_file_problem(path: Path) -> str | None:
    """Why ``write_tradeoff_chart`` would refuse ``path``, or None; checked before any work."""
    from isconf.tradeoff.chart import chart_format_problem

    return chart_format_problem(path)


# --- the clinical views of a case (issue 16): timeline, concordance, development, images ---


def treatment_timeline(case: Case, as_of: date, *, today_words: str = "today") -> Timeline | None:
    """The treatment timeline every view draws (``isconf.course``)."""
    from isconf.course import build_timeline

    return build_timeline(case, as_of, today_words=today_words)


def case_concordance(case: Case, as_of: date) -> Concordance:
    """Whether the latest MRI, EEG and PET point to the same side and lobes (``isconf.concordance``)."""
    from isconf.concordance import concordance

    return concordance(case, as_of)


def development_points(case: Case, as_of: date) -> tuple[TrendPoint, ...]:
    """The developmental assessments as score against age (``isconf.development_trend``)."""
    from isconf.development_trend import trend

    return trend(case, as_of)


def write_report_pdf(report: OutcomeReport, path: Path) -> None:
    """Write the outcomes report PDF to ``path`` atomically (ReportLab loads only now)."""
    from isconf.outcomes.report_pdf import write_report_pdf as write

    write(report, path)


def image_picture(image: KeyImage) -> bytes:
    """PNG or JPEG bytes a screen shows of a key image (a DICOM image rendered)."""
    from isconf.images.display import picture

    return picture(image)


def image_entry(
    data: bytes, *, modality: str, caption: str | None = None
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A file's bytes as the case file's image object (identifiers removed), and what was removed:
    what the editor adds to its document. A file that cannot be imported is a ``ServiceError``."""
    from isconf.case_writer import case_to_dict as to_dict
    from isconf.images.importing import import_image

    imported = import_image(data, modality=modality, caption=caption)
    entry = to_dict(Case(mrn="-", images=(imported.image,)))["images"][0]
    return entry, imported.removed

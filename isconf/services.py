"""The one door to isconf's data: the UI and the command line call only this.

``Services`` wraps an open database. Every write validates the case through
``isconf.schema`` first, runs as one transaction, and returns what it stored,
so a caller never sees a half-written case.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from isconf import clock, rules, timeline
from isconf.deidentify import deidentify_case, new_pseudonym
from isconf.diffing import diff_documents
from isconf.domain import Case, Spasms
from isconf.drafts import DraftStore
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
from isconf.rules import Evaluation
from isconf.rules.reference import Reference
from isconf.rules.wording import day as day
from isconf.rules.wording import missing as missing
from isconf.schema import (
    CaseFileError,
    Problem,
    case_to_dict,
    case_to_document,
    not_a_case_file,
    parse_case_document,
)
from isconf.store import audit, mapping
from isconf.store.audit import AuditEntry as AuditEntry
from isconf.store.audit import shown as shown
from isconf.store.database import Database, open_database, user_data_folder
from isconf.store.database import DatabaseError as DatabaseError
from isconf.store.tables import CaseRecord
from isconf.tradeoff.model import TradeoffView as TradeoffView
from isconf.tradeoff.model import build_tradeoff
from isconf.tradeoff.restore import deidentified_view as deidentified_view

if TYPE_CHECKING:
    from isconf.meetings.service import MeetingService
    from isconf.signing.service import SigningService
    from isconf.signing.users import UserService
    from isconf.summary.export import ExportResult
    from isconf.summary.pdf import Progress as SummaryProgress


class ServiceError(Exception):
    """A request that cannot be done; ``problems`` names each reason by field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class DuplicateMrnError(ServiceError):
    """Another case already has this MRN."""


class NotFoundError(ServiceError):
    """No case has this MRN."""


class ConflictError(ServiceError):
    """The case changed in the database since it was opened."""

    def __init__(self, problems: list[Problem], current: StoredCase) -> None:
        super().__init__(problems)
        self.current = current


@dataclass(frozen=True)
class StoredCase:
    """A case as stored, with the version a later save must name."""

    case: Case
    version: int
    updated_at: datetime


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list: only what the list shows."""

    mrn: str
    family_name: str | None
    given_name: str | None
    date_of_birth: date | None
    age_months: float | None
    spasm_onset: date | None
    spasms_ongoing: bool | None
    spasm_weeks: float | None
    status: str | None = None
    pathway: str | None = None
    urgent: bool = False
    weeks_since_drug_resistance: float | None = None

    @property
    def urgency_rank(self) -> tuple[int, float, float]:
        """Sorts most urgent first: urgent cases, then longest since drug
        resistance, then longest spasms (the agenda's order too)."""
        return (
            0 if self.urgent else 1,
            -(self.weeks_since_drug_resistance if self.weeks_since_drug_resistance is not None else -1.0),
            -(self.spasm_weeks if self.spasm_weeks is not None else -1.0),
        )

    @property
    def display_name(self) -> str:
        return ", ".join(p for p in (self.family_name, self.given_name) if p)


@dataclass(frozen=True)
class ImportResult:
    """What became of one case file."""

    source: str
    mrn: str | None
    problems: tuple[Problem, ...] = ()
    replaced: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class DocumentReview:
    problems: list[Problem]
    evaluation: Evaluation | None
    tradeoff: TradeoffView | None


class Services:
    """Cases: list, read, create, save, delete, import and export."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._drafts: DraftStore | None = None

    @property
    def drafts(self) -> DraftStore:
        """Unsaved edits kept on disk for this database (see ``isconf.drafts``)."""
        if self._drafts is None:
            self._drafts = DraftStore.for_database(self.database.location.url, user_data_folder())
        return self._drafts

    @classmethod
    def open(cls, db: str | None = None, *, create: bool = True) -> Services:
        """Open the database ``db`` names (see ``isconf.store.database``)."""
        return cls(open_database(db, create=create))

    def close(self) -> None:
        self.database.close()

    @property
    def meetings(self) -> MeetingService:
        """Case conferences: agenda, attendance, decisions (``isconf.meetings.service``)."""
        from isconf.meetings.service import MeetingService

        return MeetingService(self)

    @property
    def users(self) -> UserService:
        """The people who can sign (``isconf.signing.users``)."""
        from isconf.signing.users import UserService

        return UserService(self)

    @property
    def signing(self) -> SigningService:
        """Sign-off, lock and amendments of meetings (``isconf.signing.service``)."""
        from isconf.signing.service import SigningService

        return SigningService(self)

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
    ) -> ExportResult:
        """The meeting's summary PDF, optionally PAdES-signed (``isconf.summary.export``)."""
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
        )

    # --- reading --------------------------------------------------------------

    def list_cases(
        self, *, as_of: date | None = None, mrns: Collection[str] | None = None
    ) -> list[CaseSummary]:
        """Every case's list line, most urgent first, reading only the listed columns;
        with ``mrns``, only those cases' lines (exact MRNs: a meeting reads its agenda's).

        Status and drug resistance come from the summary stored at the last
        save; a case whose summary no longer holds on ``as_of`` (or predates
        the rules version) is evaluated afresh from its full record.
        """
        today = as_of or clock.today()
        columns = [
            col(CaseRecord.id),
            col(CaseRecord.mrn),
            col(CaseRecord.family_name),
            col(CaseRecord.given_name),
            col(CaseRecord.date_of_birth),
            col(CaseRecord.spasm_onset_date),
            col(CaseRecord.spasms_ongoing),
            col(CaseRecord.spasm_last_seen_date),
            col(CaseRecord.eval_rules_version),
            col(CaseRecord.eval_as_of),
            col(CaseRecord.eval_stable_until),
            col(CaseRecord.eval_status),
            col(CaseRecord.eval_pathway),
            col(CaseRecord.eval_resistance_date),
        ]
        with self.database.reading() as session:
            # Plain rows from the connection: the ORM's per-row bookkeeping buys nothing here.
            query = select_columns(*columns)
            if mrns is not None:
                query = query.where(col(CaseRecord.mrn).in_(list(mrns)))
            rows: list[Any] = list(session.connection().execute(query).all())
            stale = [
                case_id
                for case_id, *_, version, as_of, until, _status, _pathway, _resistance in rows
                if not _summary_holds(version, as_of, until, today)
            ]
            fresh = _evaluate_records(session, stale, today)
        summaries = []
        for row in rows:
            # Unpacked once: a row's attributes cost more than the rest of this loop (10,000 rows).
            (
                case_id,
                mrn,
                family,
                given,
                born,
                onset,
                ongoing_flag,
                last_seen,
                *_,
                status,
                pathway,
                resistance,
            ) = row
            if case_id in fresh:
                status, pathway, resistance = fresh[case_id]
            spasms = Spasms(onset_date=onset, ongoing=ongoing_flag, last_seen_date=last_seen)
            ongoing = rules.spasms_ongoing(spasms)
            summaries.append(
                CaseSummary(
                    mrn=mrn,
                    family_name=family,
                    given_name=given,
                    date_of_birth=born,
                    age_months=timeline.age_months(born, today),
                    spasm_onset=onset,
                    spasms_ongoing=ongoing,
                    spasm_weeks=_spasm_weeks(spasms, today),
                    status=status,
                    pathway=pathway,
                    urgent=ongoing and status in rules.URGENT_STATUSES,
                    weeks_since_drug_resistance=(
                        timeline.weeks_between(resistance, today)
                        if resistance is not None and resistance <= today
                        else None
                    ),
                )
            )
        summaries.sort(key=lambda s: (s.urgency_rank, s.mrn))
        return summaries

    def count_cases(self) -> int:
        with self.database.reading() as session:
            return int(session.exec(select(func.count()).select_from(CaseRecord)).one())

    def get_case(self, mrn: str) -> StoredCase:
        """The stored case with this MRN; raises ``NotFoundError``."""
        with self.database.reading() as session:
            return _stored(session, _require(session, mrn))

    def audit_trail(self, mrn: str | None = None) -> list[AuditEntry]:
        """Every audit event, oldest first; or those of one case, also after it was renamed or deleted."""
        with self.database.reading() as session:
            if mrn is None:
                return audit.read_trail(session)
            record = _find(session, mrn)
            if record is not None:
                return audit.read_trail(session, ref=_ref(record))
            return audit.read_trail(session, key=mrn)

    def evaluate_case(self, mrn: str, *, as_of: date | None = None) -> Evaluation:
        """The candidacy evaluation of a stored case (rules version 1); ``as_of`` before the
        child's birth or the spasms' onset is a ``ServiceError`` (path ``as_of``)."""
        case = self.get_case(mrn).case
        if as_of is not None:
            _refuse_as_of_before_the_story(case, as_of)
        return rules.evaluate(case, as_of or clock.today())

    def export_document(self, mrn: str) -> dict[str, Any]:
        """The ``isconf-case/1`` document of a stored case."""
        return case_to_document(self.get_case(mrn).case)

    def export_deidentified(self, mrn: str) -> dict[str, Any]:
        """The case with the Safe Harbor identifiers removed (see ``isconf.deidentify``)."""
        with self.database.reading() as session:
            record = _require(session, mrn)
            case, pseudonym = mapping.read_case(session, record), _ref(record)
        return deidentify_case(case_to_dict(case), pseudonym)

    # --- writing --------------------------------------------------------------

    def validate(self, document: Any, *, today: date | None = None) -> list[Problem]:
        """Every problem with a case document, without writing anything."""
        try:
            parse_case_document(document, today=today)
        except CaseFileError as exc:
            return exc.problems
        return []

    def tradeoff(self, mrn: str, *, as_of: date | None = None) -> TradeoffView:
        """The trade-off workspace of a stored case: options, benefits, deficits, ratings."""
        return build_tradeoff(self.get_case(mrn).case, as_of or clock.today())

    def review_document(self, document: Any) -> DocumentReview:
        """What the editor shows of an unsaved case document, from one reading of it:
        its problems, or its evaluation and trade-off as of today."""
        try:
            case = parse_case_document(document)
        except CaseFileError as exc:
            return DocumentReview(exc.problems, None, None)
        today = clock.today()
        evaluation = rules.evaluate(case, today)
        return DocumentReview([], evaluation, build_tradeoff(case, today, evaluation))

    def create_case(self, case: Case) -> StoredCase:
        """Store a new case; refuses an MRN that exists."""
        _revalidate(case)
        with self.database.writing() as session:
            if _find(session, case.mrn) is not None:
                raise DuplicateMrnError([_duplicate(case.mrn)])
            return _insert(session, case)

    def save_case(self, case: Case, *, original_mrn: str, expected_version: int) -> StoredCase:
        """Save edits to the case opened as ``original_mrn`` at ``expected_version``.

        Refused with ``ConflictError`` when someone saved the case since, and
        with ``DuplicateMrnError`` when a renamed MRN belongs to another case.
        """
        _revalidate(case)
        try:
            with self.database.writing() as session:
                record = _find(session, original_mrn, lock=True)
                if record is None:
                    raise NotFoundError([Problem("case.mrn", f"case {original_mrn!r} no longer exists")])
                if record.version != expected_version:
                    current = _stored(session, record)
                    raise ConflictError([_changed_elsewhere(current)], current)
                other = _find(session, case.mrn)
                if other is not None and other.id != record.id:
                    raise DuplicateMrnError([_duplicate(case.mrn)])
                return _replace(session, record, case)
        except StaleDataError:
            # The version moved between our read and our UPDATE (the check above makes this
            # rare): the same refusal, with what is stored now.
            current = self.get_case(original_mrn)
            raise ConflictError([_changed_elsewhere(current)], current) from None

    def delete_case(self, mrn: str) -> None:
        with self.database.writing() as session:
            record = _require(session, mrn)
            assert record.id is not None
            from isconf.meetings.service import refuse_if_on_an_agenda

            refuse_if_on_an_agenda(session, record)
            old = case_to_dict(mapping.read_case(session, record))
            _audit_case(session, record, "delete", [(audit.WHOLE_RECORD, old, None)])
            mapping.delete_children(session, record.id)
            session.delete(record)

    def import_document(self, document: Any, *, replace: bool = False, source: str = "") -> ImportResult:
        """Import one case document, all or nothing."""
        try:
            case = parse_case_document(document)
        except CaseFileError as exc:
            return ImportResult(source, _mrn_of(document), tuple(exc.problems))
        with self.database.writing() as session:
            record = _find(session, case.mrn)
            if record is not None and not replace:
                problem = Problem("case.mrn", f"{case.mrn!r} already exists; use --replace to overwrite it")
                return ImportResult(source, case.mrn, (problem,))
            if record is None:
                _insert(session, case)
            else:
                _replace(session, record, case)
        return ImportResult(source, case.mrn, replaced=record is not None)

    def import_files(self, paths: Iterable[Path], *, replace: bool = False) -> list[ImportResult]:
        """Import case files; each file is accepted or rejected whole."""
        results = []
        for path in paths:
            document, problem = read_case_file(path)
            if problem is not None:
                results.append(ImportResult(str(path), None, (problem,)))
                continue
            results.append(self.import_document(document, replace=replace, source=str(path)))
        return results

    def add_demo_cases(self) -> list[str]:
        """Add the synthetic demo cases whose MRNs are not taken; returns those added."""
        from isconf.demo import demo_cases

        added = []
        for case in demo_cases(clock.today()):
            with self.database.writing() as session:
                if _find(session, case.mrn) is None:
                    _insert(session, case)
                    added.append(case.mrn)
        return added


def rules_reference() -> Reference:
    """The rules' figures and their sources (titles, cited evidence), for screens to show."""
    return rules.reference()


def evaluate(case: Case, as_of: date) -> Evaluation:
    """The candidacy evaluation of a case already read (the UI's way to the rules)."""
    return rules.evaluate(case, as_of)


def evaluate_document(document: Any, *, as_of: date | None = None) -> Evaluation:
    """Evaluate a case document without a database; raises ``ServiceError`` when invalid.

    The document is checked against today's date (a date in the future is a
    typing slip whatever ``as_of`` says); the rules then read it as of ``as_of``.
    """
    try:
        case = parse_case_document(document)
    except CaseFileError as exc:
        raise ServiceError(exc.problems) from None
    if as_of is not None:
        _refuse_as_of_before_the_story(case, as_of)
    return rules.evaluate(case, as_of or clock.today())


def _refuse_as_of_before_the_story(case: Case, as_of: date) -> None:
    """A date before the child was born, or before the spasms began, has nothing to evaluate
    (every trial and study lies after it): say so, rather than print a checklist of it."""
    born, onset = case.date_of_birth, case.spasms.onset_date
    if born is not None and as_of < born:
        problem = (
            f"{as_of.isoformat()} is before the child was born ({born.isoformat()}); choose a later date"
        )
    elif onset is not None and as_of < onset:
        problem = f"{as_of.isoformat()} is before the spasms began ({onset.isoformat()}); choose a later date"
    else:
        return
    raise ServiceError([Problem("as_of", problem)])


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


def read_case_file(path: Path) -> tuple[Any, Problem | None]:
    """A case file's document, or the one problem that stops it being one: it cannot be read,
    is not JSON, or is JSON of another kind (``schema.not_a_case_file``)."""
    document, problem = read_json_file(path)
    if problem is not None:
        return None, problem
    other_kind = not_a_case_file(document)
    if other_kind is not None:
        return None, Problem(str(path), other_kind)
    return document, None


def read_json_file(path: Path) -> tuple[Any, Problem | None]:
    """A JSON file's content, or the one problem that stops it being read."""
    try:
        # utf-8-sig: files saved by some Windows editors start with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, Problem(str(path), "no such file")
    except IsADirectoryError:
        return None, Problem(str(path), "is a folder, not a case file")
    except UnicodeDecodeError:
        return None, Problem(str(path), "is not UTF-8 text (is it a JSON case file?)")
    except OSError as exc:
        return None, Problem(str(path), f"cannot be read ({exc.strerror})")
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys), None
    except json.JSONDecodeError as exc:
        return None, Problem(str(path), f"line {exc.lineno} column {exc.colno}: invalid JSON ({exc.msg})")
    except _DuplicateKey as exc:
        return None, Problem(str(path), f"the key {exc.key!r} appears twice in one object; keep one")
    except RecursionError:
        return None, Problem(str(path), "invalid JSON (nested too deeply)")
    except ValueError as exc:  # for example an integer with thousands of digits
        return None, Problem(str(path), f"invalid JSON ({exc})")


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects whose keys repeat are refused: one of the values would be lost silently."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _revalidate(case: Case) -> None:
    """Refuse a ``Case`` built by code that the case file would reject."""
    try:
        parse_case_document(case_to_document(case))
    except CaseFileError as exc:
        raise ServiceError(exc.problems) from None


def _require(session: Session, mrn: str) -> CaseRecord:
    """The case with this MRN; raises ``NotFoundError``."""
    record = _find(session, mrn)
    if record is None:
        raise NotFoundError([Problem("mrn", f"no case has MRN {mrn!r}")])
    return record


def _find(session: Session, mrn: str, *, lock: bool = False) -> CaseRecord | None:
    """The case with this MRN, ignoring case: SYN-0001 and syn-0001 are one patient."""
    # Both sides lowered by the database, which may fold fewer letters than Python; the
    # unique index on lower(mrn) (migration 0007) answers it on both backends.
    query = select(CaseRecord).where(func.lower(col(CaseRecord.mrn)) == func.lower(mrn))
    if lock:
        # Row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock.
        query = query.with_for_update()
    return session.exec(query).first()


def _stored(session: Session, record: CaseRecord) -> StoredCase:
    return StoredCase(mapping.read_case(session, record), record.version, record.updated_at)


def _insert(session: Session, case: Case) -> StoredCase:
    now = clock.now()
    record = CaseRecord(mrn=case.mrn, created_at=now, updated_at=now, version=1, pseudonym=new_pseudonym())
    mapping.write_scalars(record, case)
    _remember_evaluation(record, case)
    session.add(record)
    session.flush()
    assert record.id is not None
    mapping.add_children(session, record.id, case)
    _audit_case(session, record, "create", [(audit.WHOLE_RECORD, None, case_to_dict(case))])
    return StoredCase(case, record.version, now)


def _replace(session: Session, record: CaseRecord, case: Case) -> StoredCase:
    assert record.id is not None
    before = case_to_dict(mapping.read_case(session, record))
    changes = diff_documents(before, case_to_dict(case), path="")
    if not changes:
        # Nothing to write: the version stays, so no other workstation gets a needless conflict.
        return _stored(session, record)
    fields = [(c.path.lstrip("."), c.old, c.new) for c in changes]
    _audit_case(session, record, "update", fields, key=case.mrn)  # filed under the MRN it now has
    mapping.delete_children(session, record.id)
    mapping.write_scalars(record, case)
    _remember_evaluation(record, case)
    # updated_at always changes, so the row is always UPDATEd, and SQLAlchemy's version
    # counter (version_id_col) both checks the version it read and increments it.
    record.updated_at = clock.now()
    session.add(record)
    session.flush()
    mapping.add_children(session, record.id, case)
    return StoredCase(case, record.version, record.updated_at)


def _ref(record: CaseRecord) -> str:
    """The case's stable reference: its pseudonym (set at insert, or by migration 0003)."""
    if record.pseudonym is None:  # refuse rather than file events, or export, without it
        raise ServiceError([Problem("mrn", "this case has no pseudonym; run isconf check")])
    return record.pseudonym


def _audit_case(
    session: Session, record: CaseRecord, action: str, changes: list[audit.Change], *, key: str | None = None
) -> None:
    """The case's audit events, in the transaction of the change they describe."""
    audit.record_changes(
        session, action=action, entity="case", entity_ref=_ref(record), key=key or record.mrn, changes=changes
    )


def _remember_evaluation(record: CaseRecord, case: Case) -> None:
    """Store today's evaluation summary beside the case for the list to read."""
    today = clock.today()
    evaluation = rules.evaluate(case, today)
    record.eval_rules_version = evaluation.rules_version
    record.eval_as_of = today
    record.eval_stable_until = rules.stable_until(case, today)
    record.eval_status = evaluation.status
    record.eval_pathway = evaluation.pathway
    record.eval_resistance_date = evaluation.urgency.drug_resistance_date


def _summary_holds(rules_version: str | None, as_of: date | None, until: date | None, today: date) -> bool:
    """Whether a stored evaluation summary still holds (unpacked: see ``list_cases``)."""
    return (
        rules_version == rules.RULES_VERSION
        and as_of is not None
        and as_of <= today
        and (until is None or today < until)
    )


def _evaluate_records(
    session: Session, ids: list[int], today: date
) -> dict[int, tuple[str, str | None, date | None]]:
    """Status, pathway and resistance date of the cases whose stored summary is stale."""
    found = {}
    for record in session.exec(select(CaseRecord).where(col(CaseRecord.id).in_(ids))) if ids else ():
        evaluation = rules.evaluate(mapping.read_case(session, record), today)
        assert record.id is not None
        found[record.id] = (evaluation.status, evaluation.pathway, evaluation.urgency.drug_resistance_date)
    return found


def _spasm_weeks(spasms: Spasms, today: date) -> float | None:
    if spasms.onset_date is None or spasms.onset_date > today:
        return None
    return timeline.spasm_weeks(spasms, today)


def _changed_elsewhere(current: StoredCase) -> Problem:
    return Problem(
        "case",
        f"was changed elsewhere since you opened it (saved {current.updated_at:%Y-%m-%d %H:%M} UTC); "
        "reload to see the changes",
    )


def _duplicate(mrn: str) -> Problem:
    return Problem("case.mrn", f"{mrn!r} already belongs to another case")


def _mrn_of(document: Any) -> str | None:
    if isinstance(document, dict) and isinstance(document.get("case"), dict):
        mrn = document["case"].get("mrn")
        return mrn if isinstance(mrn, str) else None
    return None

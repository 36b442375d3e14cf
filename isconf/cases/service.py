"""Cases through the one service door: ``Services.cases`` is a ``CaseService``.

Every write validates the case through the case reader first, runs as one transaction
with its audit events, and returns what it stored and what it changed, so a caller
never sees a half-written case.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select

from isconf import rules
from isconf.cases import records
from isconf.cases.listing import operation_of, read_lines
from isconf.cases.model import (
    AddedImage,
    CaseConflictError,
    CaseSummary,
    DocumentReview,
    ImportResult,
    StoredCase,
)
from isconf.cases.reader import CaseReader, refuse_as_of_before_the_story
from isconf.changes import Changes
from isconf.clock import Clock
from isconf.deidentify import deidentify_case
from isconf.domain import Case
from isconf.errors import DuplicateMrnError, NotFoundError, Problem, ServiceError
from isconf.images.importing import import_image
from isconf.rules import Evaluation
from isconf.schema import CaseFileError, case_to_dict, case_to_document
from isconf.store import audit, mapping
from isconf.store.audit import AuditEntry
from isconf.store.database import Database
from isconf.store.find import agenda_meetings, find_case, find_many, require_case
from isconf.store.tables import CaseRecord
from isconf.tradeoff.model import TradeoffView, build_tradeoff

# Documents written per transaction by an import (see ``CaseService.import_documents``).
IMPORT_BATCH = 500


class CaseService:
    """Cases: list, read, create, save, delete, import and export."""

    def __init__(self, database: Database, reader: CaseReader, clock: Clock) -> None:
        self.database = database
        self.reader = reader
        self.clock = clock

    # --- reading --------------------------------------------------------------

    def list_cases(
        self, *, as_of: date | None = None, mrns: Collection[str] | None = None
    ) -> list[CaseSummary]:
        """Every case's list line, most urgent first, reading only the listed columns;
        with ``mrns``, only those cases' lines (exact MRNs: a meeting reads its agenda's)."""
        return read_lines(self.database, as_of or self.clock.today(), mrns)

    def count_cases(self) -> int:
        with self.database.reading() as session:
            return int(session.exec(select(func.count()).select_from(CaseRecord)).one())

    def get_case(self, mrn: str) -> StoredCase:
        """The stored case with this MRN; raises ``NotFoundError``."""
        with self.database.reading() as session:
            return records.stored_by_mrn(session, mrn)

    def audit_trail(self, mrn: str | None = None) -> list[AuditEntry]:
        """Every audit event, oldest first; or those of one case, also after it was renamed or deleted."""
        with self.database.reading() as session:
            if mrn is None:
                return audit.read_trail(session)
            record = find_case(session, mrn)
            if record is not None:
                return audit.read_trail(session, ref=records.ref(record))
            return audit.read_trail(session, key=mrn)

    def evaluate_case(self, mrn: str, *, as_of: date | None = None) -> Evaluation:
        """The candidacy evaluation of a stored case (rules version 1); ``as_of`` before the
        child's birth or the spasms' onset is a ``ServiceError`` (path ``as_of``)."""
        case = self.get_case(mrn).case
        if as_of is not None:
            refuse_as_of_before_the_story(case, as_of)
        return rules.evaluate(case, as_of or self.clock.today())

    def tradeoff(self, mrn: str, *, as_of: date | None = None) -> TradeoffView:
        """The trade-off workspace of a stored case: options, benefits, deficits, ratings."""
        return build_tradeoff(self.get_case(mrn).case, as_of or self.clock.today())

    def export_document(self, mrn: str) -> dict[str, Any]:
        """The ``isconf-case/1`` document of a stored case."""
        return case_to_document(self.get_case(mrn).case)

    def export_deidentified(self, mrn: str) -> dict[str, Any]:
        """The case with the Safe Harbor identifiers removed (see ``isconf.deidentify``)."""
        with self.database.reading() as session:
            record = require_case(session, mrn)
            case, pseudonym = mapping.read_case(session, record), records.ref(record)
        return deidentify_case(case_to_dict(case), pseudonym)

    def pseudonym(self, mrn: str) -> str:
        """The case's random pseudonym, which a de-identified export names it by."""
        with self.database.reading() as session:
            return records.ref(require_case(session, mrn))

    def review_document(self, document: Any) -> DocumentReview:
        """What the editor shows of an unsaved case document, from one reading of it:
        its problems, or its evaluation and trade-off as of today."""
        try:
            case = self.reader.parse(document)
        except CaseFileError as exc:
            return DocumentReview(exc.problems, None, None)
        today = self.clock.today()
        evaluation = rules.evaluate(case, today)
        tradeoff = build_tradeoff(case, today, evaluation)
        return DocumentReview([], evaluation, tradeoff, case, operation_of(case, today))

    # --- writing --------------------------------------------------------------

    def create_case(self, case: Case) -> StoredCase:
        """Store a new case; refuses an MRN that exists."""
        self._revalidate(case)
        with self.database.writing() as session:
            if find_case(session, case.mrn) is not None:
                raise DuplicateMrnError([_duplicate(case.mrn)])
            return records.insert(session, case, self.clock)

    def save_case(self, case: Case, *, original_mrn: str, expected_version: int) -> StoredCase:
        """Save edits to the case opened as ``original_mrn`` at ``expected_version``.

        Refused with ``CaseConflictError`` when someone saved the case since, and
        with ``DuplicateMrnError`` when a renamed MRN belongs to another case.
        """
        self._revalidate(case)
        try:
            with self.database.writing() as session:
                record = find_case(session, original_mrn, lock=True)
                if record is None:
                    raise NotFoundError([Problem("case.mrn", f"case {original_mrn!r} no longer exists")])
                if record.version != expected_version:
                    current = records.stored(session, record)
                    raise CaseConflictError([_changed_elsewhere(current)], current)
                # The same MRN (the usual save) needs no second look-up.
                other = None if case.mrn == record.mrn else find_case(session, case.mrn)
                if other is not None and other.id != record.id:
                    raise DuplicateMrnError([_duplicate(case.mrn)])
                return records.replace(session, record, case, self.clock)
        except StaleDataError:
            # The version moved between our read and our UPDATE (the check above makes this
            # rare): the same refusal, with what is stored now.
            current = self.get_case(original_mrn)
            raise CaseConflictError([_changed_elsewhere(current)], current) from None

    def delete_case(self, mrn: str) -> Changes:
        """Delete a case and its children; refused while it is on a meeting's agenda."""
        with self.database.writing() as session:
            record = require_case(session, mrn)
            assert record.id is not None
            meetings = agenda_meetings(session, record)
            if meetings:
                listed = ", ".join(str(m) for m in meetings)
                raise ServiceError(
                    [
                        Problem(
                            "mrn", f"{record.mrn} is on the agenda of meeting {listed}; remove it there first"
                        )
                    ]
                )
            old = records.audited(mapping.read_case(session, record))
            records.audit_case(session, record, "delete", [(audit.WHOLE_RECORD, old, None)])
            mapping.delete_children(session, record.id)
            session.delete(record)
            return Changes.of(cases=[record.mrn])

    def import_document(self, document: Any, *, replace: bool = False, source: str = "") -> ImportResult:
        """Import one case document, all or nothing."""
        return self.import_documents([(document, source)], replace=replace)[0]

    def import_documents(
        self, documents: Iterable[tuple[Any, str]], *, replace: bool = False
    ) -> list[ImportResult]:
        """Import case documents (each with where it came from), each accepted or refused whole.

        They are written in transactions of up to ``IMPORT_BATCH`` documents: a commit waits for
        the disk (``synchronous=FULL``), and one per file was a third of an import's time
        (import_1000_s in docs/performance.md). A document is refused before any of its rows is
        written, so a refusal leaves the others of its batch as they are; a failure of the
        database itself saves nothing of the batch it happened in (earlier batches stay saved).
        """
        results: list[ImportResult] = []
        parsed: list[tuple[Case | None, ImportResult | None, str]] = []
        for document, source in documents:
            try:
                parsed.append((self.reader.parse(document), None, source))
            except CaseFileError as exc:
                parsed.append((None, ImportResult(source, _mrn_of(document), tuple(exc.problems)), source))
        for start in range(0, len(parsed), IMPORT_BATCH):
            batch = parsed[start : start + IMPORT_BATCH]
            if all(case is None for case, _refused, _source in batch):
                results += [r for _case, r, _source in batch if r is not None]
                continue
            with self.database.writing() as session:
                results += self._import_batch(session, batch, replace)
        return results

    def _import_batch(
        self, session: Any, batch: list[tuple[Case | None, ImportResult | None, str]], replace: bool
    ) -> list[ImportResult]:
        """One transaction's documents, in order. The new cases are written together
        (``records.insert_many``: a statement per table for them all, after one look-up of
        every MRN); a case that replaces a stored one, or repeats an MRN of this batch, is
        written on its own after the new cases before it."""
        cases = [case for case, _refused, _source in batch if case is not None]
        found = iter(find_many(session, [case.mrn for case in cases]))
        results: list[ImportResult | None] = []
        pending: list[tuple[int, Case, str]] = []  # new cases not yet written: result slot, case, source
        seen: set[str] = set()  # the MRNs of this batch so far, as the database lowers them
        for case, refused, source in batch:
            if case is None:
                results.append(refused)
                continue
            lowered, stored_id = next(found)
            taken = stored_id is not None or lowered in seen
            seen.add(lowered)
            if not taken:
                pending.append((len(results), case, source))
                results.append(None)
            elif not replace:
                results.append(_refused_duplicate(case, source))
            else:
                self._write_new(session, pending, results)
                results.append(self._import_one(session, case, replace, source))
        self._write_new(session, pending, results)
        return [r for r in results if r is not None]

    def _write_new(
        self, session: Any, pending: list[tuple[int, Case, str]], results: list[ImportResult | None]
    ) -> None:
        records.insert_many(session, [case for _slot, case, _source in pending], self.clock)
        for slot, case, source in pending:
            results[slot] = ImportResult(source, case.mrn)
        pending.clear()

    def _import_one(self, session: Any, case: Case | None, replace: bool, source: str) -> ImportResult:
        assert case is not None
        record = find_case(session, case.mrn)
        if record is not None and not replace:
            return _refused_duplicate(case, source)
        if record is None:
            records.insert(session, case, self.clock)
        else:
            records.replace(session, record, case, self.clock)
        return ImportResult(source, case.mrn, replaced=record is not None)

    def import_files(self, paths: Iterable[Path], *, replace: bool = False) -> list[ImportResult]:
        """Import case files; each file is accepted or rejected whole."""
        results: list[ImportResult | None] = []
        documents: list[tuple[Any, str]] = []
        for path in paths:
            document, problem = self.reader.read_file(path)
            if problem is not None:
                results.append(ImportResult(str(path), None, (problem,)))
                continue
            results.append(None)
            documents.append((document, str(path)))
        imported = iter(self.import_documents(documents, replace=replace))
        return [r if r is not None else next(imported) for r in results]

    def add_image(
        self,
        mrn: str,
        data: bytes,
        *,
        modality: str,
        caption: str | None = None,
        study_date: date | None = None,
    ) -> AddedImage:
        """Add a key image (PNG, JPEG or DICOM bytes) to a stored case, its identifiers removed
        first (``isconf.images.importing``); says what was removed."""
        imported = import_image(data, modality=modality, caption=caption, study_date=study_date)
        current = self.get_case(mrn)
        case = dataclasses.replace(current.case, images=(*current.case.images, imported.image))
        stored = self.save_case(case, original_mrn=current.case.mrn, expected_version=current.version)
        return AddedImage(stored, imported.removed, imported.sha256)

    def add_demo_cases(self) -> list[str]:
        """Add the synthetic demo cases whose MRNs are not taken; returns those added."""
        from isconf.demo import demo_cases

        added = []
        for case in demo_cases(self.clock.today()):
            with self.database.writing() as session:
                if find_case(session, case.mrn) is None:
                    records.insert(session, case, self.clock)
                    added.append(case.mrn)
        return added

    def _revalidate(self, case: Case) -> None:
        """Refuse a ``Case`` built by code that the case file would reject."""
        problems = self.reader.recheck(case)
        if problems:
            raise ServiceError(problems)


def _changed_elsewhere(current: StoredCase) -> Problem:
    return Problem(
        "case",
        f"was changed elsewhere since you opened it (saved {current.updated_at:%Y-%m-%d %H:%M} UTC); "
        "reload to see the changes",
    )


def _duplicate(mrn: str) -> Problem:
    return Problem("case.mrn", f"{mrn!r} already belongs to another case")


def _refused_duplicate(case: Case, source: str) -> ImportResult:
    problem = Problem("case.mrn", f"{case.mrn!r} already exists; use --replace to overwrite it")
    return ImportResult(source, case.mrn, (problem,))


def _mrn_of(document: Any) -> str | None:
    if isinstance(document, dict) and isinstance(document.get("case"), dict):
        mrn = document["case"].get("mrn")
        return mrn if isinstance(mrn, str) else None
    return None

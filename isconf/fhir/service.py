"""FHIR exchange through the one service door: ``Services.fhir`` is a ``FhirService``.

Import goes through the case service, so a Bundle's case is validated, written all or nothing
per patient, refused over an existing MRN unless ``replace``, and audited, as a case file is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf.cases.service import CaseService
from isconf.changes import NOTHING, Changes
from isconf.clock import Clock
from isconf.errors import Problem, ServiceError
from isconf.fhir import bundle as bundles
from isconf.fhir.from_fhir import PatientReading, read_patients
from isconf.fhir.to_fhir import CaseResources
from isconf.fhir.values import Privacy
from isconf.rules import Evaluation

if TYPE_CHECKING:
    from isconf.fhir.client import FhirServer  # HTTP and TLS, off the app's start (startup_s)
    from isconf.signing.service import SigningService


@dataclass(frozen=True)
class FhirImportResult:
    """What became of one patient of a FHIR file (or of the file, when no patient was read)."""

    source: str
    mrn: str | None
    problems: tuple[Problem, ...] = ()
    replaced: bool = False
    unmapped: tuple[str, ...] = ()  # resources not mapped: "Type/id"

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> Changes:
        return Changes.of(cases=[self.mrn]) if self.ok and self.mrn is not None else NOTHING


@dataclass(frozen=True)
class FhirPreview:
    """One patient's case as it would be imported, before anything is saved."""

    document: dict[str, Any]
    problems: tuple[Problem, ...]
    unmapped: tuple[str, ...]
    evaluation: Evaluation | None

    @property
    def mrn(self) -> str | None:
        mrn = self.document["case"].get("mrn")
        return mrn if isinstance(mrn, str) else None


@dataclass(frozen=True)
class FhirFilePreview:
    """A FHIR file as an import would read it: its document and each patient's preview."""

    source: str
    document: Any
    patients: tuple[FhirPreview, ...]
    unmapped: tuple[str, ...]  # resources about no patient
    problems: tuple[Problem, ...]  # what stops the whole file

    @property
    def importable(self) -> bool:
        return not self.problems and any(not p.problems for p in self.patients)


class FhirService:
    """Cases to and from FHIR R4B Bundles (``docs/fhir.md``)."""

    def __init__(
        self, cases: CaseService, clock: Clock, *, signing: Callable[[], SigningService] | None = None
    ) -> None:
        self.cases = cases
        self.clock = clock
        self._signing = signing  # built when a meeting is first exported

    # --- reading ---------------------------------------------------------------------------

    def read(
        self, document: Any, source: str = "Bundle"
    ) -> tuple[list[PatientReading], list[str], list[Problem]]:
        """Each patient's reading, the resources about no patient, and the problems of the whole."""
        entries, problems = bundles.entries_of(document, source)
        if problems:
            return [], [], problems
        readings, orphans = read_patients(entries)
        invalid = bundles.validate(entries)
        for reading in readings:
            reading.problems.extend(p for p in invalid if reading.owns(p.path))
            if not reading.problems:
                reading.problems.extend(reading.at(p) for p in self.cases.reader.problems(reading.document))
        if not readings:
            problems.append(Problem(source, "holds no Patient resource; nothing to import"))
        return readings, orphans, problems

    def preview(
        self, document: Any, source: str = "Bundle"
    ) -> tuple[list[FhirPreview], list[str], list[Problem]]:
        """What an import would save, with each case's evaluation as of today; nothing is written."""
        readings, orphans, problems = self.read(document, source)
        previews = []
        for reading in readings:
            review = None if reading.problems else self.cases.review_document(reading.document)
            evaluation = review.evaluation if review is not None else None
            previews.append(
                FhirPreview(reading.document, tuple(reading.problems), tuple(reading.unmapped), evaluation)
            )
        return previews, orphans, problems

    def preview_file(self, path: Path) -> FhirFilePreview:
        document, problem = bundles.read_json(path)
        if problem is not None:
            return FhirFilePreview(str(path), None, (), (), (problem,))
        previews, orphans, problems = self.preview(document, str(path))
        return FhirFilePreview(str(path), document, tuple(previews), tuple(orphans), tuple(problems))

    # --- importing -------------------------------------------------------------------------

    def import_document(
        self, document: Any, *, replace: bool = False, source: str = "Bundle"
    ) -> list[FhirImportResult]:
        """Import every patient of a Bundle (or one resource), each all or nothing."""
        readings, orphans, problems = self.read(document, source)
        if problems:
            return [FhirImportResult(source, None, tuple(problems), unmapped=tuple(orphans))]
        results = []
        for n, reading in enumerate(readings):
            unmapped = tuple(reading.unmapped) + (tuple(orphans) if n == 0 else ())
            if reading.problems:
                results.append(
                    FhirImportResult(source, reading.mrn, tuple(reading.problems), unmapped=unmapped)
                )
                continue
            done = self.cases.import_document(reading.document, replace=replace, source=source)
            found = tuple(reading.at(p) if p.path.startswith("case") else p for p in done.problems)
            results.append(FhirImportResult(source, done.mrn, found, done.replaced, unmapped))
        return results

    def import_files(self, paths: Iterable[Path], *, replace: bool = False) -> list[FhirImportResult]:
        results = []
        for path in paths:
            document, problem = bundles.read_json(path)
            if problem is not None:
                results.append(FhirImportResult(str(path), None, (problem,)))
                continue
            results.extend(self.import_document(document, replace=replace, source=str(path)))
        return results

    # --- exporting -------------------------------------------------------------------------

    def export_case(self, mrn: str, *, deidentify: bool = False) -> dict[str, Any]:
        """A ``collection`` Bundle of the stored case; de-identified: no name, MRN, birth date
        or calendar date, the case named by its random pseudonym and dates as ages in days."""
        case = self.cases.get_case(mrn).case
        if deidentify:
            privacy = Privacy(deidentify=True, birth=case.date_of_birth)
            built = CaseResources(case, privacy=privacy, seed=self.cases.pseudonym(mrn))
            return bundles.bundle("collection", built.entries)
        built = CaseResources(case)
        return bundles.bundle("collection", built.entries, timestamp=self.clock.now().isoformat())

    def export_meeting(
        self, meeting_id: int, *, revision: int | None = None, deidentify: bool = False
    ) -> dict[str, Any]:
        """A ``document`` Bundle of a meeting: Composition, decisions, checklists, attendance,
        signatures (``isconf.fhir.meeting``), from the summary the signatures bind.
        ``deidentify``: pseudonyms, ages, typed texts withheld unless checked for identifiers."""
        from isconf.fhir.meeting import meeting_document
        from isconf.meetings.text_checks import checked_hashes

        if self._signing is None:
            raise ServiceError([Problem("meeting", "meetings cannot be exported here")])
        signing = self._signing()
        pkg = signing.summary_package(meeting_id, revision=revision)
        checked: frozenset[str] = frozenset()
        if deidentify:
            with signing.database.reading() as session:
                checked = checked_hashes(session, meeting_id)
        return meeting_document(pkg, self.clock.now().isoformat(), deidentify=deidentify, checked=checked)

    # --- a FHIR server ------------------------------------------------------------------------

    def pull(self, server: FhirServer, patient_id: str, *, replace: bool = False) -> list[FhirImportResult]:
        """Read a patient and its resources from a server and import them; the server is read
        whole before anything is written, so a failing server changes nothing."""
        from isconf.fhir.client import FhirServerError

        try:
            document = server.patient_bundle(patient_id)
        except FhirServerError as exc:
            raise ServiceError([Problem("server", str(exc))]) from None
        return self.import_document(document, replace=replace, source=f"{server.base}/Patient/{patient_id}")

    def push(self, server: FhirServer, meeting_id: int) -> int:
        """Send a meeting's document as one ``transaction`` (the server takes all of it or none);
        the patients are matched on the server by MRN (conditional create). Returns how many
        resources the server took."""
        from isconf.fhir.client import FhirServerError

        document = self.export_meeting(meeting_id)
        try:
            answer = server.transaction(transaction_of(document))
        except FhirServerError as exc:
            raise ServiceError([Problem("server", str(exc))]) from None
        if answer.get("resourceType") != "Bundle" or answer.get("type") != "transaction-response":
            raise ServiceError(
                [Problem("server", f"{server.base} answered the transaction with no transaction-response")]
            )
        return len(answer.get("entry") or [])


def transaction_of(document: dict[str, Any]) -> dict[str, Any]:
    """A document Bundle's resources as a ``transaction`` of creates; a Patient is created only
    when none has its MRN (``ifNoneExist``), so the server's own record is the one referred to."""
    entries = []
    for entry in document["entry"]:
        resource = dict(entry["resource"])
        resource.pop("id", None)
        request: dict[str, Any] = {"method": "POST", "url": resource["resourceType"]}
        identifiers = resource.get("identifier") if resource["resourceType"] == "Patient" else None
        if identifiers:
            request["ifNoneExist"] = f"identifier={identifiers[0]['value']}"
        entries.append({"fullUrl": entry["fullUrl"], "resource": resource, "request": request})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}

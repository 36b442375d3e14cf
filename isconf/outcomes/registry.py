"""The registry export: one de-identified row per operated child with the minimum data set.

No name, MRN or calendar date leaves: the child is its random pseudonym, every date an age
or a duration in months, the pathology a category (its free text could name anyone), and
every other value a code of the case file. ``COLUMNS`` is the data dictionary that
``docs/outcomes.md`` prints (a test holds the two together).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from isconf import vocab
from isconf.domain import Case
from isconf.files import write_atomic
from isconf.outcomes.records import StoredChild
from isconf.outcomes.schedule import visit_in, window
from isconf.outcomes.statistics import seizure_free
from isconf.timeline import DAYS_PER_MONTH

VISITS = (6, 12, 24)
LIST_SEPARATOR = ";"
YES_NO = ("yes", "no")


@dataclass(frozen=True)
class RegistryColumn:
    name: str
    type: str  # text, code, codes, number, integer, yes/no
    unit: str
    allowed: tuple[str, ...]  # the codes a code column may hold; empty: any of its type
    meaning: str


# The pathology category is declared (``surgery.pathology_category``). A case without one (every
# file from before migration 0014) falls back to matching the report's words, anything else
# being "other", and ``pathology_basis`` says which it was, so a registry can leave those out.
PATHOLOGY: tuple[tuple[str, str], ...] = (
    ("fcd_iib", r"\b(fcd|cortical dysplasia)\b.*\b(iib|2b)\b"),
    ("fcd_iia", r"\b(fcd|cortical dysplasia)\b.*\b(iia|2a)\b"),
    ("fcd_iii", r"\b(fcd|cortical dysplasia)\b.*\b(iii|3[abcd]?)\b"),
    ("fcd_i", r"\b(fcd|cortical dysplasia)\b.*\b(i[abc]?|1[abc]?)\b"),
    ("fcd_unspecified", r"\b(fcd|cortical dysplasia)\b"),
    ("hemimegalencephaly", r"hemimegalencephaly"),
    ("tuber", r"\btubers?\b|tuberous sclerosis"),
    ("polymicrogyria", r"polymicrogyria"),
    ("gliosis", r"gliosis|infarct|encephalomalacia"),
    ("tumour", r"tumou?r|ganglioglioma|dnet|dysembryoplastic"),
)
PATHOLOGY_CODES = vocab.codes(vocab.PATHOLOGY_CATEGORY)
BASIS = ("declared", "report_words")


def _codes(vocabulary: vocab.Vocabulary) -> tuple[str, ...]:
    return vocab.codes(vocabulary)


def _visit_columns(months: int) -> tuple[RegistryColumn, ...]:
    at = f"at the {months}-month visit (within a month of that anniversary of surgery)"
    return (
        RegistryColumn(f"engel_{months}m", "code", "", _codes(vocab.ENGEL), f"Engel class {at}"),
        RegistryColumn(f"ilae_{months}m", "integer", "", ("1", "2", "3", "4", "5", "6"), f"ILAE class {at}"),
        RegistryColumn(
            f"seizure_free_{months}m", "yes/no", "", YES_NO, f"Engel I, or ILAE 1–2 without Engel, {at}"
        ),
        RegistryColumn(f"spasm_free_{months}m", "yes/no", "", YES_NO, f"No spasms {at}"),
    )


COLUMNS: tuple[RegistryColumn, ...] = (
    RegistryColumn("pseudonym", "text", "", (), "The case's random pseudonym (not derived from the MRN)"),
    RegistryColumn("age_at_onset_months", "number", "months", (), "Age when the spasms began"),
    RegistryColumn("age_at_surgery_months", "number", "months", (), "Age on the day of surgery"),
    RegistryColumn(
        "spasm_duration_before_surgery_months",
        "number",
        "months",
        (),
        "From the onset to the surgery, or to the last spasm if they stopped before",
    ),
    RegistryColumn("procedure", "code", "", _codes(vocab.SURGERY_PROCEDURE), "Procedure performed"),
    RegistryColumn("side", "code", "", _codes(vocab.SIDE), "Side operated"),
    RegistryColumn("lobes", "codes", "", _codes(vocab.LOBE), "Lobes operated, separated by ';'"),
    RegistryColumn(
        "completeness", "code", "", _codes(vocab.COMPLETENESS), "Completeness on the post-operative MRI"
    ),
    RegistryColumn("pathology", "code", "", PATHOLOGY_CODES, "Pathology category (see pathology_basis)"),
    RegistryColumn(
        "pathology_basis",
        "code",
        "",
        BASIS,
        "declared: the team's category (surgery.pathology_category); report_words: none declared, "
        "matched from the pathology report's words",
    ),
    *(column for months in VISITS for column in _visit_columns(months)),
    RegistryColumn(
        "complications", "codes", "", _codes(vocab.COMPLICATION), "Complications of surgery, separated by ';'"
    ),
)
NAMES = tuple(c.name for c in COLUMNS)


def pathology_category(text: str | None) -> str:
    if not text:
        return ""
    lowered = text.lower()
    return next((code for code, pattern in PATHOLOGY if re.search(pattern, lowered)), "other")


def _pathology(declared: str | None, words: str | None) -> dict[str, str]:
    if declared:
        return {"pathology": declared, "pathology_basis": BASIS[0]}
    matched = pathology_category(words)
    return {"pathology": matched, "pathology_basis": BASIS[1] if matched else ""}


def _months(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    return f"{(end - start).days / DAYS_PER_MONTH:.1f}"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else YES_NO[0 if value else 1]


def _spasm_end(case: Case, surgery: date) -> date:
    last = case.spasms.last_seen_date
    if case.spasms.ongoing is False and last is not None and last < surgery:
        return last
    return surgery


def registry_row(child: StoredChild) -> dict[str, str]:
    case = child.case
    surgery = case.surgery
    assert surgery.date is not None
    born, onset = case.date_of_birth, case.spasms.onset_date
    row = {
        "pseudonym": child.pseudonym,
        "age_at_onset_months": _months(born, onset),
        "age_at_surgery_months": _months(born, surgery.date),
        "spasm_duration_before_surgery_months": _months(onset, _spasm_end(case, surgery.date)),
        "procedure": surgery.procedure or "",
        "side": surgery.side or "",
        "lobes": LIST_SEPARATOR.join(surgery.lobes),
        "completeness": surgery.completeness or "",
        **_pathology(surgery.pathology_category, surgery.pathology),
        "complications": LIST_SEPARATOR.join(surgery.complications),
    }
    for months in VISITS:
        visit = visit_in(case.follow_up, window(surgery.date, months))
        row[f"engel_{months}m"] = (visit.engel or "") if visit else ""
        row[f"ilae_{months}m"] = str(visit.ilae) if visit and visit.ilae is not None else ""
        row[f"seizure_free_{months}m"] = _yes_no(seizure_free(visit)) if visit else ""
        spasms = visit.spasms if visit else None
        row[f"spasm_free_{months}m"] = _yes_no(None if spasms is None else not spasms)
    return {name: row[name] for name in NAMES}


def write_registry(children: Iterable[StoredChild], path: Path) -> int:
    """Write the registry CSV (UTF-8, a header row, then one row per child); the rows written."""
    rows = [registry_row(child) for child in children]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=NAMES)
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, out.getvalue().encode("utf-8"))  # all or nothing, owner-only
    return len(rows)

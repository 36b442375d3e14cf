"""SQLModel tables for a case and its findings.

One row per case holds the single-valued parts of the case file; each list
(treatments, MRI studies and their lesions, EEG, PET, trade-off assessments)
has its own table, ordered by ``position`` so a case reads back exactly as it
was entered. The schema itself is created only by the Alembic migrations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, LargeBinary, MetaData, Text, func
from sqlmodel import Field, SQLModel, col


def _case_fk() -> Any:
    return Field(
        sa_column=Column(
            Integer, ForeignKey("case_record.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )


def _no_items() -> list[str]:
    """The default of a list column. Not ``list`` itself: pydantic reads a default factory's
    signature on every construction, and a builtin's is parsed from text (0.15 ms a case
    imported, import_1000_s in docs/performance.md)."""
    return []


# SQLAlchemy builds and reads the rows; pydantic never validates one. Its validator of a table
# is built only if something asks for it: building the 13 at import was ~9 ms of the app's
# start (startup_s in docs/performance.md).
ROWS_ONLY: Any = ConfigDict(defer_build=True)  # SQLModel types it by a class of its own, not exported

# One Column object, so the mapper can be told it is the version counter.
_VERSION = Column("version", Integer, nullable=False, default=1)


class CaseRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    __tablename__ = "case_record"

    id: int | None = Field(default=None, primary_key=True)
    mrn: str = Field(max_length=40, unique=True, index=True)
    family_name: str | None = Field(default=None, max_length=100)
    given_name: str | None = Field(default=None, max_length=100)
    date_of_birth: dt.date | None = None
    sex: str | None = Field(default=None, max_length=20)
    referring_center: str | None = Field(default=None, max_length=200)
    spasm_onset_date: dt.date | None = None
    spasms_ongoing: bool | None = None
    spasm_last_seen_date: dt.date | None = None
    spasm_clusters_per_day: float | None = None
    spasm_hypsarrhythmia: str | None = Field(default=None, max_length=20)
    # The spasms' semiology (migration 0009), columns named by its path in the case.
    spasms_semiology_type: str | None = Field(default=None, max_length=20)
    spasms_semiology_asymmetric: bool | None = None
    spasms_semiology_side: str | None = Field(default=None, max_length=20)
    spasms_semiology_focal_seizures: bool | None = None
    spasms_semiology_description: str | None = Field(default=None, max_length=2000)  # migration 0010
    etiology_category: str | None = Field(default=None, max_length=20)
    etiology_also: list[str] = Field(default_factory=_no_items, sa_column=Column(JSON, nullable=False))
    etiology_diagnosis: str | None = Field(default=None, max_length=300)
    # The clinical content of a case conference (migration 0010): syndrome, genetic finding, family.
    etiology_syndrome: str | None = Field(default=None, max_length=40)
    etiology_genetic_gene: str | None = Field(default=None, max_length=40)
    etiology_genetic_variant: str | None = Field(default=None, max_length=200)
    etiology_genetic_classification: str | None = Field(default=None, max_length=30)
    metabolic_workup: str | None = Field(default=None, max_length=20)
    degenerative_condition: bool | None = None
    development_assessed_on: dt.date | None = None
    development_status: str | None = Field(default=None, max_length=20)
    developmental_quotient: float | None = None
    family_priorities: list[str] = Field(default_factory=_no_items, sa_column=Column(JSON, nullable=False))
    family_goals: str | None = Field(default=None, max_length=2000)
    baseline_hemiparesis: str | None = Field(default=None, max_length=20)
    baseline_visual_field: str | None = Field(default=None, max_length=20)
    proposed_procedure: str | None = Field(default=None, max_length=40)
    # Trade-off additions (migration 0004): the options the team adds, the next surgery date.
    tradeoff_options: list[str] = Field(default_factory=_no_items, sa_column=Column(JSON, nullable=False))
    next_surgery_date: dt.date | None = None
    # SHA-256 of the case's content as last saved (migration 0013; None before it):
    # isconf check recomputes it (isconf.store.case_hash).
    content_sha256: str | None = Field(default=None, max_length=64)
    # The operation as performed (migration 0011), columns named by its path in the case.
    surgery_date: dt.date | None = None
    surgery_procedure: str | None = Field(default=None, max_length=40)
    surgery_side: str | None = Field(default=None, max_length=20)
    surgery_lobes: list[str] = Field(default_factory=_no_items, sa_column=Column(JSON, nullable=False))
    surgery_completeness: str | None = Field(default=None, max_length=20)
    surgery_pathology: str | None = Field(default=None, max_length=300)
    surgery_pathology_category: str | None = Field(default=None, max_length=30)  # migration 0014
    surgery_complications: list[str] = Field(
        default_factory=_no_items, sa_column=Column(JSON, nullable=False)
    )
    surgery_new_deficits: list[str] = Field(default_factory=_no_items, sa_column=Column(JSON, nullable=False))
    # The evaluation as of the last save, so the case list never loads full records.
    # It holds until ``eval_stable_until`` (None: no date changes it) under the
    # rules version it names; past that the list re-evaluates the case.
    eval_rules_version: str | None = Field(default=None, max_length=10)
    eval_as_of: dt.date | None = None
    eval_stable_until: dt.date | None = None
    eval_status: str | None = Field(default=None, max_length=30)
    eval_pathway: str | None = Field(default=None, max_length=40)
    eval_resistance_date: dt.date | None = None
    # The alarm codes of that evaluation (untreated_spasms), which the list shows and sorts first (0010).
    eval_alarms: list[str] = Field(default_factory=_no_items, sa_column=Column(JSON, nullable=False))
    # The last save that changed the case's status, judged on the day of that save (migration
    # 0014): the status before the edit and after it. Re-screening reads it, so that an edit,
    # never the passing of time, brings a child back at once (isconf.outcomes.rescreen).
    status_changed_at: dt.datetime | None = None
    status_changed_from: str | None = Field(default=None, max_length=30)
    status_changed_to: str | None = Field(default=None, max_length=30)
    # Random, set once: the case's name in de-identified exports (never derived from the MRN).
    pseudonym: str | None = Field(default=None, max_length=20, unique=True, index=True)
    # Incremented by SQLAlchemy on every UPDATE, which also names the version it read
    # (version_id_col): a row changed in between fails the save instead of being overwritten.
    version: int = Field(default=1, sa_column=_VERSION)
    created_at: dt.datetime
    updated_at: dt.datetime

    __mapper_args__ = {"version_id_col": _VERSION}


# One case per MRN ignoring letter case, and the index ``isconf.store.find.find_case`` searches by
# (migration 0007). Declared here so that ``isconf check`` compares it on PostgreSQL;
# SQLAlchemy cannot reflect it on SQLite, where ``isconf.store.integrity`` looks for it by name.
MRN_LOWER_INDEX = Index("ix_case_record_mrn_lower", func.lower(col(CaseRecord.mrn)), unique=True)


class AuditEventRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    """One change to clinical data: append-only (database triggers refuse UPDATE and
    DELETE), each row chained to the one before by ``prev_hash``."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime  # UTC
    actor: str = Field(max_length=100)
    action: str = Field(max_length=20)  # create, update, delete
    entity: str = Field(max_length=40)  # case (later: meeting, decision, signature)
    # The record's stable reference (a case's pseudonym): never reused, unlike a row id
    # SQLite may hand out again after a delete, or an MRN a case may give up.
    entity_ref: str = Field(max_length=40, index=True)
    entity_key: str = Field(max_length=100, index=True)  # the MRN when it happened
    field: str = Field(max_length=300)  # "*" for the whole record
    old_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # The operating-system login beside the signed-in member in ``actor`` (issue 21); the
    # hash covers it when it is there (events written before it stay as they were).
    os_login: str | None = Field(default=None, max_length=100)


class AuditAnchorRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    """The trail's end as last written (one row): removing events from the end shows."""

    __tablename__ = "audit_anchor"

    id: int | None = Field(default=None, primary_key=True)
    events: int
    last_hash: str = Field(max_length=64)


class TreatmentRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    __tablename__ = "treatment"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    agent: str = Field(max_length=30)
    name: str | None = Field(default=None, max_length=100)
    dose: float | None = None
    dose_unit: str | None = Field(default=None, max_length=20)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    outcome: str | None = Field(default=None, max_length=30)


class MriRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    __tablename__ = "mri_study"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    date: dt.date | None = None
    field_strength_t: float | None = None
    finding: str | None = Field(default=None, max_length=20)
    report: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # migration 0010


class LesionRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    __tablename__ = "mri_lesion"

    id: int | None = Field(default=None, primary_key=True)
    mri_id: int = Field(
        sa_column=Column(Integer, ForeignKey("mri_study.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    position: int
    type: str | None = Field(default=None, max_length=30)
    side: str | None = Field(default=None, max_length=20)
    lobes: list[str] = Field(default_factory=_no_items, sa_column=Column(JSON, nullable=False))
    extent: str | None = Field(default=None, max_length=20)
    epileptogenic: bool | None = None


class EegRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    __tablename__ = "eeg_study"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    date: dt.date | None = None
    hypsarrhythmia: str | None = Field(default=None, max_length=20)
    lateralization: str | None = Field(default=None, max_length=20)
    based_score: int | None = None
    note: str | None = Field(default=None, max_length=2000)
    report: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # migration 0010


class PetRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    __tablename__ = "pet_study"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    date: dt.date | None = None
    finding: str | None = Field(default=None, max_length=20)
    side: str | None = Field(default=None, max_length=20)
    lobes: list[str] = Field(default_factory=_no_items, sa_column=Column(JSON, nullable=False))


class AssessmentRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    __tablename__ = "tradeoff_assessment"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    procedure: str = Field(max_length=40)
    deficit: str = Field(max_length=30)
    likelihood: str | None = Field(default=None, max_length=20)
    already_present: bool | None = None
    rating: str | None = Field(default=None, max_length=20)
    rated_by: str | None = Field(default=None, max_length=60)
    comment: str | None = Field(default=None, max_length=2000)


class BenefitOverrideRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    """The team's own expected-benefit figure for one option of a case (migration 0004)."""

    __tablename__ = "tradeoff_benefit"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    procedure: str = Field(max_length=40)
    value: float | None = None
    note: str | None = Field(default=None, max_length=2000)


class FollowUpRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    """One visit after surgery (migration 0011); its development columns are named by their
    path below the visit (``development_standard_score``)."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    date: dt.date | None = None
    engel: str | None = Field(default=None, max_length=10)
    ilae: int | None = None
    spasms: bool | None = None
    last_spasm_date: dt.date | None = None
    hypsarrhythmia: str | None = Field(default=None, max_length=20)
    asm_count: int | None = None
    development_instrument: str | None = Field(default=None, max_length=20)
    development_domain: str | None = Field(default=None, max_length=20)
    development_standard_score: float | None = None


class DevelopmentAssessmentRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    """One standardised developmental assessment (migration 0010)."""

    __tablename__ = "development_assessment"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    date: dt.date | None = None
    instrument: str | None = Field(default=None, max_length=30)
    name: str | None = Field(default=None, max_length=100)
    domain: str | None = Field(default=None, max_length=30)
    standard_score: float | None = None
    developmental_quotient: float | None = None
    age_equivalent_months: float | None = None


class KeyImageRecord(SQLModel, table=True):
    model_config = ROWS_ONLY
    """A key image (migration 0010): its bytes, and their SHA-256 checked on every read."""

    __tablename__ = "key_image"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _case_fk()
    position: int
    modality: str = Field(max_length=20)
    study_date: dt.date | None = None
    caption: str | None = Field(default=None, max_length=300)
    media_type: str = Field(max_length=40)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str = Field(max_length=64)


def every_table() -> MetaData:
    """The metadata with every isconf table on it, which migrations and the schema check
    compare against. The case-conference tables live in their own module, registered here
    rather than on import: the app's first frame needs only the cases (13 ms, startup_s)."""
    from isconf.store import (
        meeting_tables,  # noqa: F401  (registers its tables)
        signing_tables,  # noqa: F401  (registers its tables)
        text_check_tables,  # noqa: F401  (registers its table)
    )

    return SQLModel.metadata

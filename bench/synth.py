"""Synthetic cases and databases for the benchmarks (invented names and MRNs only).

Cases are variations of the shared vignettes and the demo cases: each template is
shifted back in time by a whole number of days, so its evaluation changes with it,
and every case gets its own MRN, name and pseudonym. A database is made by the
app's own migrations and then filled in one transaction with bulk inserts whose
rows come from the app's own mapping (``isconf.store.mapping``), evaluation summary
(``isconf.cases.records.remember_evaluation``) and audit hashing (``isconf.store.audit``), so
the list reads it as it reads a database the app wrote, and ``isconf check`` passes.
Databases are cached by size, schema revision, generator source and day.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import hashlib
import io
import json
import os
import random
import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import create_engine

from isconf import clock
from isconf.cases import records as case_records
from isconf.deidentify import new_pseudonym
from isconf.demo import demo_documents
from isconf.domain import Case
from isconf.schema import FORMAT, case_to_dict, parse_case_document
from isconf.store import audit, mapping
from isconf.store.case_hash import case_sha256
from isconf.store.database import open_database
from isconf.store.migrate import head_revision
from isconf.store.tables import (
    AuditAnchorRecord,
    AuditEventRecord,
    CaseRecord,
    KeyImageRecord,
    LesionRecord,
    MriRecord,
)

ROOT = Path(__file__).resolve().parent.parent
VIGNETTES = next(
    (p for p in (ROOT.parent / "shared" / "vignettes", ROOT / "tests" / "data" / "vignettes") if p.is_dir()),
    ROOT / "tests" / "data" / "vignettes",
)
BIG_MRN = "SYN-BIG-0001"  # 20 trials, 5 MRI, 5 EEG, 3 key images: the case open_case_ms opens
SHIFTS = range(0, 400, 10)  # days each template is moved back
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SYLLABLES = ("ka", "lo", "ren", "mi", "sa", "to", "vel", "an", "di", "ro", "nu", "ber", "chi", "pa", "zo")
ACTOR = "bench"


def cache_folder() -> Path:
    """``ISCONF_BENCH_CACHE``, else ``isconf-bench-cache`` in the temporary folder."""
    folder = Path(os.environ.get("ISCONF_BENCH_CACHE") or Path(tempfile.gettempdir()) / "isconf-bench-cache")
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def synthetic_name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def shifted(value: Any, days: int) -> Any:
    """A document with every date moved ``days`` earlier."""
    if isinstance(value, dict):
        return {k: shifted(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [shifted(v, days) for v in value]
    if isinstance(value, str) and _DATE.match(value):
        return (date.fromisoformat(value) - timedelta(days=days)).isoformat()
    return value


def base_documents(today: date) -> list[dict[str, Any]]:
    """The vignettes and the demo cases, as ``case`` objects."""
    files = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(VIGNETTES.glob("*.json"))]
    documents = [f["case"] for f in files if isinstance(f, dict) and "case" in f]  # not expected.json
    return documents + demo_documents(today)


def template_documents(today: date) -> list[dict[str, Any]]:
    """Every base document shifted by every step of ``SHIFTS``."""
    bases = base_documents(today)
    return [shifted(doc, days) for days in SHIFTS for doc in bases]


def key_image_png(size: int, seed: int) -> bytes:
    """A synthetic greyscale slice (a bright ellipse with texture): PNG bytes of a realistic size."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.effect_noise((size, size), 40).convert("L")
    draw = ImageDraw.Draw(image)
    box = (size // 8, size // 6, size * 7 // 8, size * 5 // 6)
    draw.ellipse(box, outline=220, width=max(2, size // 64))
    x, y = rng.randrange(size // 3, size // 2), rng.randrange(size // 3, size // 2)
    draw.ellipse((x, y, x + size // 8, y + size // 10), fill=240)
    out = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(out, format="PNG")
    return out.getvalue()


def big_document(today: date) -> dict[str, Any]:
    """A long case: 20 treatment trials, 5 MRI studies with lesions, 5 EEG, 3 key images."""
    start = today - timedelta(days=700)

    def day(n: int) -> str:
        return (start + timedelta(days=n)).isoformat()

    agents = ("vigabatrin", "prednisolone", "acth", "ketogenic_diet", "other_asm")
    units = {"vigabatrin": "mg/kg/day", "prednisolone": "mg/day", "acth": "IU/m2/day"}
    treatments = []
    for i in range(20):
        agent = agents[i % len(agents)]
        trial: dict[str, Any] = {
            "agent": agent,
            "start_date": day(40 + i * 25),
            "end_date": day(60 + i * 25),
            "outcome": "no_response" if i % 3 else "partial",
        }
        if agent in units:
            trial |= {"dose": 40 if agent == "prednisolone" else 150, "dose_unit": units[agent]}
        if agent == "other_asm":
            trial["name"] = "topiramate"
        treatments.append(trial)
    lesion = {"type": "fcd", "side": "left", "lobes": ["frontal"], "extent": "lobar", "epileptogenic": True}
    return {
        "mrn": BIG_MRN,
        "family_name": "Longcase",
        "given_name": "Benchmark",
        "date_of_birth": day(0),
        "sex": "female",
        "referring_center": "Synthetic Children's Hospital",
        "spasms": {
            "onset_date": day(30),
            "ongoing": True,
            "clusters_per_day": 6,
            "hypsarrhythmia": "classic",
        },
        "treatments": treatments,
        "mri": [
            {"date": day(50 + i * 100), "field_strength_t": 3, "finding": "lesional", "lesions": [lesion]}
            for i in range(5)
        ],
        "eeg": [
            {"date": day(45 + i * 100), "hypsarrhythmia": "modified", "lateralization": "left"}
            for i in range(5)
        ],
        "etiology": {"category": "structural", "diagnosis": "Focal cortical dysplasia type II"},
        "metabolic_workup": "normal",
        "degenerative_condition": False,
        "development": {"assessed_on": day(600), "status": "delayed", "developmental_quotient": 60},
        "baseline_function": {"hemiparesis": "none", "visual_field": "full"},
        "images": [
            {"modality": "mri", "study_date": day(50 + i * 200), "caption": f"Synthetic slice {i + 1}",
             "media_type": "image/png", "data": base64.b64encode(key_image_png(384, i)).decode("ascii")}
            for i in range(3)
        ],
    }  # fmt: skip


def case_documents(count: int, today: date, *, seed: int = 8) -> list[dict[str, Any]]:
    """``count`` full case documents with their own MRN and name (for files to import)."""
    rng = random.Random(seed)
    templates = template_documents(today)
    documents = []
    for i in range(count):
        case = copy.deepcopy(templates[i % len(templates)])
        case |= {
            "mrn": f"IMP-{i:06d}",
            "family_name": synthetic_name(rng, 3),
            "given_name": synthetic_name(rng, 2),
        }
        documents.append({"format": FORMAT, "case": case})
    return documents


def parsed_templates(today: date) -> list[Case]:
    return [
        parse_case_document({"format": FORMAT, "case": d}, today=today) for d in template_documents(today)
    ]


# --- databases ------------------------------------------------------------------------


def database(count: int) -> Path:
    """A cached database with ``count`` synthetic cases plus the long case; built when missing."""
    today = clock.today()
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]
    path = cache_folder() / f"cases-{count}-rev{head_revision()}-{source}-{today.isoformat()}.db"
    if not path.exists():
        for old in cache_folder().glob(f"cases-{count}-*.db*"):
            old.unlink()
        partial = path.with_suffix(".partial")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        build_database(partial, count, today)
        partial.rename(path)
        partial.with_suffix(".partial.lock").unlink(missing_ok=True)  # the migration's writer lock
    return path


def copy_database(source: Path, target: Path) -> Path:
    """A working copy of a (checkpointed) cached database."""
    shutil.copyfile(source, target)
    return target


def build_database(path: Path, count: int, today: date) -> None:
    """Create ``path`` by the migrations and fill it with ``count`` cases plus the long case."""
    open_database(str(path)).close()
    rng = random.Random(count)
    templates = [_Template.of(case) for case in parsed_templates(today)]
    big = _Template.of(parse_case_document({"format": FORMAT, "case": big_document(today)}, today=today))
    rows = _Rows()
    for i in range(count):
        template = templates[rng.randrange(len(templates))]
        rows.add(template, f"SYN-{i:06d}", synthetic_name(rng, 3), synthetic_name(rng, 2))
    rows.add(big, BIG_MRN, "Longcase", "Benchmark")
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            for table, values in rows.tables():
                if values:
                    connection.execute(table.insert(), values)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


class _Template:
    """One parsed case's rows, made once and copied for every case built from it."""

    def __init__(self, case: Case, record: dict[str, Any], document: dict[str, Any]) -> None:
        self.case, self.record, self.document = case, record, document

    @classmethod
    def of(cls, case: Case) -> _Template:
        now = clock.now()
        record = CaseRecord(mrn=case.mrn, created_at=now, updated_at=now, version=1)
        mapping.write_scalars(record, case)
        case_records.remember_evaluation(record, case)
        values = {c.name: getattr(record, c.key) for c in CaseRecord.__table__.columns}
        return cls(case, values, case_to_dict(case))


class _Rows:
    """Rows for every table, with ids assigned here so children can name their parents."""

    def __init__(self) -> None:
        self.cases: list[dict[str, Any]] = []
        tables = [table for _path, table, _kind in mapping.LISTS]
        self.children: dict[Any, list[dict[str, Any]]] = {
            t: [] for t in (*tables, LesionRecord, KeyImageRecord)
        }
        self.events: list[dict[str, Any]] = []
        self.last_hash = audit.GENESIS
        self.at = clock.now()

    def add(self, template: _Template, mrn: str, family: str, given: str) -> None:
        case_id = len(self.cases) + 1
        pseudonym = new_pseudonym()
        named = dataclasses.replace(template.case, mrn=mrn, family_name=family, given_name=given)
        self.cases.append(
            template.record
            | {"id": case_id, "mrn": mrn, "family_name": family, "given_name": given, "pseudonym": pseudonym}
            | {"content_sha256": case_sha256(named)}  # what isconf check recomputes (issue 23)
        )
        case = template.case
        for path, table, _kind in mapping.LISTS:  # every list the mapping declares, as it writes them
            if table is not MriRecord:
                self._children(table, mapping._list(case, path), case_id)
        self._children(KeyImageRecord, case.images, case_id)
        for position, study in enumerate(case.mri):
            mri_id = self._child(
                MriRecord, {"case_id": case_id, "position": position}, study, skip=("lesions",)
            )
            for j, lesion in enumerate(study.lesions):
                self._child(LesionRecord, {"mri_id": mri_id, "position": j}, lesion)
        document = template.document | {"mrn": mrn, "family_name": family, "given_name": given}
        self._event(pseudonym, mrn, document)

    def _children(self, table: Any, items: tuple[Any, ...], case_id: int) -> None:
        for position, item in enumerate(items):
            self._child(table, {"case_id": case_id, "position": position}, item)

    def _child(self, table: Any, keys: dict[str, Any], item: Any, skip: tuple[str, ...] = ()) -> int:
        rows = self.children[table]
        row_id = len(rows) + 1
        rows.append({"id": row_id, **keys, **mapping._values(item, skip=skip)})
        return row_id

    def _event(self, pseudonym: str, mrn: str, document: dict[str, Any]) -> None:
        event = SimpleNamespace(
            at=self.at,
            actor=ACTOR,
            action="create",
            entity="case",
            entity_ref=pseudonym,
            entity_key=mrn,
            field=audit.WHOLE_RECORD,
            old_value=None,
            new_value=audit._encode(document),
            prev_hash=self.last_hash,
        )
        event.hash = audit.event_hash(event)
        self.last_hash = event.hash
        self.events.append({"id": len(self.events) + 1, **vars(event)})

    def tables(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        anchor = [{"id": 1, "events": len(self.events), "last_hash": self.last_hash}]
        return [
            (CaseRecord.__table__, self.cases),
            *((table.__table__, rows) for table, rows in self.children.items()),
            (AuditEventRecord.__table__, self.events),
            (AuditAnchorRecord.__table__, anchor),
        ]

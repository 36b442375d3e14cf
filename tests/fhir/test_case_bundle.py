"""A case → FHIR R4B Bundle → a case: every vignette, and a case with every declared field
filled (built from the declarations, so a field added to isconf-case/1 is covered as it lands)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from clinical_files import png_bytes
from conftest import mrn_of, vignette_files
from isconf import fields, vocab
from isconf.domain import Case
from isconf.schema import case_to_document
from isconf.services import Services

BIRTH = date(2025, 1, 10)
TODAY = date(2026, 11, 30)
# Values the rules between fields settle: another medication is dosed in mg.
# An image's bytes are what its media type says (the reader checks them).
PNG = png_bytes()
FIXED: dict[str, Any] = {
    "date_of_birth": BIRTH,
    "dose_unit": "mg/day",
    "media_type": "image/png",
    "data": PNG,
}


def _round_trip(source: Services, target: Services, mrn: str) -> dict[str, Any]:
    bundle = source.fhir.export_case(mrn)
    Bundle.model_validate(bundle)  # parses and validates as FHIR R4B
    results = target.fhir.import_document(json.loads(json.dumps(bundle)))
    assert [r.problems for r in results] == [()]
    assert results[0].unmapped == ()
    return target.export_document(mrn)


@pytest.mark.parametrize("file", vignette_files(), ids=lambda p: p.stem)
def test_every_vignette_round_trips_through_a_valid_bundle(
    file: Path, tmp_path: Path, fixed_clock: Any
) -> None:
    fixed_clock(TODAY)
    source, target = Services.open(str(tmp_path / "a.db")), Services.open(str(tmp_path / "b.db"))
    try:
        assert source.import_files([file])[0].ok
        original = source.export_document(mrn_of(file))
        assert _round_trip(source, target, mrn_of(file)) == original
    finally:
        source.close()
        target.close()


class _Filler:
    """A value for every declared field: dates one day apart from birth in declaration
    order (so every "after" holds), the second code of each vocabulary, bounds respected."""

    def __init__(self) -> None:
        self.day = BIRTH
        self.item = 0  # the items of a list take different codes (two team figures differ)

    def fill(self, cls: type) -> Any:
        return cls(**{d.name: self.value(d.info, d.key) for d in fields.declared(cls)})

    def value(self, info: fields.FieldInfo, key: str) -> Any:
        codes = vocab.codes(info.vocabulary)
        if key in FIXED:
            return FIXED[key]
        if info.kind == "group":
            return self.fill(info.of)  # type: ignore[arg-type]
        if info.kind == "list":
            items = []
            for self.item in range(2):
                items.append(self.fill(info.of))  # type: ignore[arg-type]
            self.item = 0
            return tuple(items)
        if info.kind == "codes":
            return tuple(codes[:2])
        if info.kind == "choice":
            return "other_asm" if key == "agent" else codes[(1 + self.item) % len(codes)]
        if info.kind == "yesno":
            return True
        if info.kind == "number":
            low, high = info.bounds or (0, 10)
            middle = min(high, low + 3)
            return int(middle) if info.integer else middle + 0.5 if middle + 0.5 <= high else middle
        if info.kind == "date":
            self.day += timedelta(days=3)
            return self.day
        if info.kind == "binary":  # a key image: a real PNG (the reader checks the bytes)
            return PNG
        return f"{info.title or key} text"[: info.limit or 50]


def test_a_case_with_every_field_filled_round_trips(tmp_path: Path, fixed_clock: Any) -> None:
    fixed_clock(TODAY)
    case = _Filler().fill(Case)
    source, target = Services.open(str(tmp_path / "a.db")), Services.open(str(tmp_path / "b.db"))
    try:
        assert source.cases.import_document(case_to_document(case)).ok, source.cases.reader.recheck(case)
        original = source.export_document(case.mrn)
        assert original["case"]["images"]
        assert _round_trip(source, target, case.mrn) == original
    finally:
        source.close()
        target.close()


def test_the_deidentified_bundle_holds_no_name_mrn_or_calendar_date(tmp_path: Path, fixed_clock: Any) -> None:
    fixed_clock(TODAY)
    case = _Filler().fill(Case)
    services = Services.open(str(tmp_path / "a.db"))
    try:
        services.cases.import_document(case_to_document(case))
        bundle = services.fhir.export_case(case.mrn, deidentify=True)
        Bundle.model_validate(bundle)
        text = json.dumps(bundle)
        assert case.mrn not in text
        assert (case.family_name or "?") not in text and (case.given_name or "?") not in text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "a calendar date was written"
        assert "birthDate" not in text
        assert ' text"' not in text, "free text was written"  # every text the filler wrote ends so
        patient = bundle["entry"][0]["resource"]
        assert patient["identifier"][0]["value"].startswith("ANON-")
        ages = [
            c["valueQuantity"]["value"]
            for e in bundle["entry"]
            for c in e["resource"].get("component", [])
            if c.get("valueQuantity", {}).get("code") == "d"
        ]
        assert ages and all(a > 0 for a in ages)  # dates kept as ages in days from birth
    finally:
        services.close()

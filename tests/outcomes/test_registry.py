"""``outcomes export``: the registry CSV holds no name, MRN or calendar date, and matches the
data dictionary in docs/outcomes.md (parsed here, not imported)."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from isconf.outcomes.registry import pathology_category
from isconf.services import Services
from outcome_children import TODAY, add_child, child_document

DOCS = Path(__file__).resolve().parents[2] / "docs" / "outcomes.md"
DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\b(19|20)\d{2}\b")


@pytest.fixture(autouse=True)
def _today(fixed_clock: Any) -> None:
    fixed_clock(TODAY)


def dictionary() -> list[dict[str, str]]:
    """The rows of the data dictionary table in docs/outcomes.md."""
    text = DOCS.read_text(encoding="utf-8").split("### Data dictionary", 1)[1]
    rows = [line for line in text.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert header == ["column", "type", "unit", "allowed values", "meaning"]
    out = []
    for line in rows[2:]:
        cells = dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        cells["column"] = cells["column"].strip("`")
        out.append(cells)
    return out


def allowed(entry: dict[str, str]) -> set[str]:
    return {code.strip().strip("`") for code in entry["allowed values"].split(",") if code.strip()}


@pytest.fixture
def exported(services: Services, db: str, tmp_path: Path, capsys: Any) -> list[dict[str, str]]:
    surgery = date(2026, 12, 15)
    visits = ((6, "IA", 1), (12, "IIA", 3), (24, None, 2))
    add_child(
        services,
        child_document(
            "REG-001",
            surgery,
            visits=visits,
            complications=("infection", "reoperation"),
            pathology="Focal dysplasia, see report",  # words that match no category
            pathology_category="fcd_iib",
        ),
    )
    add_child(
        services,
        child_document("REG-002", date(2027, 2, 1), "hemispherotomy", pathology="Hemimegalencephaly"),
    )
    add_child(services, child_document("REG-003", surgery, pathology="Seen by Dr Smith on 3 March"))
    add_child(services, child_document("REG-004", None))  # not operated: no row
    out = tmp_path / "registry.csv"
    code, _, err = run_cli(capsys, "outcomes", "export", "-o", str(out), "--db", db)
    assert code == 0 and "wrote 3 operated children" in err
    with out.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_csv_matches_its_data_dictionary(exported: list[dict[str, str]]) -> None:
    entries = dictionary()
    assert list(exported[0]) == [e["column"] for e in entries]
    for row in exported:
        for entry in entries:
            value = row[entry["column"]]
            if value == "":
                continue
            kind = entry["type"]
            if kind == "number":
                float(value)
            elif kind == "integer":
                int(value)
            if kind in ("code", "yes/no") or (kind == "integer" and allowed(entry)):
                assert value in allowed(entry), (entry["column"], value)
            if kind == "codes":
                assert set(value.split(";")) <= allowed(entry), (entry["column"], value)


def test_the_csv_holds_no_name_mrn_or_calendar_date(
    exported: list[dict[str, str]], services: Services
) -> None:
    # The random pseudonym is hex, and may spell "FCD" by chance: the words are sought elsewhere.
    text = "\n".join(",".join(v for k, v in row.items() if k != "pseudonym") for row in exported)
    assert not DATE_LIKE.search(text)
    for mrn in ("REG-001", "REG-002", "REG-003"):
        case = services.get_case(mrn).case
        assert mrn not in text
        assert case.family_name is not None and case.family_name not in text
        assert case.given_name is not None and case.given_name not in text
    assert "Smith" not in text and "FCD" not in text
    assert all(row["pseudonym"].startswith("ANON-") for row in exported)


def test_the_minimum_data_set(exported: list[dict[str, str]], services: Services) -> None:
    first = next(r for r in exported if r["engel_6m"])
    case = services.get_case("REG-001").case
    assert case.date_of_birth is not None and case.spasms.onset_date is not None
    assert float(first["age_at_surgery_months"]) == pytest.approx(
        (date(2026, 12, 15) - case.date_of_birth).days / (365.25 / 12), abs=0.05
    )
    assert float(first["spasm_duration_before_surgery_months"]) == pytest.approx(
        (date(2026, 12, 15) - case.spasms.onset_date).days / (365.25 / 12), abs=0.05
    )
    assert (first["engel_6m"], first["seizure_free_6m"], first["spasm_free_6m"]) == ("IA", "yes", "yes")
    assert (first["engel_12m"], first["ilae_12m"], first["seizure_free_12m"]) == ("IIA", "3", "no")
    assert (first["engel_24m"], first["ilae_24m"], first["seizure_free_24m"]) == ("", "2", "yes")
    assert first["complications"] == "infection;reoperation"
    assert first["pathology"] == "fcd_iib" and first["lobes"] == "frontal"
    assert sorted((r["pathology"], r["pathology_basis"]) for r in exported) == [
        ("fcd_iib", "declared"),  # the team's category, whatever the report's words
        ("hemimegalencephaly", "report_words"),  # none declared: matched from the words
        ("other", "report_words"),
    ]


@pytest.mark.parametrize(
    ("words", "category"),
    [
        ("FCD IIb", "fcd_iib"),
        ("Focal cortical dysplasia type 2a", "fcd_iia"),
        ("FCD type Ib", "fcd_i"),
        ("cortical tuber", "tuber"),
        ("Ganglioglioma WHO 1", "tumour"),
        ("", ""),
        ("Dr Jones' note", "other"),
    ],
)
def test_pathology_becomes_a_category(words: str, category: str) -> None:
    assert pathology_category(words) == category

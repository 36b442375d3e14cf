"""What the case editor shows, section by section, in the order a clinician reads a case."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from isconf import domain, fields, schema, vocab
from ui.editor.fields import (
    ChoiceField,
    CodesField,
    DateField,
    Field,
    NumberField,
    OrderedCodesField,
    TextField,
    YesNoField,
)
from ui.editor.record_table import Column


def boxed(title: str, *widgets: QWidget) -> QGroupBox:
    """``widgets`` one under the other in a titled box: how every section groups its parts."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def identification_fields() -> list[tuple[str, Field]]:
    return form_rows(domain.Case, "case")


def spasm_fields() -> list[tuple[str, Field]]:
    return form_rows(domain.Spasms, "case.spasms")


def etiology_fields() -> list[tuple[str, Field]]:
    return form_rows(domain.Etiology, "case.etiology")


def metabolic_fields() -> list[tuple[str, Field]]:
    return form_rows(domain.Case, "case", section="metabolic")


def development_fields() -> list[tuple[str, Field]]:
    return form_rows(domain.Development, "case.development")


def family_fields() -> list[tuple[str, Field]]:
    return form_rows(domain.Family, "case.family", wide_codes=True)


def baseline_fields() -> list[tuple[str, Field]]:
    return form_rows(domain.BaselineFunction, "case.baseline_function")


def proposal_fields() -> list[tuple[str, Field]]:
    return form_rows(domain.Tradeoff, "case.tradeoff", wide_codes=True)


def surgery_fields() -> list[tuple[str, Field]]:
    # Two columns: three ("Fine motor hand function" beside two others) scrolled the page
    # sideways at 1366×768.
    return form_rows(domain.Surgery, "case.surgery", code_columns=2)


def form_rows(
    cls: type, path: str, *, section: str = "", wide_codes: bool = False, code_columns: int = 0
) -> list[tuple[str, Field]]:
    """A form row (label, editor) for each single-valued field ``cls`` declares in ``section``,
    and for those of the groups it shows inline (the spasms' semiology)."""
    rows: list[tuple[str, Field]] = []
    for d in fields.declared(cls):
        if d.info.section != section:
            continue
        if d.info.scalar:
            columns = code_columns or (2 if wide_codes else 0)
            rows.append((d.info.label, _editor(f"{path}.{d.key}", d.info, columns)))
        elif d.info.inline and d.info.of is not None:
            rows += form_rows(d.info.of, f"{path}.{d.key}", wide_codes=wide_codes)
    return rows


def _editor(path: str, info: fields.FieldInfo, code_columns: int) -> Field:
    if info.kind == "text":
        return TextField(path, max_length=info.limit, placeholder="required" if info.required else "")
    if info.kind == "date":
        return DateField(path, future=info.future)
    if info.kind == "number":
        return NumberField(path)
    if info.kind == "yesno":
        yes, no = info.yes_no
        return YesNoField(path, yes=yes, no=no)
    if info.kind == "codes" and info.ordered:
        return OrderedCodesField(path, info.vocabulary, columns=code_columns)
    if info.kind == "codes":
        return CodesField(path, info.vocabulary, columns=code_columns)
    return ChoiceField(path, info.vocabulary)


def table_columns(cls: type, widths: tuple[int, ...], *, suggest: vocab.Vocabulary = ()) -> list[Column]:
    """A table column for each field of ``cls``, ``widths`` in declaration order (0: stretch).
    A text field offered ``suggest`` completes from it (who rated an assessment). A group's
    fields are columns of their own, keyed by their path in the item (``development.domain``)
    and titled after the group (``Dev. domain``)."""
    declared = _flat(cls)
    assert len(widths) == len(declared), cls
    return [_column(d, width, suggest) for d, width in zip(declared, widths, strict=True)]


def _flat(cls: type) -> list[fields.Declared]:
    found: list[fields.Declared] = []
    for d in fields.declared(cls):
        if d.info.kind == "group" and d.info.of is not None:
            short = d.info.title[:3]
            found += [
                fields.Declared(
                    inner.name,
                    f"{d.key}.{inner.key}",
                    replace(inner.info, label=f"{short}. {inner.info.title.lower()}"),
                )
                for inner in fields.declared(d.info.of)
            ]
        else:
            found.append(d)
    return found


_COLUMN_KIND = {"list": "count", "binary": "binary"}


def _column(d: fields.Declared, width: int, suggest: vocab.Vocabulary) -> Column:
    kind = _COLUMN_KIND.get(d.info.kind, d.info.kind)
    vocabulary = d.info.vocabulary
    if kind == "text" and suggest and d.info.limit < schema.NOTE_MAX:
        kind, vocabulary = "suggest", suggest
    return Column(d.key, d.info.title, kind, vocabulary, width, d.info.help)


TREATMENT_COLUMNS = table_columns(domain.Treatment, (150, 95, 50, 85, 88, 88, 0))
MRI_COLUMNS = table_columns(domain.MriStudy, (95, 70, 110, 60, 0))
LESION_COLUMNS = table_columns(domain.Lesion, (160, 80, 150, 95, 0))
PET_COLUMNS = table_columns(domain.PetStudy, (95, 140, 90, 0))
EEG_COLUMNS = table_columns(domain.EegStudy, (95, 120, 110, 60, 180, 0))
DEVELOPMENT_COLUMNS = table_columns(domain.DevelopmentAssessment, (95, 115, 120, 100, 80, 70, 0))
IMAGE_COLUMNS = table_columns(domain.KeyImage, (80, 95, 260, 70, 0))
ASSESSMENT_COLUMNS = table_columns(
    domain.Assessment, (165, 125, 85, 95, 95, 120, 0), suggest=vocab.RATED_BY_SUGGESTIONS
)
BENEFIT_COLUMNS = table_columns(domain.BenefitOverride, (200, 145, 0))
FOLLOW_UP_COLUMNS = table_columns(domain.FollowUp, (95, 85, 50, 90, 95, 125, 50, 125, 100, 0))

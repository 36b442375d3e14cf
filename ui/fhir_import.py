"""File ▸ Import from FHIR…: the case a FHIR file holds, shown before anything is saved.

The dialog lists, per patient, every value the import would store, what stops it, the
resources isconf could not map, and the candidacy evaluation with each criterion's reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isconf.services import FhirFilePreview, FhirPreview, status_words
from ui.tables import ColumnsModel, searchable_table

ModelIndex = QModelIndex | QPersistentModelIndex


def flattened(value: Any, path: str = "") -> list[tuple[str, str]]:
    """``(field path, value)`` for every recorded value of a case-file object."""
    if isinstance(value, dict):
        rows: list[tuple[str, str]] = []
        for key, item in value.items():
            rows += flattened(item, f"{path}.{key}" if path else key)
        return rows
    if isinstance(value, list):
        if value and all(not isinstance(v, dict | list) for v in value):
            return [(path, ", ".join(str(v) for v in value))]
        return [row for n, item in enumerate(value) for row in flattened(item, f"{path}[{n}]")]
    if value is None:
        return []
    words = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
    return [(path, str(words))]


class FhirPreviewModel(ColumnsModel):
    """One row per value the import would store, patient by patient."""

    COLUMNS = ("Patient (MRN)", "Field", "Value")

    def __init__(self, patients: tuple[FhirPreview, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = [(p.mrn or "(no MRN)", *row) for p in patients for row in flattened(p.document["case"])]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._rows[index.row()][index.column()]


def notes(preview: FhirFilePreview) -> str:
    """What the user must know before saving: problems, what is not mapped, the evaluation."""
    lines = [f"File: {p}" for p in preview.problems]
    for patient in preview.patients:
        lines.append(f"— {patient.mrn or 'a patient without an MRN'} —")
        if patient.problems:
            lines.append("Will NOT be imported (nothing of this patient is saved):")
            lines += [f"  {p}" for p in patient.problems]
        if patient.evaluation is not None:
            evaluation = patient.evaluation
            lines.append(f"Evaluation as of {evaluation.as_of:%d %b %Y}: {status_words(evaluation.status)}")
            lines += [
                f"  {c.id.replace('_', ' ')}: {c.state.replace('_', ' ')} ({c.reason})"
                for c in evaluation.criteria
            ]
        if patient.unmapped:
            lines.append(f"Not mapped ({len(patient.unmapped)}): {', '.join(patient.unmapped)}")
    if preview.unmapped:
        lines.append(f"About no patient, not mapped: {', '.join(preview.unmapped)}")
    return "\n".join(lines)


class FhirImportDialog(QDialog):
    """The preview; Import accepts it (the caller saves, off the UI thread)."""

    def __init__(self, preview: FhirFilePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Import from FHIR")
        self.resize(1000, 680)
        good = sum(not p.problems for p in preview.patients)
        heading = QLabel(
            f"{preview.source}: {len(preview.patients)} patient(s), {good} can be imported. "
            "Nothing is saved until you press Import.",
            objectName="hint",
        )
        heading.setWordWrap(True)
        self.model = FhirPreviewModel(preview.patients, self)
        table = searchable_table(self.model, "Values to import", "Filter by field or value", self)
        self.proxy, self.search, self.view = table.proxy, table.search, table.view
        self.notes = QPlainTextEdit(notes(preview), readOnly=True)
        self.notes.setMaximumHeight(220)
        self.replace = QCheckBox("&Replace a stored case with the same MRN")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(preview.importable)
        self.import_button.setDefault(preview.importable)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.replace)
        layout.addWidget(buttons)

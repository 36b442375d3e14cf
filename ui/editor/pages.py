"""The case editor's seven pages, in the order the foundation issue lists a case, and the
fields and tables on them by path (where a problem is placed and what a save reads)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from isconf import vocab
from isconf.services import dose_limits
from ui.editor import layout as sections
from ui.editor.case_views import CaseViews
from ui.editor.fields import Field
from ui.editor.image_drop import ImageDrop
from ui.editor.images_panel import ImagesPanel
from ui.editor.lesions import MriLesions
from ui.editor.record_table import RecordTable
from ui.editor.responsive_row import ResponsiveRow
from ui.editor.study_report import StudyReport
from ui.editor.tradeoff_page import TradeoffPage


class CasePages:
    """Builds the pages; ``fields`` and ``tables`` by path, ``tab_of`` each one's page."""

    def __init__(
        self,
        *,
        on_edited: Callable[[], None],
        commit: Callable[[], None],
    ) -> None:
        """``on_edited``: a lesion was edited; ``commit`` captures the editor's document (the
        trade-off page's edits)."""
        self._on_edited, self._commit = on_edited, commit
        self.fields: dict[str, Field] = {}
        self.tables: dict[str, RecordTable] = {}
        self.tab_of: dict[str, int] = {}
        self.views = CaseViews()
        self.pages = (
            self._patient_page(),
            self._treatment_page(),
            self._mri_page(),
            self._eeg_pet_page(),
            self._etiology_page(),
            self._function_page(),
            self._tradeoff_page(),
            self._outcome_page(),
        )

    def _form(self, title: str, rows: list[tuple[str, Field]], tab: int) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(12)
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field.focus_target())
            # Qt finds a buddy's words only beside the field; the field's own box hides them.
            field.focus_target().setAccessibleName(text.replace("&", ""))
            form.addRow(label, field)
            self.fields[field.path] = field
            self.tab_of[field.path] = tab
        return box

    def _table(self, path: str, columns: Any, noun: str, tab: int) -> RecordTable:
        table = RecordTable(path, columns, noun=noun)
        self.tables[path] = table
        self.tab_of[path] = tab
        return table

    def _patient_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(
            ResponsiveRow(
                self._form("Identification", sections.identification_fields(), 0),
                self._form("Spasm history", sections.spasm_fields(), 0),
            )
        )
        column.addStretch(1)
        return _page(page)

    def _treatment_page(self) -> QWidget:
        table = self._table("case.treatments", sections.TREATMENT_COLUMNS, "treatment", 1)
        hint = QLabel(_dose_hint(), objectName="hint")
        hint.setWordWrap(True)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(sections.boxed("Treatment trials, in the order given", table, hint), 1)
        column.addWidget(sections.boxed("Treatment timeline (weeks from onset)", self.views.timeline))
        return _page(page)

    def _mri_page(self) -> QWidget:
        mri = self._table("case.mri", sections.MRI_COLUMNS, "MRI study", 2)
        self.lesions = MriLesions(mri, self._on_edited)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.views.concordance)
        self.mri_report = StudyReport(mri, "MRI", self._on_edited)
        studies = sections.boxed(
            "MRI studies (the rules read the latest; drop an image here to add it)",
            mri,
            self.mri_report,
            mri_note := _drop_note(),
        )
        column.addWidget(studies, 2)
        lesions = sections.boxed("Lesions of the selected MRI", self.lesions.caption, self.lesions.table)
        column.addWidget(lesions, 2)
        images = self._table("case.images", sections.IMAGE_COLUMNS, "image", 2)
        images.view.setMaximumHeight(120)
        self.images = ImagesPanel(images)
        column.addWidget(sections.boxed("Key images (MRI, PET, EEG, …): drop a file here", self.images), 2)
        self.drops = [ImageDrop(studies, self.images, "mri", mri_note)]
        return _page(page)

    def _eeg_pet_page(self) -> QWidget:
        eeg = self._table("case.eeg", sections.EEG_COLUMNS, "EEG", 3)
        pet = self._table("case.pet", sections.PET_COLUMNS, "PET study", 3)
        page = QWidget()
        column = QVBoxLayout(page)
        self.eeg_report = StudyReport(eeg, "EEG", self._on_edited)
        # An image file dropped on either section is added as a key image of its kind (issue 16).
        for title, table, modality, extra in (
            ("EEG studies (drop an EEG image to add it)", eeg, "eeg", [self.eeg_report]),
            ("PET studies (drop a PET image to add it)", pet, "pet", []),
        ):
            box = sections.boxed(title, table, *extra, note := _drop_note())
            self.drops.append(ImageDrop(box, self.images, modality, note))
            column.addWidget(box, 1)
        return _page(page)

    def _etiology_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self._form("Etiology", sections.etiology_fields(), 4))
        column.addWidget(
            ResponsiveRow(
                self._form("Metabolic and degenerative", sections.metabolic_fields(), 4),
                self._form("Development", sections.development_fields(), 4),
            )
        )
        assessments = self._table(
            "case.development.assessments", sections.DEVELOPMENT_COLUMNS, "assessment", 4
        )
        assessments.view.setMinimumHeight(110)
        trend = QHBoxLayout()
        trend.addWidget(assessments, 3)
        trend.addWidget(self.views.trend, 2)
        box = sections.boxed("Developmental assessments (the latest score below 70 counts for criterion 4)")
        box.layout().addLayout(trend)
        column.addWidget(box)
        column.addWidget(self._form("The family's priorities and goals", sections.family_fields(), 4))
        column.addStretch(1)
        return _page(page)

    def _function_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self._form("Baseline function", sections.baseline_fields(), 5), 1)
        row.addStretch(1)
        column.addLayout(row)
        table = self._table("case.tradeoff.assessments", sections.ASSESSMENT_COLUMNS, "assessment", 5)
        column.addWidget(sections.boxed("Function-loss assessments", table), 1)
        return _page(page)

    def _tradeoff_page(self) -> QWidget:
        decision = self._form("Decision", sections.proposal_fields(), 6)
        benefits = self._table("case.tradeoff.benefit_overrides", sections.BENEFIT_COLUMNS, "team figure", 6)
        benefits.view.setMaximumHeight(110)
        self.tradeoff = TradeoffPage(
            decision=decision,
            assessments=self.tables["case.tradeoff.assessments"].model,
            benefits=benefits,
            commit=self._commit,
        )
        page = _page(self.tradeoff)
        self.tradeoff.setMinimumWidth(620)  # the tables scroll sideways inside rather than the page
        return page

    def _outcome_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self._form("Surgery (as performed)", sections.surgery_fields(), 7), 3)
        row.addStretch(1)
        column.addLayout(row)
        visits = self._table("case.follow_up", sections.FOLLOW_UP_COLUMNS, "visit", 7)
        hint = QLabel(
            "Visits are due 6, 12 and 24 months after surgery, then yearly (± 1 month). "
            "Seizure-free: Engel I, or ILAE 1–2. Insert adds a visit, Ctrl+Delete removes one.",
            objectName="hint",
        )
        hint.setWordWrap(True)
        column.addWidget(sections.boxed("Follow-up visits", visits, hint), 1)
        return _page(page)


def _drop_note() -> QLabel:
    """Where a section says what became of an image dropped on it (empty until then)."""
    note = QLabel(objectName="hint")
    note.setWordWrap(True)
    note.hide()
    return note


def _page(content: QWidget) -> QWidget:
    """A section page that scrolls rather than forcing the window wider than the screen."""
    content.setObjectName("editorPage")
    # As narrow as its widest field needs (side-by-side boxes stack first): a field off to
    # the right behind a sideways scroll was not seen at 1366×768.
    scroller = QScrollArea()
    scroller.setWidget(content)
    scroller.setWidgetResizable(True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
    return scroller


def _dose_hint() -> str:
    fits = []
    for agent, units in dose_limits().items():
        if units:
            fits.append(f"{vocab.label(vocab.AGENT, agent)}: {', '.join(units)}")
    return (
        "Units that fit: "
        + "  ·  ".join(fits)
        + "\nLeave End empty while a trial continues. Type or press F2 to edit a cell, Delete empties it; "
        "Insert adds a row, Ctrl+Delete removes one."
    )

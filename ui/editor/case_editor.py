"""The case editor: every field of the case file, grouped as a clinician reads a case.

The editor works on the case-file document itself: it builds the document
from its fields, validates it through the services as the user types, keeps
an undo history of snapshots, and saves through the services. It never
writes to the database any other way.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from isconf import clock, timeline, vocab
from isconf.domain import Spasms
from isconf.services import (
    FORMAT,
    NEW_CASE,
    CaseConflictError,
    ConflictError,
    ExportError,
    Problem,
    ServiceError,
    Services,
    StoredCase,
    case_document,
    changes_between,
    dose_limits,
)
from ui import dialogs
from ui.checklist import ChecklistPanel
from ui.editor import layout as sections
from ui.editor.fields import Field
from ui.editor.record_table import RecordTable
from ui.editor.tradeoff_page import TradeoffPage
from ui.ops import OpRunner

_TABLE_PATH = re.compile(
    r"^(?P<table>case\.(?:treatments|mri|eeg|pet|tradeoff\.assessments|tradeoff\.benefit_overrides))"
    r"\[(?P<row>\d+)\](?:\.(?P<key>\w+))?(?P<rest>.*)$"
)
_ITEM = re.compile(r"\[\d+\]$")
_LESION_PATH = re.compile(r"^\[(?P<row>\d+)\](?:\.(?P<key>\w+))?")
# In the order the foundation issue lists a case: identification and spasms,
# treatments, MRI with lesions, EEG then PET, etiology and development, function.
# Short titles so all seven tabs fit beside the list and the checklist at 1600 px;
# each tab's tooltip says what the section holds.
TAB_TITLES = (
    "&1 Patient",
    "&2 Treatments",
    "&3 MRI",
    "&4 EEG && PET",
    "&5 Etiology",
    "&6 Function",
    "&7 Trade-off",
)
TAB_TIPS = (
    "Patient and spasm history",
    "First-line and other treatment trials",
    "MRI studies and their lesions",
    "EEG and PET studies",
    "Etiology, metabolic work-up, degenerative condition and development",
    "Baseline function and the trade-off assessments",
    "Weigh function loss against stopping the spasms, option by option",
)
TRADEOFF_SECTION = TAB_TITLES.index("&7 Trade-off")


class _Snapshot(QUndoCommand):
    """One step of editing: the document before and after it."""

    def __init__(self, editor: CaseEditor, before: dict[str, Any], after: dict[str, Any]) -> None:
        super().__init__("edit")
        self.editor, self.before, self.after = editor, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # the fields already show "after"
            self._first = False
            return
        self.editor.restore(self.after)

    def undo(self) -> None:
        self.editor.restore(self.before)


class CaseEditor(QWidget):
    """Edits one case; ``dirtyChanged`` tells whether it differs from what is saved."""

    dirtyChanged = Signal(bool)
    saved = Signal(str)
    refused = Signal()  # a save the services refused (or could not do)

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, ops: OpRunner | None = None
    ) -> None:
        """``ops``: the window's runner for writes (its busy bar is the window's); by default
        the editor's own."""
        super().__init__(parent)
        self.services = services
        self.ops = ops or OpRunner(self, "Save case")
        self.fields: dict[str, Field] = {}
        self.tables: dict[str, RecordTable] = {}
        self.undo_stack = QUndoStack(self)
        self.original_mrn: str | None = None
        self.version: int | None = None
        self.problems: list[Problem] = []
        self._saved_doc: dict[str, Any] = {}
        self._committed: dict[str, Any] = {}
        self._dirty = False
        self._restoring = False
        self._loading = False
        self._drafted: dict[str, Any] | None = None  # what the draft on disk holds
        self._lesion_errors: dict[int, dict[tuple[int, str], str]] = {}
        self._tab_of: dict[str, int] = {}
        self._capture_timer = QTimer(self, singleShot=True, interval=250)
        self._capture_timer.timeout.connect(self.capture)
        self._build()
        self.load(None, offer_draft=False)

    # --- building --------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(objectName="caseTitle")
        self.subtitle = QLabel(objectName="caseSubtitle")
        self.problem_header = QLabel(objectName="problemHeader")
        self.problem_model = QStringListModel(self)
        self.problem_view = QListView(objectName="problemList")
        self.problem_view.setModel(self.problem_model)
        self.problem_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.problem_view.activated.connect(self._go_to_problem)
        self.problem_view.clicked.connect(self._go_to_problem)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        pages = (
            self._patient_page(),
            self._treatment_page(),
            self._mri_page(),
            self._eeg_pet_page(),
            self._etiology_page(),
            self._function_page(),
            self._tradeoff_page(),
        )
        for title, tip, page in zip(TAB_TITLES, TAB_TIPS, pages, strict=True):
            self.tabs.setTabToolTip(self.tabs.addTab(page, title), tip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.problem_header)
        layout.addWidget(self.problem_view)
        self.checklist = ChecklistPanel()
        self.checklist.setMinimumWidth(300)
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.checklist)
        self.body.setStretchFactor(0, 1)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([690, 470])
        self.body.setChildrenCollapsible(False)
        layout.addWidget(self.body, 1)
        for field in self.fields.values():
            field.edited.connect(self._on_edited)
        for table in self.tables.values():
            table.edited.connect(self._on_edited)

    def _form(self, title: str, rows: list[tuple[str, Field]], tab: int) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(12)
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field.focus_target())
            form.addRow(label, field)
            self.fields[field.path] = field
            self._tab_of[field.path] = tab
        return box

    def _table(self, path: str, columns: Any, noun: str, tab: int) -> RecordTable:
        table = RecordTable(path, columns, noun=noun)
        self.tables[path] = table
        self._tab_of[path] = tab
        return table

    def _patient_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(self._form("Identification", sections.identification_fields(), 0), 1)
        row.addWidget(self._form("Spasm history", sections.spasm_fields(), 0), 1)
        column.addLayout(row)
        column.addStretch(1)
        return _page(page)

    def _treatment_page(self) -> QWidget:
        table = self._table("case.treatments", sections.TREATMENT_COLUMNS, "treatment", 1)
        hint = QLabel(_dose_hint(), objectName="hint")
        hint.setWordWrap(True)
        return _page(sections.boxed("Treatment trials, in the order given", table, hint))

    def _mri_page(self) -> QWidget:
        mri = self._table("case.mri", sections.MRI_COLUMNS, "MRI study", 2)
        self.lesions = RecordTable("lesions", sections.LESION_COLUMNS, noun="lesion")
        self.lesion_caption = QLabel(objectName="hint")
        mri.view.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show_lesions())
        mri.model.modelReset.connect(self._show_lesions)
        mri.model.rowsRemoved.connect(self._show_lesions)
        mri.model.rowsInserted.connect(self._show_lesions)
        self.lesions.edited.connect(self._lesions_edited)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(sections.boxed("MRI studies (the latest by date is the one the rules read)", mri), 2)
        column.addWidget(sections.boxed("Lesions of the selected MRI", self.lesion_caption, self.lesions), 3)
        return _page(page)

    def _eeg_pet_page(self) -> QWidget:
        eeg = self._table("case.eeg", sections.EEG_COLUMNS, "EEG", 3)
        pet = self._table("case.pet", sections.PET_COLUMNS, "PET study", 3)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(sections.boxed("EEG studies", eeg), 1)
        column.addWidget(sections.boxed("PET studies", pet), 1)
        return _page(page)

    def _etiology_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self._form("Etiology", sections.etiology_fields(), 4))
        row = QHBoxLayout()
        row.addWidget(self._form("Metabolic and degenerative", sections.metabolic_fields(), 4), 1)
        row.addWidget(self._form("Development", sections.development_fields(), 4), 1)
        column.addLayout(row)
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
            commit=self.capture,
        )
        page = _page(self.tradeoff)
        self.tradeoff.setMinimumWidth(620)  # the tables scroll sideways inside rather than the page
        return page

    # --- loading and reading ------------------------------------------------------

    def load(self, stored: StoredCase | None, *, offer_draft: bool = True) -> None:
        """Show a stored case, or an empty new case, in place of the current one.

        When isconf closed before edits to this case were saved, the draft it
        kept is offered back (``offer_draft``).
        """
        self._loading = True
        self.checklist.show_nothing()  # never another case's verdict, even marked out of date
        try:
            if stored is None:
                self.original_mrn, self.version = None, None
                document = _empty_document()
            else:
                self.original_mrn, self.version = stored.case.mrn, stored.version
                document = case_document(stored.case)
            self.restore(document, refresh=False)  # refreshed once below, against the saved document
            self._saved_doc = self.document()
            self._committed = self._saved_doc
            self.undo_stack.clear()
            self._refresh()
        finally:
            self._loading = False
        self.tabs.setCurrentIndex(0)
        if offer_draft:
            self._offer_draft()

    def _draft_key(self) -> str:
        return self.original_mrn if self.original_mrn is not None else NEW_CASE

    def _offer_draft(self) -> None:
        draft = self.services.drafts.load(self._draft_key())
        if draft is None or draft.document == self._saved_doc:
            return
        what = self.original_mrn or "A new case"
        if not dialogs.ask_restore_draft(self, what, draft.saved_at):
            self.discard_draft()
            return
        # Saves stay checked against the version the draft was based on.
        self.version = draft.base_version
        self.undo_stack.push(_Snapshot(self, self._committed, draft.document))
        self.restore(draft.document)

    def discard_draft(self) -> None:
        """Forget the on-disk copy of this case's unsaved edits."""
        self.services.drafts.discard(self._draft_key())
        self._drafted = None

    def _keep_draft(self) -> None:
        """Keep unsaved edits on disk; remove the draft once there are none.

        Only a change is written: a refresh without new edits costs no disk I/O.
        """
        try:
            if self._dirty and self._committed != self._drafted:
                self.services.drafts.save(self._draft_key(), self.version, self._committed)
                self._drafted = self._committed
            elif not self._dirty and self._drafted is not None:
                self.discard_draft()
        except (ExportError, OSError) as exc:
            self.subtitle.setText(f"{self.subtitle.text()}  ·  ⚠ draft not kept: {exc}")

    def restore(self, document: dict[str, Any], *, refresh: bool = True) -> None:
        """Put ``document`` into the fields (undo, redo and load come through here)."""
        self._restoring = True
        try:
            case = document.get("case", {})
            for path, field in self.fields.items():
                field.set_value(_lookup(case, path))
            for path, table in self.tables.items():
                table.set_records(copy.deepcopy(_lookup(case, path) or []))
        finally:
            self._restoring = False
        self._committed = self.document()
        if refresh:
            self._refresh()

    def document(self) -> dict[str, Any]:
        """The case-file document the fields describe right now."""
        case: dict[str, Any] = {}
        for path, field in self.fields.items():
            _assign(case, path, field.value())
        for path, table in self.tables.items():
            _assign(case, path, copy.deepcopy(table.records()))
        return {"format": FORMAT, "case": case}

    def is_dirty(self) -> bool:
        return self._dirty

    def is_new(self) -> bool:
        return self.original_mrn is None

    # --- editing ---------------------------------------------------------------------

    def _on_edited(self) -> None:
        if not self._restoring:
            self._capture_timer.start()

    def capture(self) -> None:
        """Record what changed since the last snapshot as one undoable step."""
        self._capture_timer.stop()
        document = self.document()
        if document != self._committed:
            self.undo_stack.push(_Snapshot(self, self._committed, document))
            self._committed = document
        self._refresh()

    def undo(self) -> None:
        self.capture()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.capture()
        self.undo_stack.redo()

    def revert(self) -> None:
        """Throw away every unsaved edit."""
        self.capture()
        if self._committed != self._saved_doc:
            self.undo_stack.push(_Snapshot(self, self._committed, self._saved_doc))
            self.restore(self._saved_doc)

    def _refresh(self) -> None:
        document = self._committed
        review = self.services.review_document(document)
        self.problems, evaluation = review.problems, review.evaluation
        self._show_problems()
        self._show_header(document.get("case", {}))
        if evaluation is None:
            self.checklist.show_stale(len(self.problems))
        else:
            self.checklist.show_evaluation(evaluation)
        self.tradeoff.show_view(review.tradeoff, len(self.problems))
        dirty = document != self._saved_doc
        changed = dirty != self._dirty
        self._dirty = dirty
        if not self._loading:
            self._keep_draft()
        if changed:
            self.dirtyChanged.emit(dirty)

    # --- saving ------------------------------------------------------------------------

    def save(self, then: Callable[[], object] | None = None) -> bool:
        """Start saving through the services, off the UI thread; False (with the reasons
        shown) when refused before anything is sent. ``saved`` follows a success, then
        ``then``; a refusal by the services is shown in the problem list, a conflict asks."""
        if self.ops.busy:
            return False
        if not self.tradeoff.settle_team_figure():
            self.show_section(TRADEOFF_SECTION)
            self.tradeoff.team_form.note.setFocus()
            return False
        self.capture()
        if self.problems:
            self._go_to_problem(self.problem_model.index(0))
            return False
        document = self._committed  # what is sent: edits typed while it is written stay unsaved
        case = self.services.parse_document(document)
        original, version = self.original_mrn, self.version
        services = self.services

        def write() -> StoredCase:
            if original is None or version is None:
                return services.create_case(case)
            return services.save_case(case, original_mrn=original, expected_version=version)

        def written(stored: StoredCase) -> None:
            self._saved_as(stored, document)
            if then is not None:
                then()

        return self.ops.run(
            write,
            initiator=self.window(),
            on_success=written,
            on_conflict=self._conflict,
            on_refused=self._refused,
            on_error=self._not_saved,
        )

    def _saved_as(self, stored: StoredCase, document: dict[str, Any]) -> None:
        if self.original_mrn != stored.case.mrn:
            self.discard_draft()  # the draft was kept under the old MRN
        self.original_mrn, self.version = stored.case.mrn, stored.version
        self._saved_doc = document
        if document is self._committed:
            self.undo_stack.setClean()
        self._refresh()
        self.saved.emit(stored.case.mrn)

    def _refused(self, exc: ServiceError) -> None:
        self.problems = exc.problems
        self._show_problems()
        self.refused.emit()

    def _not_saved(self, exc: BaseException) -> None:
        # The edits stay on screen and in the draft; the user can save again.
        dialogs.inform(self, "Not saved", "The case could not be saved; your edits are kept.", str(exc))
        self.refused.emit()

    def _conflict(self, exc: ConflictError) -> None:
        assert isinstance(exc, CaseConflictError)
        self.refused.emit()
        changes = changes_between(self._saved_doc.get("case"), exc.current)
        if dialogs.ask_reload_after_conflict(self, self.original_mrn or "", changes):
            self.discard_draft()
            self.load(exc.current, offer_draft=False)

    # --- problems ----------------------------------------------------------------------

    def _show_problems(self) -> None:
        for field in self.fields.values():
            field.set_problem(None)
        table_errors: dict[str, dict[tuple[int, str], str]] = {path: {} for path in self.tables}
        self._lesion_errors = {}
        tabs_with_problems: set[int] = set()
        lines = []
        for problem in self.problems:
            lines.append(self.describe(problem))
            tab = self._place_problem(problem, table_errors)
            if tab is not None:
                tabs_with_problems.add(tab)
        for path, table in self.tables.items():
            table.model.set_errors(table_errors[path])
        self._show_lesions()
        self.problem_model.setStringList(lines)
        count = len(lines)
        self.problem_header.setText(
            f"⚠ {count} problem{'s' if count != 1 else ''} to fix before saving (click one to go to it)"
        )
        self.problem_header.setVisible(bool(count))
        self.problem_view.setVisible(bool(count))
        if count:
            row_height = self.problem_view.sizeHintForRow(0)
            self.problem_view.setFixedHeight(
                min(count, 4) * row_height + 2 * self.problem_view.frameWidth() + 2
            )
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(self.tabs.count()):
            self.tabs.setTabIcon(index, warning if index in tabs_with_problems else QIcon())

    def _field_of(self, path: str) -> Field | None:
        """The field a problem path names; an item of a list field (``options[1]``) is the field's."""
        return self.fields.get(path) or self.fields.get(_ITEM.sub("", path))

    def _place_problem(
        self, problem: Problem, table_errors: dict[str, dict[tuple[int, str], str]]
    ) -> int | None:
        field = self._field_of(problem.path)
        if field is not None:
            field.set_problem(problem.message)
            return self._tab_of[field.path]
        match = _TABLE_PATH.match(problem.path)
        if match is None:
            return 0 if problem.path in ("case", "format") else None
        table, row, key = match["table"], int(match["row"]), match["key"] or ""
        table_errors[table][(row, key)] = problem.message
        lesion = _LESION_PATH.match(match["rest"]) if key == "lesions" else None
        if lesion is not None:
            self._lesion_errors.setdefault(row, {})[(int(lesion["row"]), lesion["key"] or "")] = (
                problem.message
            )
        return self._tab_of[table]

    def describe(self, problem: Problem) -> str:
        """A problem in the words of the screen: which section, row and field."""
        field = self._field_of(problem.path)
        if field is not None:
            label = self._label_of(field)
            return f"{label}: {problem.message}"
        match = _TABLE_PATH.match(problem.path)
        if match is None:
            return str(problem)
        table = self.tables[match["table"]]
        row, key = int(match["row"]) + 1, match["key"]
        where = f"{table.noun.capitalize()} {row}"
        if key == "lesions" and (lesion := _LESION_PATH.match(match["rest"])):
            where += f", lesion {int(lesion['row']) + 1}"
            key = lesion["key"]
            columns = self.lesions.model.columns
        else:
            columns = table.model.columns
        titles = {c.key: c.title for c in columns}
        if key:
            where += f", {titles.get(key, key)}"
        return f"{where}: {problem.message}"

    def _label_of(self, field: Field) -> str:
        for label in field.parentWidget().findChildren(QLabel):
            if label.buddy() is field.focus_target():
                return label.text().replace("&", "")
        return field.path

    def _go_to_problem(self, index: Any) -> None:
        if not index.isValid() or index.row() >= len(self.problems):
            return
        problem = self.problems[index.row()]
        field = self._field_of(problem.path)
        if field is not None:
            self.tabs.setCurrentIndex(self._tab_of[field.path])
            field.focus_target().setFocus()
            return
        match = _TABLE_PATH.match(problem.path)
        if match is not None:
            table = self.tables[match["table"]]
            self.tabs.setCurrentIndex(self._tab_of[match["table"]])
            table.select_cell(int(match["row"]), match["key"] or "")

    # --- the header ------------------------------------------------------------------

    def _show_header(self, case: dict[str, Any]) -> None:
        name = ", ".join(p for p in (case.get("family_name"), case.get("given_name")) if p)
        if self.original_mrn is None:
            self.title.setText(f"New case{': ' + name if name else ''}")
        else:
            self.title.setText(name or "(no name recorded)")
        today = clock.today()
        dob = _date(case.get("date_of_birth"))
        parts = [f"MRN {case.get('mrn') or '—'}"]
        age = timeline.age_months(dob, today) if dob and dob <= today else None
        if age is not None:
            parts.append(f"{age:.1f} months old")
        if case.get("sex"):
            parts.append(vocab.label(vocab.SEX, case["sex"]).lower())
        spasms = case.get("spasms") or {}
        onset = _date(spasms.get("onset_date"))
        if onset is not None and onset <= today:
            weeks = timeline.spasm_weeks(
                Spasms(
                    onset_date=onset,
                    ongoing=spasms.get("ongoing") if isinstance(spasms.get("ongoing"), bool) else None,
                    last_seen_date=_date(spasms.get("last_seen_date")),
                ),
                today,
            )
            if weeks is not None:
                parts.append(f"{weeks:.1f} weeks of spasms")
        if self._dirty_now():
            parts.append("unsaved changes")
        self.subtitle.setText("  ·  ".join(parts))

    def _dirty_now(self) -> bool:
        return self._committed != self._saved_doc

    # --- MRI lesions -----------------------------------------------------------------

    def _current_mri_row(self) -> int:
        table = self.tables["case.mri"]
        index = table.view.currentIndex()
        rows = table.records()
        return index.row() if index.isValid() and index.row() < len(rows) else -1

    def _show_lesions(self) -> None:
        row = self._current_mri_row()
        rows = self.tables["case.mri"].records()
        if row < 0 and rows:
            row = 0
        if row < 0:
            self.lesions.set_records([])
            self.lesions.setEnabled(False)
            self.lesion_caption.setText("Add an MRI study, then its lesions.")
            return
        study = rows[row]
        lesions = study.setdefault("lesions", [])
        if self.lesions.records() is not lesions:
            self.lesions.set_records(lesions)
        self.lesions.model.set_errors(self._lesion_errors.get(row, {}))
        self.lesions.setEnabled(True)
        when = study.get("date") or "undated"
        self.lesion_caption.setText(f"MRI {row + 1} ({when})")

    def _lesions_edited(self) -> None:
        mri = self.tables["case.mri"]
        row = max(self._current_mri_row(), 0)
        column = len(mri.model.columns) - 1
        mri.model.dataChanged.emit(mri.model.index(row, column), mri.model.index(row, column))
        self._on_edited()

    def show_section(self, index: int) -> None:
        """Show a section and put the cursor in its first field."""
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus()
        self.tabs.currentWidget().focusNextChild()


def _page(content: QWidget) -> QWidget:
    """A section page that scrolls rather than forcing the window wider than the screen."""
    content.setObjectName("editorPage")
    content.setMinimumWidth(content.sizeHint().width())  # scroll sideways rather than squash fields
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


def _empty_document() -> dict[str, Any]:
    return {"format": FORMAT, "case": {"mrn": None}}


def _lookup(case: dict[str, Any], path: str) -> Any:
    node: Any = case
    for key in path.split(".")[1:]:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _assign(case: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")[1:]
    node = case
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = value


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None

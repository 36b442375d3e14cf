"""The case editor: every field of the case file, grouped as a clinician reads a case.

The editor works on the case-file document itself: it builds the document
from its fields, validates it through the services as the user types, keeps
an undo history of snapshots, and saves through the services. It never
writes to the database any other way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from isconf import clock, fields, timeline, vocab
from isconf.case_writer import copy_json, put_at, value_at
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
)
from ui import dialogs
from ui.checklist import ChecklistPanel
from ui.editor.fields import Field
from ui.editor.pages import CasePages
from ui.editor.problems import TABLE_PATH, ProblemPlaces
from ui.editor.record_table import RecordTable
from ui.ops import OpRunner
from ui.splitter_memory import remember

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
    "&8 Outcome",
)
TAB_TIPS = (
    "Patient and spasm history",
    "First-line and other treatment trials",
    "MRI studies and their lesions",
    "EEG and PET studies",
    "Etiology, metabolic work-up, degenerative condition and development",
    "Baseline function and the trade-off assessments",
    "Weigh function loss against stopping the spasms, option by option",
    "Surgery & outcome: the operation as performed and the visits after it",
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
        self._tab_of: dict[str, int] = {}
        self._marked_tabs: set[int] = set()  # the tabs showing the problem mark
        self._capture_timer = QTimer(self, singleShot=True, interval=250)
        self._capture_timer.timeout.connect(self.capture)
        self._build()
        self.load(None, offer_draft=False)

    # --- building --------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(objectName="caseTitle")
        # Wrapped: a long name held the editor as wide as itself and squeezed the case list.
        self.title.setWordWrap(True)
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
        pages = CasePages(on_edited=self._on_edited, commit=self.capture)
        self.fields, self.tables, self._tab_of = pages.fields, pages.tables, pages.tab_of
        self.mri_lesions, self.tradeoff = pages.lesions, pages.tradeoff
        self.views, self.images = pages.views, pages.images
        self.lesions = self.mri_lesions.table
        self.places = ProblemPlaces(pages, self.lesions)
        for title, tip, page in zip(TAB_TITLES, TAB_TIPS, pages.pages, strict=True):
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
        remember(self.body, "editor")
        layout.addWidget(self.body, 1)
        for field in self.fields.values():
            field.edited.connect(self._on_edited)
        for table in self.tables.values():
            table.edited.connect(self._on_edited)

    # --- loading and reading ------------------------------------------------------

    def load(self, stored: StoredCase | None, *, offer_draft: bool = True) -> None:
        """Show a stored case, or an empty new case, in place of the current one.

        When isconf closed before edits to this case were saved, the draft it
        kept is offered back (``offer_draft``).
        """
        self._loading = True
        self.checklist.forget()  # never another case's verdict, even marked out of date
        try:
            if stored is None:
                self.original_mrn, self.version = None, None
                document = _empty_document()
            else:
                self.original_mrn, self.version = stored.case.mrn, stored.version
                document = case_document(stored.case)
            # Refreshed once below; made here and kept by nothing else: the tables may hold it.
            self.restore(document, refresh=False, owned=True)
            self._saved_doc = self._committed  # what the fields hold, as restore read it back
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

    def restore(self, document: dict[str, Any], *, refresh: bool = True, owned: bool = False) -> None:
        """Put ``document`` into the fields (undo, redo and load come through here); the tables,
        which edit their rows in place, get copies unless the caller ``owned`` the document."""
        self._restoring = True
        try:
            case = document.get("case", {})
            for path, field in self.fields.items():
                field.set_value(value_at(case, path))
            for path, table in self.tables.items():
                rows = value_at(case, path) or []
                table.set_records(rows if owned else copy_json(rows))
        finally:
            self._restoring = False
        self._committed = self.document()
        if refresh:
            self._refresh()

    def document(self) -> dict[str, Any]:
        """The case-file document the fields describe right now."""
        case: dict[str, Any] = {}
        for path, field in self.fields.items():
            put_at(case, path, field.value())
        for path, table in self.tables.items():
            put_at(case, path, copy_json(table.records()))
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
            self.checklist.show_evaluation(evaluation, review.operation)
        self.tradeoff.show_view(review.tradeoff, len(self.problems))
        self.views.show(review.case, evaluation.as_of if evaluation else None)
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
        self.mri_lesions.errors = {}
        tabs_with_problems: set[int] = set()
        lines = []
        for problem in self.problems:
            lines.append(self.places.describe(problem))
            tab = self.places.place(problem, table_errors, self.mri_lesions.errors)
            if tab is not None:
                tabs_with_problems.add(tab)
        for path, table in self.tables.items():
            table.model.set_errors(table_errors[path])
        self.mri_lesions.show()
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
        # Only the tabs whose mark changes: each setTabIcon lays the whole tab bar out again.
        if tabs_with_problems != self._marked_tabs:
            warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            for index in tabs_with_problems ^ self._marked_tabs:
                self.tabs.setTabIcon(index, warning if index in tabs_with_problems else QIcon())
            self._marked_tabs = tabs_with_problems

    def _go_to_problem(self, index: Any) -> None:
        if not index.isValid() or index.row() >= len(self.problems):
            return
        problem = self.problems[index.row()]
        field = self.places.field_of(problem.path)
        if field is not None:
            self.tabs.setCurrentIndex(self._tab_of[field.path])
            field.focus_target().setFocus()
            return
        match = TABLE_PATH.match(problem.path)
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
        spasms = fields.best_effort(Spasms, case.get("spasms"))
        if spasms.onset_date is not None and spasms.onset_date <= today:
            weeks = timeline.spasm_weeks(spasms, today)
            if weeks is not None:
                parts.append(f"{weeks:.1f} weeks of spasms")
        if self._dirty_now():
            parts.append("unsaved changes")
        self.subtitle.setText("  ·  ".join(parts))

    def _dirty_now(self) -> bool:
        return self._committed != self._saved_doc

    def show_section(self, index: int) -> None:
        """Show a section and put the cursor in its first field."""
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus()
        self.tabs.currentWidget().focusNextChild()


def _empty_document() -> dict[str, Any]:
    return {"format": FORMAT, "case": {"mrn": None}}


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None

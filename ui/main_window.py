"""The main window: the case list on the left, the open case on the right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from isconf import __version__
from isconf.services import AuditEntry, Changes, ExportError, ImportResult, ServiceError, Services
from ui import dialogs
from ui.actions import SECTION_ACTIONS, SPECS, ActionId, CasesState, build_actions, refresh_enabled
from ui.audit_view import AuditDialog
from ui.background import Report, Task, run_in_background
from ui.case_list import MRN_ROLE, URGENCY_COLUMN, WIDTH_SAMPLE_ROWS, CaseFilterProxy, CaseListModel
from ui.ops import OpRunner, change_bus

if TYPE_CHECKING:
    from ui.editor.case_editor import CaseEditor


class MainWindow(QMainWindow):
    """Cases: find, open, enter, edit, import and export."""

    def __init__(self, services: Services, *, fill_list: bool = True) -> None:
        """``fill_list=False`` leaves the list empty until ``refresh_cases``: ``ui.app.run``
        fills it after styling the window, which would otherwise size the list's columns
        over its rows once for the style sheet and again when shown (~20 ms)."""
        super().__init__()
        self.services = services
        self.setWindowTitle("isconf[*]")
        self._import_task: Task | None = None
        self._editor: CaseEditor | None = None  # built when first needed (see ``editor``)
        self.ops = OpRunner(self, "isconf")  # saves and deletes, off the UI thread, one at a time
        self.ops.busyChanged.connect(self._update_state)
        self.case_model = CaseListModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.case_model)
        self.actions_ = build_actions(self, self._slots())
        self._build_list()
        self._build_central()
        self._build_menus()
        self.actions_[ActionId.SHOW_CHECKLIST].setChecked(True)
        self.statusBar().showMessage(f"Database: {services.database.location.display}")
        if fill_list:
            self.refresh_cases()
        self._show_editor(False)
        change_bus().changed.connect(self._changed_elsewhere)

    # --- construction -----------------------------------------------------------

    @property
    def editor(self) -> CaseEditor:
        """The case editor, built when a case is first opened or begun: the first frame
        shows only the list, and building and styling the editor there cost ~70 ms of
        start-up (docs/performance.md)."""
        if self._editor is None:
            self._editor = self._build_editor()
        return self._editor

    def _build_editor(self) -> CaseEditor:
        from ui.editor.case_editor import CaseEditor

        editor = CaseEditor(self.services, ops=self.ops)
        editor.checklist.setVisible(self.actions_[ActionId.SHOW_CHECKLIST].isChecked())
        editor.dirtyChanged.connect(self._update_state)
        editor.saved.connect(self._after_save)
        editor.refused.connect(self._say_not_saved)
        editor.undo_stack.canUndoChanged.connect(self._update_state)
        editor.undo_stack.canRedoChanged.connect(self._update_state)
        self.stack.addWidget(editor)
        return editor

    def _open_mrn(self) -> str | None:
        """The MRN of the case in the editor (None: none, a new case, or no editor yet)."""
        return None if self._editor is None else self._editor.original_mrn

    def _editing(self) -> bool:
        return self._editor is not None and self.stack.currentWidget() is self._editor

    def _slots(self) -> dict[ActionId, object]:
        return {
            ActionId.NEW_CASE: self.new_case,
            ActionId.IMPORT: self.import_files,
            ActionId.EXPORT: self.export_case,
            ActionId.ADD_DEMO: self.add_demo_cases,
            ActionId.QUIT: self.close,
            ActionId.SAVE: lambda _checked=False: self.save(),
            ActionId.UNDO: lambda _checked=False: self.editor.undo(),
            ActionId.REDO: lambda _checked=False: self.editor.redo(),
            ActionId.REVERT: lambda _checked=False: self.editor.revert(),
            ActionId.DELETE_CASE: self.delete_case,
            ActionId.FIND: self.focus_search,
            ActionId.ABOUT: self.about,
            ActionId.CASE_HISTORY: self.show_case_history,
            ActionId.SHOW_CHECKLIST: self.toggle_checklist,
            ActionId.AUDIT_TRAIL: self.show_audit_trail,
            ActionId.MEETINGS: self.show_meetings,
            **{
                action_id: (lambda _checked=False, i=index: self.show_section(i))
                for index, action_id in enumerate(SECTION_ACTIONS)
            },
        }

    def _build_list(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search MRN or name  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._open_first_match)
        self.case_view = QTableView()
        self.case_view.setModel(self.proxy)
        self.case_view.setSortingEnabled(True)
        self.case_view.sortByColumn(URGENCY_COLUMN, Qt.SortOrder.AscendingOrder)  # most urgent first
        self.case_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_view.setAlternatingRowColors(True)
        self.case_view.setTabKeyNavigation(False)
        self.case_view.setWordWrap(False)
        self.case_view.verticalHeader().hide()
        self.case_view.verticalHeader().setDefaultSectionSize(26)
        self.case_view.setAccessibleName("Case list")
        header = self.case_view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(WIDTH_SAMPLE_ROWS)
        # A scroll bar that comes and goes as the matches change relays the whole panel out
        # (~30 ms on a keystroke over 10,000 cases) and makes the columns jump.
        self.case_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        header.setStretchLastSection(True)
        self.case_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = QLabel(objectName="hint")

    def _build_central(self) -> None:
        left = QWidget(objectName="listPanel")
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 4, 8)
        column.addWidget(self.search)
        column.addWidget(self.case_view, 1)
        column.addWidget(self.count_label)
        placeholder = QLabel(
            "Select a case in the list, or press Ctrl+N for a new case.\n"
            "Ctrl+I imports case files; File ▸ Add demo cases fills an empty database.",
            objectName="placeholder",
        )
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(placeholder)  # the editor joins it when built
        self.splitter = splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 1160])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

    def _build_menus(self) -> None:
        a = self.actions_
        menu_bar = self.menuBar()
        for title, ids in (
            (
                "&File",
                [
                    ActionId.NEW_CASE,
                    ActionId.IMPORT,
                    ActionId.EXPORT,
                    None,
                    ActionId.ADD_DEMO,
                    ActionId.AUDIT_TRAIL,
                    ActionId.MEETINGS,
                    None,
                    ActionId.QUIT,
                ],
            ),
            ("&Edit", [ActionId.UNDO, ActionId.REDO, ActionId.REVERT, None, ActionId.FIND]),
            ("&Go", list(SECTION_ACTIONS)),
            ("&View", [ActionId.SHOW_CHECKLIST]),
            ("&Case", [ActionId.SAVE, ActionId.CASE_HISTORY, None, ActionId.DELETE_CASE]),
            ("&Help", [ActionId.ABOUT]),
        ):
            menu = menu_bar.addMenu(title)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a[action_id])
        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action_id in (
            ActionId.NEW_CASE,
            ActionId.IMPORT,
            ActionId.SAVE,
            ActionId.UNDO,
            ActionId.REDO,
            ActionId.EXPORT,
        ):
            toolbar.addAction(a[action_id])
        self.addToolBar(toolbar)

    # --- the list ----------------------------------------------------------------

    def refresh_cases(self, select: str | None = None) -> None:
        """Reload the list lines from the services, keeping or moving the selection."""
        keep = select or self._open_mrn()
        self.case_view.selectionModel().blockSignals(True)
        self.case_model.set_cases(self.services.list_cases())
        self._select_row_of(keep)
        self.case_view.selectionModel().blockSignals(False)
        self._update_count()

    def _select_row_of(self, mrn: str | None) -> None:
        row = self.case_model.row_of(mrn) if mrn else -1
        if row < 0:
            self.case_view.clearSelection()
            return
        index = self.proxy.mapFromSource(self.case_model.index(row, 0))
        if index.isValid():
            self.case_view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.case_view.scrollTo(index)

    def _filter(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.case_model.rowCount(), self.proxy.rowCount()
        noun = "case" if total == 1 else "cases"
        self.count_label.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun} match")

    def _open_first_match(self) -> None:
        if self.proxy.rowCount():
            self.case_view.setCurrentIndex(self.proxy.index(0, 0))
            self.case_view.setFocus()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        mrn = current.data(MRN_ROLE) if current.isValid() else None
        if mrn is None or mrn == self._open_mrn():
            return
        if self._editor is not None and (self.ops.busy or self._dirty()):
            # Stays on the open case until its edits are settled (saved, off the UI thread).
            self.case_view.selectionModel().blockSignals(True)
            self._select_row_of(self._open_mrn())
            self.case_view.selectionModel().blockSignals(False)
        self.settle_unsaved(lambda: self.open_case(mrn))

    # --- cases -------------------------------------------------------------------

    def open_case(self, mrn: str, *, offer_draft: bool = True) -> bool:
        try:
            stored = self.services.get_case(mrn)
        except ServiceError as exc:
            dialogs.inform(self, "Cannot open case", str(exc))
            self.refresh_cases()
            return False
        self.editor.load(stored, offer_draft=offer_draft)
        self._show_editor(True)
        self._select_without_signal(stored.case.mrn)
        return True

    def open_case_quietly(self, mrn: str) -> bool:
        """Open a case without any dialog (for the command line); False when there is none."""
        if self.case_model.row_of(mrn) < 0:
            return False
        return self.open_case(mrn, offer_draft=False)

    def show_checklist_view(self) -> None:
        """Give the open case's checklist the room: the list and the editor narrow."""
        width = max(self.width(), 800)
        self.splitter.widget(0).hide()
        self.editor.body.setSizes([width * 2 // 5, width * 3 // 5])

    def show_tradeoff_view(self) -> None:
        """Give the open case's trade-off workspace the room (the case list steps aside)."""
        from ui.editor.case_editor import TRADEOFF_SECTION

        width = max(self.width(), 800)
        self.splitter.widget(0).hide()
        self.editor.body.setSizes([width * 7 // 10, width * 3 // 10])
        self.editor.show_section(TRADEOFF_SECTION)
        self.editor.tabs.currentWidget().verticalScrollBar().setValue(0)  # from its top, not its first field

    def show_section(self, index: int) -> None:
        if self._editing():
            self.editor.show_section(index)

    def _select_without_signal(self, mrn: str) -> None:
        self.case_view.selectionModel().blockSignals(True)
        self._select_row_of(mrn)
        self.case_view.selectionModel().blockSignals(False)

    def new_case(self) -> None:
        self.settle_unsaved(self._begin_new_case)

    def _begin_new_case(self) -> None:
        self.editor.load(None)
        self._show_editor(True)
        self.case_view.clearSelection()
        self.editor.fields["case.mrn"].focus_target().setFocus()

    def save(self, then: Callable[[], object] | None = None) -> bool:
        """Start saving the open case (off the UI thread; ``then`` after it is saved); False
        when it is refused before anything is sent."""
        if not self._editing():
            return False
        started = self.editor.save(then)
        if not started:
            self._say_not_saved()
        return started

    def _say_not_saved(self) -> None:
        self.statusBar().showMessage("Not saved: fix the problems listed at the top", 6000)

    def _after_save(self, mrn: str) -> None:
        self.refresh_cases(select=mrn)
        self._update_state()
        self.statusBar().showMessage(f"Saved {mrn}", 4000)

    def delete_case(self) -> None:
        mrn = self._open_mrn()
        if mrn is None:
            return
        if not dialogs.confirm(
            self, "Delete case", f"Delete case {mrn} and all its findings? This cannot be undone."
        ):
            return
        self.ops.run(
            lambda: self.services.delete_case(mrn),
            initiator=self,
            on_success=lambda _changes: self._deleted(mrn),
            on_problem=lambda words: dialogs.inform(self, "Not deleted", words),
        )

    def _deleted(self, mrn: str) -> None:
        self.editor.discard_draft()
        self.editor.load(None, offer_draft=False)
        self._show_editor(False)
        self.refresh_cases()
        self.statusBar().showMessage(f"Deleted {mrn}", 4000)

    def _dirty(self) -> bool:
        self.editor.capture()
        return self.editor.is_dirty()

    def settle_unsaved(self, then: Callable[[], object]) -> None:
        """``then``, once unsaved edits are settled: saved (off the UI thread), or discarded;
        not at all if the user chose to stay, or the save was refused."""
        if self._editor is None or not self._dirty():
            self.ops.when_idle(then)
            return
        what = self.editor.original_mrn or "The new case"
        answer = dialogs.ask_unsaved(self, what)
        if answer is dialogs.Unsaved.SAVE:
            self.save(then)
        elif answer is dialogs.Unsaved.DISCARD:
            self.editor.discard_draft()
            stored = None if self.editor.is_new() else self.services.get_case(self.editor.original_mrn or "")
            self.editor.load(stored, offer_draft=False)
            then()

    def _changed_elsewhere(self, changes: Changes, initiator: object) -> None:
        """Another window wrote: the case list is read again when it names cases."""
        if initiator is not self and changes.cases:
            self.refresh_cases()

    # --- files -----------------------------------------------------------------------

    def import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import case files", "", "Case files (*.json);;All files (*)"
        )
        if names:
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]) -> None:
        """Import files on a worker thread, with progress; report each rejected file."""
        services = self.services

        def work(report: Report, cancelled: Callable[[], bool]) -> list[ImportResult]:
            results: list[ImportResult] = []
            for done, path in enumerate(paths):
                if cancelled():
                    break
                report(done, f"Importing {path.name} ({done + 1} of {len(paths)})…")
                results.extend(services.import_files([path]))
            return results

        self._import_task = run_in_background(
            self, "Import case files", len(paths), work, lambda results: self._imported(paths, results)
        )

    def _imported(self, paths: list[Path], results: list[ImportResult]) -> None:
        self.refresh_cases()
        good = [r for r in results if r.ok]
        bad = [r for r in results if not r.ok]
        lines = [f"{r.source}: {p}" for r in bad for p in r.problems]
        text = f"Imported {len(good)} of {len(paths)} file(s)."
        if bad:
            text += f" {len(bad)} file(s) were rejected whole; nothing of them was written."
        if len(results) < len(paths):
            text += f" Stopped before {len(paths) - len(results)} file(s)."
        dialogs.inform(self, "Import", text, "\n".join(lines))

    def export_case(self) -> None:
        # The file holds the saved case, so settle unsaved edits first.
        self.settle_unsaved(self._export_open_case)

    def _export_open_case(self) -> None:
        mrn = self._open_mrn()
        if mrn is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Export case file", f"{mrn}.json", "Case files (*.json)")
        if not name:
            return
        try:
            self.services.write_case_file(mrn, Path(name))
        except ExportError as exc:
            dialogs.inform(self, "Not exported", str(exc))
            return
        self.statusBar().showMessage(f"Exported {mrn} to {name}", 5000)

    def add_demo_cases(self) -> None:
        added = self.services.add_demo_cases()
        self.refresh_cases()
        self.statusBar().showMessage(f"Added {len(added)} demo case(s)", 5000)

    def toggle_checklist(self) -> None:
        """Hide the checklist for room to edit on a small screen; F9 brings it back."""
        if self._editor is not None:  # a new editor reads the action when built
            self._editor.checklist.setVisible(self.actions_[ActionId.SHOW_CHECKLIST].isChecked())

    def show_case_history(self) -> None:
        mrn = self._open_mrn()
        if mrn is not None:
            self._show_audit(self.services.audit_trail(mrn), f"History of {mrn}")

    def show_audit_trail(self) -> None:
        self._show_audit(self.services.audit_trail(), "Audit trail")

    def _show_audit(self, entries: list[AuditEntry], title: str) -> None:
        self.audit_dialog = AuditDialog(entries, title, self)
        self.audit_dialog.open()

    def show_meetings(self) -> None:
        """The case-conference window (one per main window; raised when already open)."""
        from ui.meeting.meeting_window import MeetingWindow

        if getattr(self, "meeting_window", None) is None:
            self.meeting_window = MeetingWindow(self.services, self)
        if self.meeting_window.isVisible():
            self.meeting_window.raise_()
            self.meeting_window.activateWindow()
        else:
            self.meeting_window.show()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def about(self) -> None:
        dialogs.inform(
            self,
            "About isconf",
            f"isconf {__version__}\nCase conferences for infantile-spasms surgery.\n\n"
            f"Database: {self.services.database.location.display}",
        )

    # --- state -----------------------------------------------------------------------

    def _show_editor(self, shown: bool) -> None:
        self.stack.setCurrentWidget(self.editor if shown else self.stack.widget(0))
        self._update_state()

    def state(self) -> CasesState:
        """What the actions' ``enabled_when`` read (``ui.actions.SPECS``)."""
        editing = self._editing()
        return CasesState(
            editing=editing,
            stored=editing and not self.editor.is_new(),
            dirty=editing and self.editor.is_dirty(),
            can_undo=editing and self.editor.undo_stack.canUndo(),
            can_redo=editing and self.editor.undo_stack.canRedo(),
            idle=not self.ops.busy,
        )

    def _update_state(self, *_: object) -> None:
        state = self.state()
        refresh_enabled(self.actions_, SPECS, state)
        self.setWindowModified(state.dirty)
        title = self._open_mrn() or ("new case" if state.editing else "")
        self.setWindowTitle(f"isconf — {title}[*]" if title else "isconf[*]")

    def restore_layout(self) -> None:
        """Reopen at the size, place and list width the user left."""
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Unsaved edits are settled first; a save still running is waited for, and the
        window closes once it is done (if it was refused, the window stays)."""
        if self.ops.busy:
            event.ignore()
            self.ops.when_idle(self.close)
            return
        inside = True
        settled: list[bool] = []

        def then() -> None:
            if inside:
                settled.append(True)
            else:
                self.close()  # saved meanwhile: close now

        self.settle_unsaved(then)
        inside = False
        if not settled:
            event.ignore()
            return
        if self._import_task is not None:
            self._import_task.stop_and_wait()  # files imported so far stay imported
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        event.accept()

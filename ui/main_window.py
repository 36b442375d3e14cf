"""The main window: the case list on the left, the open case on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtGui import QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
)

from isconf import __version__
from isconf.services import Changes, ServiceError, Services
from ui import dialogs, theme
from ui.actions import SECTION_ACTIONS, SPECS, ActionId, CasesState, build_actions, refresh_enabled
from ui.case_files import CaseFiles
from ui.case_list import MRN_ROLE, CaseFilterProxy, CaseListModel
from ui.case_list_panel import CaseListPanel
from ui.main_menus import build_menus
from ui.ops import OpRunner, change_bus

THEME_ACTIONS = {
    theme.SYSTEM: ActionId.THEME_SYSTEM,
    theme.LIGHT: ActionId.THEME_LIGHT,
    theme.DARK: ActionId.THEME_DARK,
}

if TYPE_CHECKING:
    from isconf.services import AuditEntry
    from ui.editor.case_editor import CaseEditor
    from ui.idle_lock import IdleLock


class MainWindow(QMainWindow):
    """Cases: find, open, enter, edit, import and export."""

    def __init__(self, services: Services, *, fill_list: bool = True) -> None:
        """``fill_list=False`` leaves the list empty until ``refresh_cases``: ``ui.app.run``
        fills it after styling the window, which would otherwise size the list's columns
        over its rows once for the style sheet and again when shown (~20 ms)."""
        super().__init__()
        self.services = services
        self.idle_lock: IdleLock | None = None  # set by ui.app.run once someone signed in
        self.setWindowTitle("isconf[*]")
        self.files = CaseFiles(self)
        self._editor: CaseEditor | None = None  # built when first needed (see ``editor``)
        self.ops = OpRunner(self, "isconf")  # saves and deletes, off the UI thread, one at a time
        self.ops.busyChanged.connect(self._update_state)
        self.case_model = CaseListModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.case_model)
        self.actions_ = build_actions(self, self._slots())
        self.case_list = CaseListPanel(self.case_model, self.proxy)
        self.case_list.current_changed.connect(self._current_changed)
        # The panel's widgets, by the names the rest of the window (and its tests) use.
        self.search, self.case_view, self.count_label = (
            self.case_list.search,
            self.case_list.view,
            self.case_list.count_label,
        )
        self._build_central()
        build_menus(self, self.actions_)
        self.actions_[ActionId.SHOW_CHECKLIST].setChecked(True)
        themes = QActionGroup(self)
        for action_id in THEME_ACTIONS.values():
            themes.addAction(self.actions_[action_id])
        self.actions_[THEME_ACTIONS[theme.chosen_theme()]].setChecked(True)
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
            ActionId.IMPORT: self.files.import_files,
            ActionId.IMPORT_FHIR: self.files.import_fhir,
            ActionId.EXPORT: self.files.export_case,
            ActionId.ADD_DEMO: self.files.add_demo_cases,
            ActionId.QUIT: self.close,
            ActionId.LOCK: self.lock_now,
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
            ActionId.OUTCOMES: self.show_outcomes,
            ActionId.THEME_SYSTEM: lambda _checked=False: self.set_theme(theme.SYSTEM),
            ActionId.THEME_LIGHT: lambda _checked=False: self.set_theme(theme.LIGHT),
            ActionId.THEME_DARK: lambda _checked=False: self.set_theme(theme.DARK),
            **{
                action_id: (lambda _checked=False, i=index: self.show_section(i))
                for index, action_id in enumerate(SECTION_ACTIONS)
            },
        }

    def _build_central(self) -> None:
        left = self.case_list
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

    # --- the list ----------------------------------------------------------------

    def refresh_cases(self, select: str | None = None, *, only: frozenset[str] | None = None) -> None:
        """Reload the list lines from the services, keeping or moving the selection; with
        ``only`` (the MRNs a write changed), only those lines."""
        keep = select or self._open_mrn()
        if only is None:
            self.case_list.show_cases(self.services.list_cases(), keep)
        else:
            self.case_list.replace_cases(only, self.services.list_cases(mrns=only), keep)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        mrn = current.data(MRN_ROLE) if current.isValid() else None
        if mrn is None or mrn == self._open_mrn():
            return
        if self._editor is not None and (self.ops.busy or self._dirty()):
            # Stays on the open case until its edits are settled (saved, off the UI thread).
            self.case_list.select_quietly(self._open_mrn())
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
        self.case_list.select_quietly(stored.case.mrn)
        return True

    def open_case_quietly(self, mrn: str) -> bool:
        """Open a case without any dialog (for the command line); False when there is none."""
        if not self.case_model.contains(mrn):
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
        listed = self.case_view.currentIndex().data(MRN_ROLE)  # the MRN it had, if it was renamed
        self.refresh_cases(select=mrn, only=frozenset({mrn, listed} - {None}))
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
        self.refresh_cases(only=frozenset({mrn}))
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
        if initiator is not self and changes.cases and self.isVisible():
            self.refresh_cases(only=changes.cases)

    # --- files -----------------------------------------------------------------------

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
        from ui.audit_view import AuditDialog  # not on the start path (startup_s)

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

    def show_outcomes(self) -> None:
        """The Outcomes window (one per main window; read afresh and raised when shown again)."""
        from ui.outcomes.window import OutcomesWindow

        if getattr(self, "outcomes_window", None) is None:
            self.outcomes_window = OutcomesWindow(self.services, self, open_case=self.open_case)
        else:
            self.outcomes_window.refresh()
        if self.outcomes_window.isVisible():
            self.outcomes_window.raise_()
            self.outcomes_window.activateWindow()
        else:
            self.outcomes_window.show()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def lock_now(self) -> None:
        """Lock every window at once (``ui.idle_lock``); nothing to do before anyone signed in."""
        if self.idle_lock is not None:
            self.idle_lock.lock()

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

    def set_theme(self, chosen: str) -> None:
        """View ▸ Theme: kept for the next start, and applied to every window now."""
        QSettings().setValue(theme.SETTING, chosen)
        self.actions_[THEME_ACTIONS[chosen]].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, chosen)

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
        self.files.stop()  # files imported so far stay imported
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        event.accept()

"""Case files in and out of the main window: import (off the UI thread, with progress),
export of the open case, and the demo cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from isconf.services import ExportError, ImportResult
from ui import dialogs
from ui.background import Report, Task, run_in_background

if TYPE_CHECKING:
    from isconf.services import FhirFilePreview, FhirImportResult
    from ui.fhir_import import FhirImportDialog
    from ui.main_window import MainWindow


# QFileDialog is imported where a file is asked for: the class and its enums cost ~0.8 ms of
# every start (startup_s in docs/performance.md).


class CaseFiles:
    """The File menu's import, export and demo-case actions for one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.import_task: Task | None = None
        self.fhir_dialog: FhirImportDialog | None = None

    def stop(self) -> None:
        """Stop an import before the window closes (files imported so far stay imported)."""
        if self.import_task is not None:
            self.import_task.stop_and_wait()

    def import_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import case files", "", "Case files (*.json);;All files (*)"
        )
        if names:
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]) -> None:
        """Import files on a worker thread, with progress; report each rejected file."""
        services = self.window.services

        def work(report: Report, cancelled: Callable[[], bool]) -> list[ImportResult]:
            results: list[ImportResult] = []
            for done, path in enumerate(paths):
                if cancelled():
                    break
                report(done, f"Importing {path.name} ({done + 1} of {len(paths)})…")
                results.extend(services.import_files([path]))
            return results

        self.import_task = run_in_background(
            self.window, "Import case files", len(paths), work, lambda results: self._imported(paths, results)
        )

    def _imported(self, paths: list[Path], results: list[ImportResult]) -> None:
        self.window.refresh_cases()
        good = [r for r in results if r.ok]
        bad = [r for r in results if not r.ok]
        lines = [f"{r.source}: {p}" for r in bad for p in r.problems]
        text = f"Imported {len(good)} of {len(paths)} file(s)."
        if bad:
            text += f" {len(bad)} file(s) were rejected whole; nothing of them was written."
        if len(results) < len(paths):
            text += f" Stopped before {len(paths) - len(results)} file(s)."
        dialogs.inform(self.window, "Import", text, "\n".join(lines))

    def import_fhir(self) -> None:
        """Choose a FHIR file, preview its case, and save it only when the user says so."""
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import from FHIR", "", "FHIR JSON (*.json);;All files (*)"
        )
        if name:
            self.preview_fhir(Path(name))

    def preview_fhir(self, path: Path) -> None:
        # The FHIR modules load with the first FHIR file, not on every start (startup_s).
        from ui.fhir_import import FhirImportDialog

        preview = self.window.services.fhir.preview_file(path)
        if preview.document is None or (preview.problems and not preview.patients):
            dialogs.inform(self.window, "Not a FHIR file", "\n".join(str(p) for p in preview.problems))
            return
        self.fhir_dialog = dialog = FhirImportDialog(preview, self.window)
        dialog.accepted.connect(lambda: self._import_fhir(preview, dialog.replace.isChecked()))
        dialog.open()  # window-modal, without blocking the event loop

    def _import_fhir(self, preview: FhirFilePreview, replace: bool) -> None:
        fhir = self.window.services.fhir

        def call() -> list[FhirImportResult]:
            return fhir.import_document(preview.document, replace=replace, source=preview.source)

        self.window.ops.run(call, initiator=self.window, on_success=self._fhir_imported)

    def _fhir_imported(self, results: list[FhirImportResult]) -> None:
        self.window.refresh_cases()
        good = [r.mrn for r in results if r.ok]
        bad = [r for r in results if not r.ok]
        if good:
            self.window.statusBar().showMessage(f"Imported {', '.join(str(m) for m in good)} from FHIR", 8000)
        if bad:
            lines = [f"{r.mrn or r.source}: {p}" for r in bad for p in r.problems]
            text = f"{len(bad)} patient(s) were not imported; nothing of them was written."
            dialogs.inform(self.window, "Import from FHIR", text, "\n".join(lines))

    def export_case(self) -> None:
        # The file holds the saved case, so settle unsaved edits first.
        self.window.settle_unsaved(self._export_open_case)

    def _export_open_case(self) -> None:
        mrn = self.window._open_mrn()
        if mrn is None:
            return
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export case file", f"{mrn}.json", "Case files (*.json)"
        )
        if not name:
            return
        try:
            self.window.services.write_case_file(mrn, Path(name))
        except ExportError as exc:
            dialogs.inform(self.window, "Not exported", str(exc))
            return
        self.window.statusBar().showMessage(f"Exported {mrn} to {name}", 5000)

    def add_demo_cases(self) -> None:
        """A write like any other: off the UI thread, one at a time."""

        def added(mrns: list[str]) -> None:
            self.window.refresh_cases()
            self.window.statusBar().showMessage(f"Added {len(mrns)} demo case(s)", 5000)

        self.window.ops.run(self.window.services.add_demo_cases, initiator=self.window, on_success=added)

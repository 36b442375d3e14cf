"""Slow work off the UI thread: one helper, with progress, cancel and errors to a dialog.

``run_in_background`` calls ``work(report, cancelled)`` on a worker thread.
``work`` reports progress with ``report(done, text)`` and checks
``cancelled()`` between steps; its result is handed to ``on_done`` on the UI
thread. Widgets are only ever touched on the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui import dialogs

Report = Callable[[int, str], None]
Work = Callable[[Report, Callable[[], bool]], Any]


class _Worker(QObject):
    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.cancel_flag = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.progressed.emit, self.cancel_flag.is_set)
        except Exception as exc:  # shown to the user, never lost in a thread
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(result)


class _Relay(QObject):
    """Lives on the UI thread, so the worker's signals reach these slots queued."""

    def __init__(
        self,
        parent: QObject,
        on_progress: Report,
        on_success: Callable[[Any], None],
        on_failure: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._progress, self._success, self._failure = on_progress, on_success, on_failure

    @Slot(int, str)
    def progress(self, done: int, text: str) -> None:
        self._progress(done, text)

    @Slot(object)
    def success(self, result: Any) -> None:
        self._success(result)

    @Slot(str)
    def failure(self, message: str) -> None:
        self._failure(message)


class Task:
    """A running piece of background work; the window stops it before it closes."""

    def __init__(self, thread: QThread, worker: _Worker, finish: Callable[[], None]) -> None:
        self.thread, self.worker = thread, worker
        self.done = False
        self._finish = finish

    def cancel(self) -> None:
        self.worker.cancel_flag.set()

    def stop_and_wait(self) -> None:
        """Ask the work to stop and wait for its thread (it stops between steps)."""
        if not self.done:
            self.cancel()
            self._finish()


def run_in_background(
    parent: QWidget, title: str, steps: int, work: Work, on_done: Callable[[Any], None]
) -> Task:
    """Start ``work`` on a thread with a progress dialog; ``on_done`` gets its result."""
    progress = QProgressDialog(title, "Stop", 0, steps, parent)
    progress.setWindowTitle(title)
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)
    progress.setValue(0)
    thread = QThread(parent)
    worker = _Worker(work)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    progress.canceled.connect(worker.cancel_flag.set)

    def show_progress(done: int, text: str) -> None:
        progress.setValue(done)
        progress.setLabelText(text)

    def finish() -> None:
        """End the thread and the dialog, once; later results are then ignored."""
        task.done = True
        progress.reset()
        progress.deleteLater()
        thread.quit()
        thread.wait()  # after a cancel, the work returns at its next step

    def succeeded(result: Any) -> None:
        if task.done:
            return
        finish()
        on_done(result)

    def failed(message: str) -> None:
        if task.done:
            return
        finish()
        dialogs.inform(
            parent, title, f"{title} stopped with an error; what was done before it is kept.", message
        )

    relay = _Relay(parent, show_progress, succeeded, failed)
    worker.progressed.connect(relay.progress)
    worker.succeeded.connect(relay.success)
    worker.failed.connect(relay.failure)
    # The task keeps the worker (owned by Python) alive; the thread and relay go
    # with the parent, by which time finish() has waited for the thread.
    task = Task(thread, worker, finish)
    thread.start()
    return task

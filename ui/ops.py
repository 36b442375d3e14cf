"""A service call off the UI thread (Anki's ``CollectionOp``): one helper for every write.

``OpRunner.run(call, …)`` runs ``call`` on a worker thread while the window stays live; after
``BUSY_AFTER_MS`` a busy indicator shows in the window's status bar. The result comes back on
the UI thread: to ``on_success``, then, if it names what it changed (``Changes``, or a value
with ``.changes``), on the application's one ``ChangeBus``, where every window refreshes
what concerns it. Errors go to their place by type: a ``ConflictError`` to ``on_conflict``,
a ``ServiceError`` to ``on_problem`` (words for the window's problem line), anything else to
the error dialog. One operation at a time per runner: ``busy`` disables the actions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressBar, QWidget

from isconf.services import Changes, ConflictError, ServiceError
from ui import dialogs

BUSY_AFTER_MS = 300  # a quick write shows nothing; a slow one says it is working
_POOL = QThreadPool()  # isconf's own: tests and closing wait for exactly these


class ChangeBus(QObject):
    """The one app-wide signal a finished write's ``Changes`` travel on."""

    changed = Signal(object, object)  # (Changes, the window whose write it was, or None)


def change_bus() -> ChangeBus:
    """The application's bus, made on first use and owned by the ``QApplication``."""
    app = QApplication.instance()
    assert app is not None, "a QApplication first"
    bus = app.findChild(ChangeBus, "changeBus")
    if bus is None:
        bus = ChangeBus(app)
        bus.setObjectName("changeBus")
    return bus


def changes_of(result: Any) -> Changes:
    """What a service call's result says it changed (nothing for a read)."""
    if isinstance(result, Changes):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else Changes()


def problem_words(exc: ServiceError) -> str:
    """One line per problem, the field first: "Time: is not a time of day"."""
    return "\n".join(f"{p.path[:1].upper()}{p.path[1:]}: {p.message}" for p in exc.problems)


def wait_for_ops(timeout_ms: int = 10_000) -> bool:
    """Wait until no operation runs on a worker (the database is then free to close)."""
    return _POOL.waitForDone(timeout_ms)


class _Signals(QObject):
    """Made on the UI thread: the worker's ``finished`` reaches ``deliver`` there, queued."""

    finished = Signal(object, object)  # (result, error): exactly one is None

    def __init__(self, parent: QObject, deliver: Callable[[Any, BaseException | None], None]) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self.finished.connect(self.deliver)

    @Slot(object, object)
    def deliver(self, result: Any, error: BaseException | None) -> None:
        self._deliver(result, error)


class _Call(QRunnable):
    def __init__(self, call: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.call, self.signals = call, signals

    def run(self) -> None:  # on the worker: no widget is touched here
        try:
            result, error = self.call(), None
        except Exception as exc:  # handed to the UI thread, never lost in a thread
            result, error = None, exc
        # RuntimeError: the window was deleted meanwhile, and nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self.signals.finished.emit(result, error)


class OpRunner(QObject):
    """Runs one window's service calls, one at a time, with a busy indicator after a while."""

    busyChanged = Signal(bool)

    def __init__(self, window: QWidget, title: str) -> None:
        """A main window shows the busy indicator in its status bar; a dialog places
        ``indicator`` in its own layout."""
        super().__init__(window)
        self.window, self.title = window, title
        self.busy = False
        self._when_idle: list[Callable[[], None]] = []
        self.indicator = QProgressBar()
        self.indicator.setRange(0, 0)  # no end: a busy bar
        self.indicator.setTextVisible(False)
        self.indicator.setMaximumWidth(120)
        self.indicator.setToolTip("Saving…")
        self.indicator.hide()
        self._show_busy = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._show_busy.timeout.connect(self._show_indicator)

    def run(
        self,
        call: Callable[[], Any],
        *,
        initiator: object = None,
        on_success: Callable[[Any], None] | None = None,
        on_problem: Callable[[str], None] | None = None,
        on_conflict: Callable[[ConflictError], None] | None = None,
        on_refused: Callable[[ServiceError], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_failure: Callable[[], None] | None = None,
        words: Callable[[ServiceError], str] | None = None,
    ) -> bool:
        """Start ``call`` on a worker; False (nothing started) while another one runs.
        ``initiator`` travels with the changes, so the window that wrote, which shows the
        result itself, does not read it again. A refusal goes to ``on_refused`` (the error,
        to place each problem by field) or else ``on_problem``, in ``words`` (default: each
        problem's field, then its message); any other error to ``on_error``, or else the
        error dialog. ``on_failure`` follows any error."""
        if self.busy:
            return False
        self._set_busy(True)

        def finished(result: Any, error: BaseException | None) -> None:
            signals.deleteLater()
            self._set_busy(False)
            if error is None:
                if on_success is not None:
                    on_success(result)
                if changes := changes_of(result):
                    change_bus().changed.emit(changes, initiator)
            else:
                self._route(error, on_conflict, on_refused, on_problem, on_error, words or problem_words)
                if on_failure is not None:
                    on_failure()
            self._run_when_idle()

        signals = _Signals(self, finished)
        _POOL.start(_Call(call, signals))
        return True

    def when_idle(self, then: Callable[[], None]) -> None:
        """``then`` once the running operation has finished (now, if none runs)."""
        if self.busy:
            self._when_idle.append(then)
        else:
            then()

    def _route(
        self,
        error: BaseException,
        on_conflict: Callable[[ConflictError], None] | None,
        on_refused: Callable[[ServiceError], None] | None,
        on_problem: Callable[[str], None] | None,
        on_error: Callable[[BaseException], None] | None,
        words: Callable[[ServiceError], str],
    ) -> None:
        if isinstance(error, ConflictError) and on_conflict is not None:
            on_conflict(error)
        elif isinstance(error, ServiceError) and on_refused is not None:
            on_refused(error)
        elif isinstance(error, ServiceError) and on_problem is not None:
            on_problem(words(error))
        elif isinstance(error, ServiceError):
            dialogs.inform(self.window, self.title, f"Not saved: {words(error)}")
        elif on_error is not None:
            on_error(error)
        else:
            dialogs.inform(
                self.window,
                self.title,
                f"{self.title} stopped with an error; nothing more was written.",
                f"{type(error).__name__}: {error}",
            )

    def _show_indicator(self) -> None:
        # Into the status bar only now: made at the start, the status bar would take its
        # room under every window that never writes slowly.
        if isinstance(self.window, QMainWindow) and self.indicator.parent() is None:
            self.window.statusBar().addPermanentWidget(self.indicator)
        self.indicator.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            self._show_busy.start()
        else:
            self._show_busy.stop()
            self.indicator.hide()
        self.busyChanged.emit(busy)

    def _run_when_idle(self) -> None:
        # One at a time: one that starts a write leaves the rest for when that one ends.
        while self._when_idle and not self.busy:
            self._when_idle.pop(0)()

"""Benchmark-only: tell ``bench/run.py`` when the window is ready to use, then quit.

Nothing happens unless ``ISCONF_BENCH_READY_FILE`` is set. Then, at the event
loop's first turn after the main window's first paint (the case list is filled before
it), the wall-clock time, the process's peak resident memory and its CPU seconds so far
are written to that file; with ``ISCONF_BENCH_QUIT`` set the app then quits. The
benchmark measures from spawning the process to that time (``startup_s``) and reads the
memory (``rss_mb``). The floor's bare window says ready the same way (``after_first_paint``).
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

READY_ENV = "ISCONF_BENCH_READY_FILE"
QUIT_ENV = "ISCONF_BENCH_QUIT"


def install(app: QApplication, window: QWidget) -> None:
    path = os.environ.get(READY_ENV)
    if not path:
        return

    def ready() -> None:
        Path(path).write_text(
            f"{time.monotonic():.6f} {peak_rss_kb()} {cpu_seconds():.6f}\n", encoding="ascii"
        )
        if os.environ.get(QUIT_ENV):
            app.quit()

    after_first_paint(window, ready)


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:  # the whole window is painted in this event
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # so, at the loop's next turn, the paint is done
        return False


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once ``window`` (shown) has been painted whole for the first time."""
    _FirstPaint(window, then)


def peak_rss_kb() -> int:
    """This process's peak resident memory: the kernel's high-water mark of this program
    (VmHWM), not ``ru_maxrss``, which also counts the parent it was spawned from."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_seconds() -> float:
    """CPU time of every thread of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

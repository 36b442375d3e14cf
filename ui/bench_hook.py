"""Benchmark-only: tell ``bench/run.py`` when the window is ready to use, then quit.

Nothing happens unless ``ISCONF_BENCH_READY_FILE`` is set. Then, at the event
loop's first turn after the main window is shown (the case list is filled before
that, in the window's constructor, and the first paint is done), the wall-clock
time, the process's peak resident memory and its CPU seconds so far are written to that file; with
``ISCONF_BENCH_QUIT`` set the app then quits. The benchmark measures from spawning
the process to that time (``startup_s``) and reads the memory (``rss_mb``).
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

READY_ENV = "ISCONF_BENCH_READY_FILE"
QUIT_ENV = "ISCONF_BENCH_QUIT"


def install(app: QApplication) -> None:
    path = os.environ.get(READY_ENV)
    if not path:
        return

    def ready() -> None:
        Path(path).write_text(
            f"{time.monotonic():.6f} {peak_rss_kb()} {cpu_seconds():.6f}\n", encoding="ascii"
        )
        if os.environ.get(QUIT_ENV):
            app.quit()

    QTimer.singleShot(0, ready)


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

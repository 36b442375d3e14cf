"""The installed PySide6 keeps Python's references: a long session of signals does not abort.

PySide6 6.12.0 dropped a reference to ``True`` on every ``emit`` and to ``None`` on every call
returning nothing; on CPython 3.11 an app aborted after about a thousand ("bool_dealloc").
pyproject.toml keeps PySide6 below 6.12; this runs what a long session does, in a fresh
interpreter (an abort there would take the test run with it).
"""

from __future__ import annotations

import os
import subprocess
import sys

_A_LONG_SESSION = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Bus(QObject):
    changed = Signal(object)

app = QCoreApplication([])
bus = Bus()
heard = []
bus.changed.connect(heard.append)
true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
for n in range(5000):
    bus.changed.emit(n)
    app.processEvents()
assert len(heard) == 5000
print(true_before - sys.getrefcount(True), none_before - sys.getrefcount(None))
"""


def test_thousands_of_signals_and_event_loops_keep_true_and_none_referenced() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", _A_LONG_SESSION], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    true_lost, none_lost = (int(n) for n in run.stdout.split())
    # A few references come and go with the objects made; thousands lost is the bug.
    assert abs(true_lost) < 50 and abs(none_lost) < 50, run.stdout

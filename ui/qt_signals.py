"""Emitting a Qt signal from Python without losing the reference PySide6 6.12.0 drops.

PySide6 6.12.0's ``SignalInstance.emit`` releases one reference to ``True`` that it never
took, on every emit, connected or not. After some hundreds of emits CPython deallocates
``True`` and aborts ("bool_dealloc: deallocating True or False"). ``emit`` gives that
reference back, and only where the installed PySide6 is seen to drop it at import, so a
fixed PySide6 is left alone. The operations helper emits through it on every write.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _emit_drops_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    return sys.getrefcount(True) < before


EMIT_DROPS_TRUE = _emit_drops_true()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, and the reference to ``True`` it drops given back."""
    signal.emit(*args)
    if EMIT_DROPS_TRUE:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))

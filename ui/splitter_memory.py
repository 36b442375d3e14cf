"""Splitters that remember their place: where the user leaves one is where it opens next time.

Kept in the app's settings (QSettings, organisation and application "isconf": on Linux
``$XDG_CONFIG_HOME/isconf/isconf.conf``), saved on each move the user makes. A move made
by the program (the trade-off view widening the editor) is not a move the user made, and is
not kept: ``splitterMoved`` comes only from dragging a handle.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

GROUP = "splitters"


def remember(splitter: QSplitter, name: str) -> None:
    """Put ``splitter`` where the user last left it, and keep each move the user makes."""
    key = f"{GROUP}/{name}"
    state = QSettings().value(key)
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    splitter.splitterMoved.connect(lambda _pos, _index: QSettings().setValue(key, splitter.saveState()))

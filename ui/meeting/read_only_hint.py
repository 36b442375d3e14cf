"""Typing into a field of a closed or locked meeting says why nothing happens.

The fields are read-only rather than disabled so a signed record stays legible; without a
word, a key pressed in one does nothing at all and the user cannot tell whether the app
heard it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

EDITING_KEYS = {Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter}


class ReadOnlyTypingHint(QObject):
    """Calls ``say`` when a key that would edit is pressed in one of the read-only ``fields``."""

    def __init__(self, fields: Iterable[QWidget], say: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._say = say
        for field in fields:
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and _read_only(watched):
            assert isinstance(event, QKeyEvent)
            shortcut = event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            if not shortcut and (event.text().strip() or event.key() in EDITING_KEYS):
                self._say()
        return False


def _read_only(widget: QObject) -> bool:
    is_read_only = getattr(widget, "isReadOnly", None)
    return bool(is_read_only is not None and is_read_only())

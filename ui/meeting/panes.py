"""F6 and Shift+F6: the keyboard moves from panel to panel of the meetings window (meetings,
details, attendance, agenda, decision), as in most desktop programs; Tab moves within one.
Without it, the agenda was a dozen Tabs from the meeting list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def cycle_focus(targets: Sequence[QWidget], step: int) -> QWidget | None:
    """Focus the target after (``step`` +1) or before (-1) the one holding the focus now; a
    hidden or disabled one is passed over. The target focused, or None."""
    focus = QApplication.focusWidget()
    here = next(
        (n for n, t in enumerate(targets) if focus is not None and (t is focus or t.isAncestorOf(focus))),
        -1 if step > 0 else 0,
    )
    for k in range(1, len(targets) + 1):
        target = targets[(here + step * k) % len(targets)]
        if target.isVisible() and target.isEnabled():
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return target
    return None

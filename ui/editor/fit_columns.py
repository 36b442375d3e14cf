"""An editor table's columns fitted to the width it has: each at its chosen width while they
all fit, and, when they do not, the columns of words (text, choices) narrowed together, never
below a floor, so the table fits without scrolling sideways (at 1366×768 the treatment table's
End and Outcome, and the EEG table's Report, were off to the right). Dates and numbers keep
their width: a cut date reads wrong. A narrowed cell shows its whole text in a tooltip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

SHRINKING = ("text", "choice", "suggest", "codes")
FLOOR = 56  # px: a few letters and the ellipsis
LAST_DEFAULT = 100  # the last column stretches; it needs at least this much


def fitted_widths(preferred: Sequence[int], shrinks: Sequence[bool], room: int) -> list[int]:
    """The widths for ``room`` px: ``preferred`` while they fit; else the widest shrinking
    columns are narrowed first, all of them to one cap (none below ``FLOOR``, or its own width
    when narrower), so a long agent name gives way before a unit does."""
    if sum(preferred) <= room:
        return list(preferred)
    fixed = sum(w for w, shrink in zip(preferred, shrinks, strict=True) if not shrink)
    mine = sorted(w for w, shrink in zip(preferred, shrinks, strict=True) if shrink)
    if not mine:
        return list(preferred)
    left, cap = room - fixed, FLOOR
    for i, width in enumerate(mine):  # the cap at which the columns from the i-th on are capped
        cap_here = (left - sum(mine[:i])) // (len(mine) - i)
        if cap_here <= width:
            cap = max(FLOOR, cap_here)
            break
    return [
        min(w, max(cap, min(w, FLOOR))) if shrink else w for w, shrink in zip(preferred, shrinks, strict=True)
    ]


class FitColumns(QObject):
    """Keeps ``view``'s columns fitted to its viewport; ``widths`` are the chosen widths (0: the
    header's default), ``kinds`` the columns' kinds. The last column stretches."""

    def __init__(self, view: QTableView, widths: Sequence[int], kinds: Sequence[str]) -> None:
        super().__init__(view)
        self.view = view
        default = view.horizontalHeader().defaultSectionSize()
        self.preferred = [w or default for w in widths[:-1]] + [max(widths[-1], LAST_DEFAULT)]
        self.shrinks = [kind in SHRINKING for kind in kinds]
        header = view.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrowed heading ends in "…"
        header.setMinimumSectionSize(min(FLOOR, header.minimumSectionSize()))
        header.setSectionResizeMode(len(widths) - 1, QHeaderView.ResizeMode.Stretch)
        view.viewport().installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        widths = fitted_widths(self.preferred, self.shrinks, self.view.viewport().width())
        header = self.view.horizontalHeader()
        for i, width in enumerate(widths[:-1]):
            if header.sectionSize(i) != width:
                header.resizeSection(i, width)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

"""Columns that share a table's width by priority, so a table fits its window instead of
scrolling its columns out of sight.

Each column has the narrowest width it may be elided to, the widest it needs (its contents,
or a cap), a share of any room left over (the free-text columns that matter most), and an
order in which it is hidden when even the narrowest widths do not fit (a column whose words
are elsewhere on the screen). Widths are measured when the rows change, and shared again on
every resize (cheap: no cell is read then).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


@dataclass(frozen=True)
class Column:
    column: int
    least: int  # elided down to this
    most: int | None = None  # None: as wide as its contents
    share: int = 0  # weight in the room left over
    drop: int = 0  # hidden in this order (1 first) when the least widths do not fit; 0 never
    whole: bool = False  # never elided (an MRN): its least is its contents


class ColumnFitter(QObject):
    """Keeps ``view``'s columns within its viewport, by ``plan``."""

    def __init__(self, view: QTableView, plan: tuple[Column, ...]) -> None:
        super().__init__(view)
        self.view, self.plan = view, plan
        self.wanted: dict[int, int] = {c.column: c.least for c in plan}
        self.least: dict[int, int] = {c.column: c.least for c in plan}
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        for c in plan:
            header.setSectionResizeMode(c.column, QHeaderView.ResizeMode.Interactive)
        view.viewport().installEventFilter(self)

    def measure(self) -> None:
        """The width each column's contents want (up to its cap), then share the room."""
        header = self.view.horizontalHeader()
        for c in self.plan:
            contents = max(self.view.sizeHintForColumn(c.column), header.sectionSizeHint(c.column))
            self.wanted[c.column] = max(c.least, contents if c.most is None else min(contents, c.most))
            if c.whole:
                self.least[c.column] = self.wanted[c.column]
        self.fit()

    def fit(self) -> None:
        room = self.view.viewport().width()
        if room <= 0:
            return
        shown = list(self.plan)
        for c in sorted((c for c in self.plan if c.drop), key=lambda c: c.drop):
            if sum(self.least[s.column] for s in shown) <= room:
                break
            shown.remove(c)
        for c in self.plan:
            self.view.setColumnHidden(c.column, c not in shown)
        widths = _share(shown, self.wanted, self.least, room)
        header = self.view.horizontalHeader()
        for c in shown:
            header.resizeSection(c.column, widths[c.column])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)


def _share(shown: list[Column], wanted: dict[int, int], least: dict[int, int], room: int) -> dict[int, int]:
    """Widths for ``shown`` within ``room``: what they want and the rest by share when that
    fits, else each between its least and what it wants, in proportion."""
    total = sum(wanted[c.column] for c in shown)
    if total <= room:
        weights = sum(c.share for c in shown)
        left = room - total
        return {c.column: wanted[c.column] + (left * c.share // weights if weights else 0) for c in shown}
    floor = sum(least[c.column] for c in shown)
    give = sum(wanted[c.column] - least[c.column] for c in shown)
    k = max(0.0, min(1.0, (room - floor) / give)) if give else 0.0
    return {c.column: least[c.column] + int((wanted[c.column] - least[c.column]) * k) for c in shown}

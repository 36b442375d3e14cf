"""The Outcomes window's lists: the worklist (visits and re-screens due) and the report's
procedures, each a ``QAbstractTableModel`` shown through a ``QSortFilterProxyModel``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from isconf.services import (
    OutcomeReport,
    RescreenDue,
    VisitDue,
    horizon_words,
    literature_words,
    procedure_words,
)

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
MRN_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE = QColor("#b00020")


@dataclass(frozen=True)
class WorkItem:
    """One line of the worklist: a visit due after surgery, or a child to re-screen."""

    kind: str  # "Visit overdue", "Visit due", "Re-screen"
    mrn: str
    name: str
    what: str
    due_on: date
    days_overdue: int
    why: str


def work_items(visits: list[VisitDue], rescreens: list[RescreenDue]) -> list[WorkItem]:
    """Both lists as one, most overdue first."""
    items = [
        WorkItem(
            f"Visit {v.state}",
            v.mrn,
            v.name,
            f"{v.months}-month visit",
            v.target,
            v.days_overdue,
            f"Surgery {v.surgery_date.isoformat()}; window {v.opens.isoformat()} – {v.closes.isoformat()}",
        )
        for v in visits
    ] + [
        WorkItem(
            "Re-screen",
            r.mrn,
            r.name,
            "Back to the conference",
            r.due_on,
            r.days_overdue,
            "; ".join(r.reasons),
        )
        for r in rescreens
    ]
    return sorted(items, key=lambda i: (i.due_on, i.mrn))


WORK_COLUMNS = ("Kind", "MRN", "Name", "What", "Due", "Days overdue", "Why")
DUE_COLUMN = WORK_COLUMNS.index("Due")


class WorklistModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[WorkItem] = []

    def set_items(self, items: list[WorkItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(WORK_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return WORK_COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        values = (
            item.kind,
            item.mrn,
            item.name,
            item.what,
            item.due_on.isoformat(),
            str(item.days_overdue) if item.days_overdue else "",
            item.why,
        )
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.why
        if role == MRN_ROLE:
            return item.mrn
        if role == SORT_ROLE:
            if column == 5:
                return item.days_overdue
            return f"{item.due_on.isoformat()} {item.mrn}" if column == 4 else values[column].casefold()
        if role == Qt.ItemDataRole.ForegroundRole and item.days_overdue and column in (0, 5):
            return QBrush(OVERDUE)
        return None


REPORT_COLUMNS = ("Procedure", "Operated", "At 12 months", "At 24 months", "Literature (source)")


class ReportModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.report: OutcomeReport | None = None

    def set_report(self, report: OutcomeReport) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.report is None else len(self.report.procedures)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(REPORT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return REPORT_COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.report is None:
            return None
        p = self.report.procedures[index.row()]
        values = (
            procedure_words(p.procedure),
            str(p.operated),
            horizon_words(p.at(12)),
            horizon_words(p.at(24)),
            literature_words(p.literature),
        )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return values[index.column()]
        if role == SORT_ROLE:
            return p.operated if index.column() == 1 else values[index.column()].casefold()
        return None

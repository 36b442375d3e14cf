"""Table models of the trade-off workspace, over the services' ``TradeoffView``.

``OptionsModel`` lists the options side by side, ``DeficitsModel`` the expected
deficits of one option (new ones first, those already present at baseline
after them, greyed), and ``RatingsProxy`` shows the case's assessments of one
option by filtering the editor's own assessment model, so an edit there is an
edit of the case document (undo, draft and the live checklist follow).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QFont

from isconf import vocab
from isconf.services import TradeoffView
from ui.editor.record_table import RecordModel
from ui.theme import themed

ModelIndex = QModelIndex | QPersistentModelIndex
BASELINE_BACKGROUND = "#ececec"
TEAM_FOREGROUND = "#2b4f9e"
REFUSED_FOREGROUND = "#8b0000"
PRESENT_WORDS = {True: "Yes: already present", False: "No: new", None: "Not known (counted as new)"}
PROCEDURE_ROLE = Qt.ItemDataRole.UserRole + 1
DEFICIT_ROLE = Qt.ItemDataRole.UserRole + 2
OTHER_DEFICIT = "other"
OTHER_LABEL = vocab.label(vocab.DEFICIT, OTHER_DEFICIT)
# An "other" deficit the reference does not expect of this option: what it is is the rater's to say.
OTHER_WORDS = "Other (not listed; see the comment)"


def ratings_summary(ratings: Any) -> str:
    counts = Counter(r.rating for r in ratings)
    return " · ".join(f"{counts[k]} {k}" for k in ("acceptable", "concern", "unacceptable") if counts[k])


class _ReadOnlyTable(QAbstractTableModel):
    """A flat, read-only table with fixed column headers: the rows are the subclass's."""

    HEADERS: tuple[str, ...] = ()

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class OptionsModel(_ReadOnlyTable):
    """One row per option: benefit with its source, deficits new and at baseline, ratings."""

    HEADERS = ("Option", "Expected benefit", "Source", "New deficits", "Already present", "Ratings")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.view: TradeoffView | None = None

    def set_view(self, view: TradeoffView | None) -> None:
        self.beginResetModel()
        self.view = view
        self.endResetModel()

    def _row_count(self) -> int:
        return 0 if self.view is None else len(self.view.options)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.view is None:
            return None
        option = self.view.options[index.row()]
        column = index.column()
        if role == PROCEDURE_ROLE:
            return option.procedure
        proposed = option.procedure == self.view.proposed_procedure
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(option, column, proposed)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return f"{option.benefit.text}\n{option.benefit.note}\nSource: {option.benefit.source}"
            if column == 0:
                return "Why it is listed: " + ", ".join(option.roles)
            return self._text(option, column, proposed)
        if role == Qt.ItemDataRole.ForegroundRole and column in (1, 2) and option.benefit.edited:
            return QBrush(themed(TEAM_FOREGROUND))
        if role == Qt.ItemDataRole.FontRole and (
            (proposed and column == 0) or (column == 1 and option.benefit.edited)
        ):
            font = QFont()
            font.setBold(proposed and column == 0)
            font.setItalic(column == 1)
            return font
        return None

    def _text(self, option: Any, column: int, proposed: bool) -> str:
        if column == 0:
            return ("▶ " if proposed else "") + option.label + (" (proposed)" if proposed else "")
        if column == 1:
            return option.benefit.text
        if column == 2:
            return option.benefit.source
        if column == 3:
            if option.waiting is not None:
                return "none from surgery; spasms go on"
            return (
                ", ".join(f"{d.label.lower()} ({d.likelihood or '?'})" for d in option.new_deficits) or "none"
            )
        if column == 4:
            return ", ".join(d.label.lower() for d in option.baseline_deficits) or "—"
        return ratings_summary(r for d in option.deficits for r in d.ratings) or "not rated"

    def row_of(self, procedure: str | None) -> int:
        if self.view is None:
            return -1
        return next((i for i, o in enumerate(self.view.options) if o.procedure == procedure), -1)


class DeficitsModel(_ReadOnlyTable):
    """The expected deficits of one option: likelihood, at baseline or new, why, ratings."""

    HEADERS = ("Deficit", "Likelihood", "At baseline", "Why", "Ratings")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_option(self, view: TradeoffView | None, procedure: str | None) -> None:
        option = view.option(procedure) if view is not None and procedure else None
        self.beginResetModel()
        # New deficits first, those already present apart after them (as the chart draws them).
        self.rows = [] if option is None else [*option.new_deficits, *option.baseline_deficits]
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self.rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self.rows[index.row()]
        column = index.column()
        if role == DEFICIT_ROLE:
            return d.deficit
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(d, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self._text(d, column)}\nLikelihood: {d.likelihood_why}\nSource: {d.source}"
        if role == Qt.ItemDataRole.BackgroundRole and d.already_present is True:
            return QBrush(themed(BASELINE_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and d.unacceptable_by:
            return QBrush(themed(REFUSED_FOREGROUND))
        return None

    def _text(self, d: Any, column: int) -> str:
        if column == 0:
            return d.label
        if column == 1:
            return (d.likelihood or "not estimated").capitalize()
        if column == 2:
            return PRESENT_WORDS[d.already_present]
        if column == 3:
            # The reason quotes the figures it rests on (83% walked...): their source goes beside them.
            source = f" Source: {d.source}." if d.source else ""
            return f"{d.present_why}. {d.likelihood_why}{source}"
        return "; ".join(f"{r.rated_by}: {r.rating}" for r in d.ratings) or "not rated"

    def deficit_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, deficit: str | None) -> int:
        return next((i for i, d in enumerate(self.rows) if d.deficit == deficit), -1)


class RatingsProxy(QSortFilterProxyModel):
    """The case's assessments of one procedure, editable in place.

    An ``other`` deficit reads as the deficits table above names it ("Other: hoarseness,
    cough (stimulation)"): two options' "Other" are different things, and a bare "Other"
    left the team guessing which deficit a rating was about.
    """

    def __init__(self, source: RecordModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.procedure: str | None = None
        self.labels: dict[str, str] = {}
        self.setSourceModel(source)

    def show_procedure(self, procedure: str | None, labels: dict[str, str] | None = None) -> None:
        self.beginFilterChange()
        self.procedure = procedure
        self.labels = dict(labels or {})
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and self._is_other(index):
            label = self.labels.get(OTHER_DEFICIT)
            return label if label and label != OTHER_LABEL else OTHER_WORDS
        return super().data(index, role)

    def _is_other(self, index: ModelIndex) -> bool:
        source = self.sourceModel()
        if not index.isValid() or not isinstance(source, RecordModel):
            return False
        if source.columns[index.column()].key != "deficit":
            return False
        records = source.records()
        row = self.mapToSource(index).row()
        return 0 <= row < len(records) and records[row].get("deficit") == OTHER_DEFICIT

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        source = self.sourceModel()
        assert isinstance(source, RecordModel)
        records = source.records()
        return 0 <= source_row < len(records) and records[source_row].get("procedure") == self.procedure

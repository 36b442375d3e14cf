"""What a reader of a rendered window would see go wrong: text drawn over text, text cut off
without an ellipsis, and a window that cannot shrink to the screen it is meant for.

``isconf gui --screenshot FILE --check-layout`` and the suite's layout tests run it on each
view at the sizes of a laptop, a projector and a 150 % desktop. It looks at widgets, not
pixels, so it names what is wrong ("label 'Clusters per day' needs 212 px, has 130").
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

ELLIPSIS = "…"
# Anti-aliased edges and a 1 px frame may touch: only an overlap a glyph would cross counts.
OVERLAP_TOLERANCE = 3
# A line edit's frame and text margins: the text has about this much less than the widget.
LINE_EDIT_PADDING = 14
# A column's last pixels under the frame or the scroll bar are not a column out of sight.
COLUMN_TOLERANCE = 4


@dataclass(frozen=True)
class LayoutProblem:
    kind: str  # "too-small", "overlap", "clipped"
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def window_too_small(window: QWidget, requested: QSize) -> LayoutProblem | None:
    """The window's minimum size, when the requested size cannot hold it."""
    layout = window.layout()
    if layout is not None:
        layout.activate()
    # What the window holds to (a layout's constraint sets it); a layout without one lets the
    # window shrink and what does not fit shows as overlaps and cut text instead.
    minimum = window.minimumSize()
    if minimum.width() <= requested.width() and minimum.height() <= requested.height():
        return None
    return LayoutProblem(
        "too-small",
        f"the window needs at least {minimum.width()}×{minimum.height()}, "
        f"the screen has {requested.width()}×{requested.height()}",
    )


def layout_problems(window: QWidget) -> list[LayoutProblem]:
    """Every overlap of two visible text widgets and every clipped text in a shown window."""
    shown = [(w, _visible_rect(w, window)) for w in _text_widgets(window)]
    shown = [(w, r) for w, r in shown if not r.isEmpty()]
    problems = [LayoutProblem("clipped", c) for w, r in shown if (c := _clipped(w, r, window))]
    problems += [LayoutProblem("sideways", s) for s in _scrolled_sideways(window)]
    problems += [LayoutProblem("columns", c) for c in _columns_out_of_sight(window)]
    for n, (first, first_rect) in enumerate(shown):
        for second, second_rect in shown[n + 1 :]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            both = first_rect.intersected(second_rect)
            if both.width() > OVERLAP_TOLERANCE and both.height() > OVERLAP_TOLERANCE:
                problems.append(
                    LayoutProblem(
                        "overlap",
                        f"{describe(first)} and {describe(second)} overlap at "
                        f"{both.x()},{both.y()} ({both.width()}×{both.height()})",
                    )
                )
    return problems


def _scrolled_sideways(window: QWidget) -> list[str]:
    """Panels of fields that hide some behind a sideways scroll: a field off to the right is
    not seen (tables: ``_columns_out_of_sight``)."""
    return [
        f"{type(area).__name__} {_area_name(area)!r} scrolls sideways: "
        f"{area.widget().width()} px of content in {area.viewport().width()} px"
        for area in window.findChildren(QScrollArea)
        if area.isVisible() and area.widget() is not None and area.horizontalScrollBar().maximum() > 2
    ]


def _columns_out_of_sight(window: QWidget) -> list[str]:
    """Tables whose columns are scrolled (or cut) out of sight to the right: a column nobody
    scrolls to is not read. A column the program hid (setColumnHidden: its words are
    elsewhere on the screen, and a wider window shows it) is a choice, not a fault."""
    found = []
    for table in window.findChildren(QTableView):
        model = table.model()
        if not table.isVisible() or model is None or _visible_rect(table, window).isEmpty():
            continue
        header = table.horizontalHeader()
        room = table.viewport().width()
        out = [
            str(model.headerData(c, Qt.Orientation.Horizontal) or c)
            for c in range(model.columnCount())
            if not table.isColumnHidden(c)
            and (
                header.sectionViewportPosition(c) < -COLUMN_TOLERANCE
                or header.sectionViewportPosition(c) + header.sectionSize(c) > room + COLUMN_TOLERANCE
            )
        ]
        if out:
            name = table.accessibleName() or table.objectName() or type(table).__name__
            found.append(f"table {name!r} has {len(out)} column(s) out of sight: {', '.join(out)}")
    return found


def _area_name(area: QScrollArea) -> str:
    labels = area.widget().findChildren(QLabel) if area.widget() is not None else []
    return area.objectName() or area.accessibleName() or (labels[0].text() if labels else "")


def describe(widget: QWidget) -> str:
    text = _text(widget).replace("\n", " ")
    if len(text) > 40:
        text = text[:39] + ELLIPSIS
    name = f"#{widget.objectName()}" if widget.objectName() else ""
    return f"{type(widget).__name__}{name} {text!r}"


def _text_widgets(window: QWidget) -> list[QWidget]:
    kinds = (QLabel, QAbstractButton, QLineEdit)
    found = [w for w in window.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible()]
    # A tab bar's scroll arrows and a toolbar's extension button carry no text.
    return [w for w in found if _text(w).strip() and not isinstance(w.parentWidget(), QTabBar)]


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return "" if widget.pixmap() is not None and not widget.pixmap().isNull() else widget.text()
    if isinstance(widget, (QAbstractButton, QLineEdit)):
        return widget.text()
    return ""


def _visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """Where ``widget`` shows in ``window``'s coordinates, cut by every ancestor's edges
    (a scroll area's viewport hides what is scrolled away)."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _clipped(widget: QWidget, visible: QRect, window: QWidget) -> str | None:
    """Why the text of ``widget`` does not fully show, or None."""
    text = _text(widget)
    if ELLIPSIS in text:
        return None
    if isinstance(widget, QLabel):
        need = _label_needs(widget)
    elif isinstance(widget, QLineEdit) and widget.toolTip() == text:
        return None  # shows its start, and the whole in its tooltip
    elif isinstance(widget, QLineEdit):
        width = widget.fontMetrics().horizontalAdvance(text) + LINE_EDIT_PADDING
        need = QSize(width, 0)
    elif isinstance(widget, QToolButton):
        return None  # a toolbar's button shows its icon first; its text is its tooltip too
    else:
        need = widget.minimumSizeHint()
    have = widget.size()
    if need.width() > have.width() + 1 or need.height() > have.height() + 1:
        return (
            f"{describe(widget)} needs {max(need.width(), 0)}×{max(need.height(), 0)} px, "
            f"has {have.width()}×{have.height()}"
        )
    # Cut by an ancestor that does not scroll (a panel narrower than what it holds).
    full = QRect(widget.mapTo(window, QPoint(0, 0)), have)
    if visible != full and not _in_scroll_area(widget, window):
        return f"{describe(widget)} is cut by its panel: {visible.width()}×{visible.height()} of {have.width()}×{have.height()} shows"
    return None


def _label_needs(label: QLabel) -> QSize:
    if label.wordWrap():
        return QSize(0, label.heightForWidth(label.width()))
    return label.sizeHint()

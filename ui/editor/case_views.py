"""What the editor draws of the case it holds, once the case has no problems: the treatment
timeline, the concordance row and the development trend (core models through the services).

Each sits on a tab of its own (Treatments, MRI, Etiology), out of sight when a case is opened:
each is drawn when its tab is shown, not at every case opened or edit made on another tab (the
three were ~0.5 ms of opening a case, open_case_ms in docs/performance.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget

from isconf.services import Case, case_concordance, development_points, treatment_timeline
from ui.widgets.timeline_view import TimelineView
from ui.widgets.trend_view import TrendView


class CaseViews(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.timeline = TimelineView()
        self.concordance = QLabel(objectName="concordanceRow")
        self.concordance.setWordWrap(True)
        self.trend = TrendView()
        self.trend.setMinimumHeight(130)
        self._waiting: dict[QWidget, Callable[[], None]] = {}  # drawn when next shown
        for widget in (self.timeline, self.concordance, self.trend):
            widget.installEventFilter(self)

    def show(self, case: Case | None, today: date | None) -> None:
        """Draw ``case`` as of ``today``; ``None`` (the case has problems) keeps what is drawn, greyed."""
        for widget in (self.timeline, self.concordance, self.trend):
            widget.setEnabled(case is not None)
        if case is None or today is None:
            return
        self._draw(self.timeline, lambda: self.timeline.set_timeline(treatment_timeline(case, today)))
        self._draw(self.concordance, lambda: self.concordance.setText(case_concordance(case, today).words))
        self._draw(self.trend, lambda: self.trend.set_points(development_points(case, today)))

    def _draw(self, widget: QWidget, draw: Callable[[], None]) -> None:
        if widget.isVisible():
            self._waiting.pop(widget, None)
            draw()
        else:
            self._waiting[widget] = draw

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched in self._waiting:
            self._waiting.pop(watched)()
        return False

"""What the editor draws of the case it holds, once the case has no problems: the treatment
timeline, the concordance row and the development trend (core models through the services)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from isconf.services import Case, case_concordance, development_points, treatment_timeline
from ui.widgets.timeline_view import TimelineView
from ui.widgets.trend_view import TrendView


class CaseViews:
    def __init__(self) -> None:
        self.timeline = TimelineView()
        self.concordance = QLabel(objectName="concordanceRow")
        self.concordance.setWordWrap(True)
        self.trend = TrendView()
        self.trend.setMinimumHeight(130)

    def show(self, case: Case | None, today: date | None) -> None:
        """Draw ``case`` as of ``today``; ``None`` (the case has problems) keeps what is drawn, greyed."""
        for widget in (self.timeline, self.concordance, self.trend):
            widget.setEnabled(case is not None)
        if case is None or today is None:
            return
        self.timeline.set_timeline(treatment_timeline(case, today))
        self.concordance.setText(case_concordance(case, today).words)
        self.trend.set_points(development_points(case, today))

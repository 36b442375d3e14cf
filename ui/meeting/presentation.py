"""Presentation mode: the agenda on the conference room's screen, one case per screen.

Built for 1920×1080 read from the back of the room: 26–44 pt type, states as
words and symbols (never colour alone), the agenda position always in the top
bar. The patient is shown at conference strength (initials and age, every date
of the child as the child's age then, ``isconf.ages``): the screen is seen by
everyone in the room. Keys: Right / Page Down / Space next,
Left / Page Up previous, Home / End, T the case's trade-off chart (a second
screen of the case, when it has a trade-off), Esc back to the meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from isconf import clock
from isconf.ages import Ages
from isconf.meetings import vocab
from isconf.meetings.model import AgendaEntry, Meeting
from isconf.services import (
    Evaluation,
    Services,
    coverage_words,
    deidentified_view,
    evaluate,
    has_tradeoff,
    key_findings,
    tradeoff_chart_png,
    without_raters,
)
from ui.actions import build_actions
from ui.checklist import STATE_BADGES, restyle
from ui.meeting.actions import PRESENT_SPECS, PresentAction
from ui.meeting.slide_clinical import CLINICAL_STYLE, ImageScreen, SlideClinical
from ui.meeting.slide_status import first_sentence as _first_sentence
from ui.meeting.slide_status import show_status
from ui.meeting.slide_style import DESIGN_HEIGHT, STYLE, room_scale, scaled_style
from ui.meeting.slide_tiles import FindingTiles

BADGE_WIDTH = 260
ALL_FINDINGS_LINES = 12  # F: each finding whole, across the screen
CHART_HINT = "▸ Trade-off chart: press T"
NO_CHART_HINT = "No trade-off chart yet: nothing rated"

# The chart's own layout is about 960 px wide; a 1920×1080 screen shows it about 1.7 times larger.
ROOM_CHART_SCALE = 1.7


class ChartView(QLabel):
    """A picture scaled smoothly to the room it is given, keeping its proportions, in the
    screen's own pixels (a 150 % screen shows it sharp rather than enlarged)."""

    def __init__(self, png: bytes) -> None:
        super().__init__(objectName="chart")
        self.coverage = ""
        self.original = QPixmap()
        self.original.loadFromData(png, "PNG")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Its size comes from the screen, never from the picture's.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.contentsRect().size()
        if room.width() > 0 and room.height() > 0:
            ratio = self.devicePixelRatioF()
            shown = self.original.scaled(
                room * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            shown.setDevicePixelRatio(ratio)
            self.setPixmap(shown)


def tradeoff_chart_widget(
    services: Services, mrn: str, *, as_of: date, shown_as: str, ages: Ages, typed: Callable[[str], str]
) -> ChartView:
    """The case's trade-off chart for the room, titled ``shown_as`` (initials, as the rest
    of the screen) rather than the MRN, its dates as the child's ages (``ages``), the team's
    typed notes as ``typed`` shows them (withheld until checked for identifiers)."""
    full = services.tradeoff(mrn, as_of=as_of)
    view = deidentified_view(full, ages, shown_as=shown_as, typed=typed)
    # Drawn at the size the room screen shows it, so text is sharp rather than enlarged.
    ratio = QGuiApplication.primaryScreen().devicePixelRatio()
    chart = ChartView(tradeoff_chart_png(view, scale=ROOM_CHART_SCALE * ratio))
    chart.coverage = coverage_words(full)  # "1 of 5 deficits … rated" (no identifier in it)
    return chart


def _label(name: str, text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class PresentationView(QWidget):
    """One agenda case per screen; ``finished`` gives the MRN shown last when it closes."""

    finished = Signal(str)

    def __init__(
        self, services: Services, meeting_id: int, start: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, objectName="presentation")
        self.services = services
        self.meeting: Meeting = services.meetings.get_meeting(meeting_id)
        self.index = max(0, min(start, len(self.meeting.agenda) - 1))
        self.setWindowTitle(f"isconf — presenting {self.meeting.room_title()}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._scale = 1.0
        self.has_chart = False
        self.setStyleSheet(STYLE + CLINICAL_STYLE)
        self.actions_ = build_actions(
            self,
            {
                PresentAction.NEXT: lambda: self.go(self.index + 1),
                PresentAction.PREVIOUS: lambda: self.go(self.index - 1),
                PresentAction.FIRST: lambda: self.go(0),
                PresentAction.LAST: lambda: self.go(len(self.meeting.agenda) - 1),
                PresentAction.TRADEOFF: self.toggle_chart,
                PresentAction.FINDINGS: self.toggle_all_findings,
                PresentAction.IMAGES: self.next_image,
                PresentAction.COURSE: self.toggle_course,
                PresentAction.EXIT: self.close,
            },
            PRESENT_SPECS,
        )
        self._build()
        self.go(self.index)

    def _build(self) -> None:
        bar = QFrame(objectName="presentBar")
        self.position = _label("position", wrap=False)
        self.meeting_line = _label("meetingLine")
        self.meeting_line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Issue 23: the title is typed text; until checked, the line names the date instead.
        self.title_note = _label("titleNote", "title not checked for identifiers", wrap=False)
        self.title_note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.title_note.setVisible(not self.meeting.title_checked)
        meeting_column = QVBoxLayout()
        meeting_column.setSpacing(0)
        meeting_column.addWidget(self.meeting_line)
        meeting_column.addWidget(self.title_note)
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(36, 14, 36, 14)
        self.urgent = _label("urgent", wrap=False)
        self.not_urgent = _label("notUrgent", wrap=False)
        bar_layout.addWidget(self.position)
        bar_layout.addSpacing(40)
        bar_layout.addWidget(self.urgent)
        bar_layout.addWidget(self.not_urgent)
        bar_layout.addLayout(meeting_column, 1)

        self.patient = _label("patient", wrap=False)
        self.status = _label("status")
        head = QHBoxLayout()
        head.addWidget(self.patient)
        head.addSpacing(30)
        head.addWidget(self.status, 1)

        self.rule = _label("rule")
        self.question = _label("question")
        # Tiles that shrink their type to a floor, then count what is left for F: a long
        # history overprinted the findings when they were a grid of labels.
        self.findings = FindingTiles()
        self.findings.refitted.connect(self._say_keys)
        left = QVBoxLayout()
        left.setSpacing(8)  # unset, a nested box took the body's 48 px between its lines
        left.addWidget(_label("heading", "Key findings", wrap=False))
        left.addWidget(self.findings, 1)
        # Under the findings, where the column has room: the checklist's column has none to spare.
        self.chart_hint = _label("chartHint", CHART_HINT, wrap=False)
        left.addWidget(self.chart_hint)
        self.missing = _label("missing")
        left.addWidget(self.missing)

        self.checklist = QGridLayout()
        self.checklist.setHorizontalSpacing(16)
        self.checklist.setVerticalSpacing(2)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(_label("heading", "Candidacy checklist", wrap=False))
        right.addLayout(self.checklist)
        self.decision = _label("decision")
        right.addWidget(self.decision)
        right.addStretch(1)

        # The findings and verdicts fill one screen; the chart needs the whole width to be
        # read from the back of the room, so it is the case's second screen (T).
        self.case_page = QWidget()
        body = QHBoxLayout(self.case_page)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(48)
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        self.chart_page = QWidget()
        self.chart_slot = QVBoxLayout()
        self.function_loss = _label("reason")
        chart_layout = QVBoxLayout(self.chart_page)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addLayout(self.chart_slot, 1)
        chart_layout.addWidget(self.function_loss)
        self.chart_page.hide()
        self.all_findings = FindingTiles(max_lines=ALL_FINDINGS_LINES)
        self.all_findings.hide()
        # The case's course (concordance, timeline, image tiles) and its images: screens of their own (C, I).
        self.clinical = SlideClinical()
        self.clinical.hide()
        self.image_page = ImageScreen()
        self.image_page.hide()
        self.chart: ChartView | None = None
        self.keys = _label("keys", wrap=False)
        content = QVBoxLayout()
        content.setContentsMargins(40, 14, 40, 8)
        content.setSpacing(10)
        content.addLayout(head)
        content.addWidget(self.rule)
        content.addWidget(self.question)
        content.addWidget(self.case_page, 1)
        content.addWidget(self.chart_page, 1)
        content.addWidget(self.all_findings, 1)
        content.addWidget(self.clinical, 1)
        content.addWidget(self.image_page, 1)
        content.addWidget(self.keys)
        outer = QVBoxLayout(self)
        # The screen's size is the size: text that does not fit is cut, the window never grows.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(bar)
        outer.addLayout(content, 1)

    # --- showing a case ---------------------------------------------------------------------------

    @property
    def current(self) -> AgendaEntry:
        return self.meeting.agenda[self.index]

    def go(self, index: int) -> None:
        if not self.meeting.agenda or not 0 <= index < len(self.meeting.agenda):
            return
        self.index = index
        item = self.current
        as_of = self.as_of
        case = self.services.get_case(item.mrn).case  # read once: the evaluation and the findings
        evaluation = evaluate(case, as_of)
        ages = self.meeting.ages(item)
        self.has_chart = has_tradeoff(case)
        self.position.setText(f"{index + 1} of {len(self.meeting.agenda)}")
        self.meeting_line.setText(
            f"{self.meeting.room_title()} · {self.meeting.slot_words(item)} · {item.minutes} min"
        )
        age = "age not recorded" if item.age_months is None else f"{item.age_months:.0f} months"
        self.patient.setText(f"{item.initials}  ·  {age}")
        show_status(self, item, evaluation, ages)
        self.question.setText(
            # Initials in place of a name typed into the question: the room sees initials only.
            f"Question: {self.meeting.redacted(item.question, item)}"
            if item.question
            else "No question set for the team"
        )
        restyle(self.question, "unset", "false" if item.question else "true")
        raters = [a.rated_by or "" for a in case.tradeoff.assessments]

        def room(text: str) -> str:  # isconf's words as the room sees them: ages, raters by role
            return without_raters(ages.scrub(text), raters)

        self._show_findings([(label, room(text)) for label, text in key_findings(case, as_of)])
        typed = partial(self.meeting.redacted, item=item)  # typed text: withheld until checked
        self.clinical.show_case(case, as_of, ages, typed)
        self.image_page.start(case.images, ages, typed)
        self._show_checklist(evaluation, room)
        missing = "; ".join(room(m) for m in item.missing)
        self.missing.setText("Missing: " + missing if missing else "✓ Nothing missing")
        restyle(self.missing, "none", "false" if missing else "true")
        decision = item.decision
        self.decision.setVisible(decision is not None)
        if decision is not None:
            self.decision.setText(f"Decided: {vocab.label(vocab.RECOMMENDATION, decision.recommendation)}")
        self.chart_hint.setText(CHART_HINT)
        self.chart_hint.setVisible(self.has_chart)
        loss = next(c for c in evaluation.criteria if c.id == "acceptable_function_loss")
        self.function_loss.setText(
            f"{STATE_BADGES[loss.state]}   {loss.title}: {_first_sentence(room(loss.reason))}"
        )
        _clear(self.chart_slot)
        self.chart = None
        self._show_page(chart=False)
        if self.isVisible():
            _show_now(self.checklist)
            self._fit_wrapped_text()

    def _show_findings(self, findings: list[tuple[str, str]]) -> None:
        lines = self.height() if self.height() > 0 else DESIGN_HEIGHT
        self.findings.set_findings(findings, lines)
        self.all_findings.set_findings(findings, lines)

    def _show_checklist(self, evaluation: Evaluation, room: Callable[[str], str]) -> None:
        _clear(self.checklist)
        for n, c in enumerate(evaluation.criteria):
            badge = _label("badge", STATE_BADGES[c.state], wrap=False)
            badge.setFixedWidth(round(BADGE_WIDTH * self._scale))
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            restyle(badge, "state", c.state)
            self.checklist.addWidget(badge, 2 * n, 0, Qt.AlignmentFlag.AlignTop)
            self.checklist.addWidget(_label("criterion", c.title), 2 * n, 1)
            reason = _label("reason", _first_sentence(room(c.reason)))
            reason.setContentsMargins(0, 0, 0, 10)
            self.checklist.addWidget(reason, 2 * n + 1, 1)
        self.checklist.setColumnStretch(1, 1)

    @property
    def as_of(self) -> date:
        return min(self.meeting.date, clock.today())

    @property
    def showing_chart(self) -> bool:
        return not self.chart_page.isHidden()

    def toggle_chart(self) -> None:
        if not self.has_chart:  # T did nothing: say why, in the room
            self.chart_hint.setText(NO_CHART_HINT)
            self.chart_hint.setVisible(True)
            QTimer.singleShot(0, self._fit_wrapped_text)
            return
        self._show_page(chart=not self.showing_chart)
        if self.isVisible():
            self._fit_wrapped_text()

    def next_image(self) -> None:
        """The case's next key image on the whole screen; past the last, back to the findings."""
        shown = self.image_page.advance()
        if shown:
            for page in (self.case_page, self.chart_page, self.clinical, self.all_findings):
                page.hide()
            self.image_page.show()
        else:
            self._show_page(chart=False)

    def toggle_course(self) -> None:
        """The case's course (concordance, treatment timeline, image tiles), or back to its findings."""
        if self.clinical.isVisible():
            self._show_page(chart=False)
            return
        for page in (self.case_page, self.chart_page, self.image_page, self.all_findings):
            page.hide()
        self.clinical.show()

    def _show_page(self, *, chart: bool) -> None:
        """The findings screen, or the chart screen (drawn only when first asked for)."""
        self.image_page.hide()
        self.clinical.hide()
        if chart and self.chart is None:
            item = self.current
            self.chart = tradeoff_chart_widget(
                self.services,
                item.mrn,
                as_of=self.as_of,
                shown_as=item.initials,
                ages=self.meeting.ages(item),
                typed=partial(self.meeting.redacted, item=item),
            )
            self.chart_slot.addWidget(self.chart)
            self.function_loss.setText(f"{self.function_loss.text()}  {self.chart.coverage}".rstrip())
        self.all_findings.hide()
        self.case_page.setVisible(not chart)
        self.chart_page.setVisible(chart)
        self._say_keys()

    def toggle_all_findings(self) -> None:
        """F: every finding in full across the screen (the slide's tiles may cut or count them)."""
        showing = not self.all_findings.isHidden()
        for page in (self.chart_page, self.clinical, self.image_page):
            page.hide()
        self.case_page.setVisible(showing)
        self.all_findings.setVisible(not showing)
        self._say_keys()

    def _say_keys(self) -> None:
        keys = "→ / Page Down next   ← / Page Up previous"
        if not self.all_findings.isHidden():
            keys += "   F back to the case"
        elif self.findings.cut:
            keys += "   F every finding"
        if self.has_chart:
            keys += "   T " + ("findings" if self.showing_chart else "trade-off chart")
        self.keys.setText(keys + "   C course   I images   Esc back to the meeting")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Sized before it was shown, the labels had no width yet to be measured at: measured
        # once laid out, or the reasons were cut to one line and a half.
        QTimer.singleShot(0, self._fit_wrapped_text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for tiles in (self.findings, self.all_findings):
            tiles.screen_lines = self.height()
            tiles.refit()
        scale = room_scale(self.width(), self.height())
        if abs(scale - self._scale) > 0.01:
            self._scale = scale
            self.setStyleSheet(scaled_style(scale, CLINICAL_STYLE))
            self.go(self.index)  # badges sized anew
            # The new type is laid out once the style sheet is applied: wrapped labels are
            # measured after that.
            QTimer.singleShot(0, self._fit_wrapped_text)
        self._fit_wrapped_text()

    def _fit_wrapped_text(self) -> None:
        """Give each wrapped label the height its text needs at its width: nested box
        layouts do not ask wrapped labels for it, and lines would overlap."""
        # The findings' tiles fit their own text to their fixed height.
        labels = [
            label
            for label in self.findChildren(QLabel)
            if label.wordWrap() and label.objectName() != "tileText"
        ]
        for label in labels:
            label.setMinimumHeight(0)
        self.layout().activate()
        for label in labels:
            needed = label.heightForWidth(label.width()) if label.isVisible() and label.width() > 0 else -1
            if needed > 0:
                label.setMinimumHeight(needed)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.meeting.agenda:
            self.finished.emit(self.current.mrn)
        event.accept()


def _show_now(layout: Any) -> None:
    """Widgets added to a shown window appear only at the next event loop turn; the
    wrapped-text fitting needs them now."""
    for n in range(layout.count()):
        widget = layout.itemAt(n).widget()
        if widget is not None:
            widget.show()


def _clear(layout: Any) -> None:
    while layout.count():
        child = layout.takeAt(0)
        widget = child.widget()
        if widget is not None:
            widget.hide()  # gone now, not when the event loop gets round to deleting it
            widget.setParent(None)
            widget.deleteLater()
        elif child.layout() is not None:
            _clear(child.layout())

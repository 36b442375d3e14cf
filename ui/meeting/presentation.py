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

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPixmap, QResizeEvent, QShowEvent
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
    deidentified_view,
    evaluate,
    has_tradeoff,
    key_findings,
    pathway_words,
    status_words,
    tradeoff_chart_png,
)
from isconf.status import alarm_words
from ui.actions import build_actions
from ui.checklist import STATE_BADGES, restyle, status_symbol
from ui.meeting.actions import PRESENT_SPECS, PresentAction
from ui.meeting.slide_clinical import CLINICAL_STYLE, ImageScreen, SlideClinical

STYLE = """
QWidget#presentation { background: #0f1b2a; }
QFrame#presentBar { background: #0a1420; }
QLabel { color: #f3f6fa; font-size: 26pt; }
QLabel#position { font-size: 40pt; font-weight: 800; color: #ffffff; }
QLabel#meetingLine { font-size: 22pt; color: #b9c6d6; }
QLabel#patient { font-size: 44pt; font-weight: 800; }
QLabel#status { font-size: 28pt; font-weight: 700; padding: 8px 18px; border-radius: 10px;
                background: #263a52; border: 3px solid #8fa5bf; }
QLabel#status[urgent="true"] { border-color: #ff6b5e; }
QLabel#urgent { font-size: 26pt; font-weight: 800; color: #ffffff; background: #c62828;
                padding: 6px 18px; border-radius: 10px; }
QLabel#notUrgent { font-size: 24pt; color: #cfd8e3; }
QLabel#heading { font-size: 26pt; font-weight: 800; color: #8ec5ff; }
QLabel#findingLabel { font-size: 24pt; font-weight: 700; color: #b9c6d6; }
QLabel#finding { font-size: 24pt; }
QLabel#question { font-size: 28pt; font-weight: 700; color: #1b1300; background: #ffd54f;
                  padding: 10px 16px; border-radius: 10px; }
QLabel#badge { font-size: 24pt; font-weight: 800; padding: 2px 10px; border-radius: 8px; }
QLabel#badge[state="met"] { background: #2e7d32; color: #ffffff; }
QLabel#badge[state="not_met"] { background: #6a55a8; color: #ffffff; }
QLabel#badge[state="unknown"] { background: #ffca28; color: #1b1300; }
QLabel#criterion { font-size: 25pt; font-weight: 700; }
QLabel#reason { font-size: 21pt; color: #d5dde8; }
QLabel#missing { font-size: 24pt; color: #ffd54f; }
QLabel#decision { font-size: 26pt; color: #a5e6a8; font-weight: 700; }
QLabel#keys { font-size: 16pt; color: #8a9bb0; }
QLabel#chartHint { font-size: 24pt; font-weight: 700; color: #8ec5ff; }
QLabel#chart { background: #ffffff; border-radius: 10px; padding: 8px; }
"""


BADGE_WIDTH = 260
CHART_HINT = "▸ Trade-off chart: press T"
NO_CHART_HINT = "No trade-off chart yet: nothing rated"
# The layout is drawn for a 1920×1080 room screen; a smaller one (a 1280×720 projector) gets
# the same layout with type and badges scaled down, not 1080p type that crushed the findings
# and the checklist to nothing. Larger screens keep the 1080p sizes.
DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
MIN_SCALE = 0.5


SMALL_ROOM_MARGIN = 0.9  # margins and gaps keep their pixels: the type shrinks a little more


def room_scale(width: int, height: int) -> float:
    ratio = min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT)
    return 1.0 if ratio >= 1 else max(MIN_SCALE, ratio * SMALL_ROOM_MARGIN)


def scaled_style(scale: float) -> str:
    """STYLE (and the clinical parts' style) with every pt and px size times ``scale``."""
    return re.sub(
        r"(\d+)(pt|px)",
        lambda m: f"{max(1, round(int(m.group(1)) * scale))}{m.group(2)}",
        STYLE + CLINICAL_STYLE,
    )


# The chart's own layout is about 960 px wide; a 1920×1080 screen shows it about 1.7 times larger.
ROOM_CHART_SCALE = 1.7


class ChartView(QLabel):
    """A picture scaled smoothly to the room it is given, keeping its proportions."""

    def __init__(self, png: bytes) -> None:
        super().__init__(objectName="chart")
        self.original = QPixmap()
        self.original.loadFromData(png, "PNG")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Its size comes from the screen, never from the picture's.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.contentsRect().size()
        if room.width() > 0 and room.height() > 0:
            self.setPixmap(
                self.original.scaled(
                    room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )


def tradeoff_chart_widget(
    services: Services, mrn: str, *, as_of: date, shown_as: str, ages: Ages
) -> ChartView:
    """The case's trade-off chart for the room, titled ``shown_as`` (initials, as the rest
    of the screen) rather than the MRN, its dates as the child's ages (``ages``)."""
    view = deidentified_view(services.tradeoff(mrn, as_of=as_of), ages, shown_as=shown_as)
    # Drawn at the size the room screen shows it, so text is sharp rather than enlarged.
    return ChartView(tradeoff_chart_png(view, scale=ROOM_CHART_SCALE))


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
        self.setWindowTitle(f"isconf — presenting {self.meeting.redacted(self.meeting.title)}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._scale = 1.0
        self.setStyleSheet(STYLE + CLINICAL_STYLE)
        self.actions_ = build_actions(
            self,
            {
                PresentAction.NEXT: lambda: self.go(self.index + 1),
                PresentAction.PREVIOUS: lambda: self.go(self.index - 1),
                PresentAction.FIRST: lambda: self.go(0),
                PresentAction.LAST: lambda: self.go(len(self.meeting.agenda) - 1),
                PresentAction.TRADEOFF: self.toggle_chart,
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
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(36, 14, 36, 14)
        self.urgent = _label("urgent", wrap=False)
        self.not_urgent = _label("notUrgent", wrap=False)
        bar_layout.addWidget(self.position)
        bar_layout.addSpacing(40)
        bar_layout.addWidget(self.urgent)
        bar_layout.addWidget(self.not_urgent)
        bar_layout.addWidget(self.meeting_line, 1)

        self.patient = _label("patient", wrap=False)
        self.status = _label("status")
        head = QHBoxLayout()
        head.addWidget(self.patient)
        head.addSpacing(30)
        head.addWidget(self.status, 1)

        self.question = _label("question")
        self.findings = QGridLayout()
        self.findings.setHorizontalSpacing(20)
        self.findings.setVerticalSpacing(6)
        left = QVBoxLayout()
        left.addWidget(_label("heading", "Key findings"))
        left.addLayout(self.findings)
        left.addStretch(1)
        # Under the findings, where the column has room: the checklist's column has none to spare.
        self.chart_hint = _label("chartHint", CHART_HINT, wrap=False)
        left.addWidget(self.chart_hint)
        self.missing = _label("missing")
        left.addWidget(self.missing)

        self.checklist = QGridLayout()
        self.checklist.setHorizontalSpacing(16)
        self.checklist.setVerticalSpacing(2)
        right = QVBoxLayout()
        right.addWidget(_label("heading", "Candidacy checklist"))
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
        content.addWidget(self.question)
        content.addWidget(self.case_page, 1)
        content.addWidget(self.chart_page, 1)
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
            f"{self.meeting.redacted(self.meeting.title)} · {self.meeting.slot_words(item)} · {item.minutes} min"
        )
        age = "age not recorded" if item.age_months is None else f"{item.age_months:.0f} months"
        self.patient.setText(f"{item.initials}  ·  {age}")
        self._show_status(item, evaluation)
        self.question.setText(
            # Initials in place of a name typed into the question: the room sees initials only.
            f"Question: {self.meeting.redacted(item.question, item)}"
            if item.question
            else "Question for the team: not set"
        )
        self._show_findings([(label, ages.scrub(text)) for label, text in key_findings(case, as_of)])
        self.clinical.show_case(case, as_of, ages)
        self.image_page.start(case.images, ages)
        self._show_checklist(evaluation, ages)
        missing = "; ".join(ages.scrub(m) for m in item.missing)
        self.missing.setText("Missing: " + missing if missing else "Nothing missing")
        decision = item.decision
        self.decision.setVisible(decision is not None)
        if decision is not None:
            self.decision.setText(f"Decided: {vocab.label(vocab.RECOMMENDATION, decision.recommendation)}")
        self.chart_hint.setText(CHART_HINT)
        self.chart_hint.setVisible(self.has_chart)
        loss = next(c for c in evaluation.criteria if c.id == "acceptable_function_loss")
        self.function_loss.setText(
            f"{STATE_BADGES[loss.state]}   {loss.title}: {_first_sentence(ages.scrub(loss.reason))}"
        )
        _clear(self.chart_slot)
        self.chart = None
        self._show_page(chart=False)
        if self.isVisible():
            for layout in (self.findings, self.checklist):
                _show_now(layout)
            self._fit_wrapped_text()

    def _show_status(self, item: AgendaEntry, evaluation: Evaluation) -> None:
        symbol = status_symbol(evaluation.status)
        pathway = pathway_words(evaluation.pathway, evaluation.status, short=True)
        path = f"  —  {pathway}" if evaluation.pathway else ""
        self.status.setText(f"{symbol} {status_words(evaluation.status)}{path}")
        alarm = alarm_words([w.code for w in evaluation.alarms])  # untreated spasms: red, any status
        restyle(self.status, "urgent", "true" if item.urgent or alarm else "false")
        self.urgent.setVisible(item.urgent or bool(alarm))
        u = evaluation.urgency
        weeks = []
        if u.spasm_weeks is not None:
            weeks.append(f"{u.spasm_weeks:.0f} wk spasms")
        if u.weeks_since_drug_resistance is not None:
            weeks.append(f"{u.weeks_since_drug_resistance:.0f} wk resistant")
        self.urgent.setText(f"{alarm}  " + " · ".join(weeks) if alarm else "⚠ URGENT  " + " · ".join(weeks))
        self.not_urgent.setVisible(not item.urgent and not alarm)
        self.not_urgent.setText("not flagged urgent  ·  " + " · ".join(weeks))

    def _show_findings(self, findings: list[tuple[str, str]]) -> None:
        _clear(self.findings)
        for row, (label, text) in enumerate(findings):
            name = _label("findingLabel", label, wrap=False)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.findings.addWidget(name, row, 0)
            self.findings.addWidget(_label("finding", text), row, 1)
        self.findings.setColumnStretch(1, 1)

    def _show_checklist(self, evaluation: Evaluation, ages: Ages) -> None:
        _clear(self.checklist)
        for n, c in enumerate(evaluation.criteria):
            badge = _label("badge", STATE_BADGES[c.state], wrap=False)
            badge.setFixedWidth(round(BADGE_WIDTH * self._scale))
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            restyle(badge, "state", c.state)
            self.checklist.addWidget(badge, 2 * n, 0, Qt.AlignmentFlag.AlignTop)
            self.checklist.addWidget(_label("criterion", c.title), 2 * n, 1)
            reason = _label("reason", _first_sentence(ages.scrub(c.reason)))
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
            for page in (self.case_page, self.chart_page, self.clinical):
                page.hide()
            self.image_page.show()
        else:
            self._show_page(chart=False)

    def toggle_course(self) -> None:
        """The case's course (concordance, treatment timeline, image tiles), or back to its findings."""
        if self.clinical.isVisible():
            self._show_page(chart=False)
            return
        for page in (self.case_page, self.chart_page, self.image_page):
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
            )
            self.chart_slot.addWidget(self.chart)
        self.case_page.setVisible(not chart)
        self.chart_page.setVisible(chart)
        keys = "→ / Page Down next   ← / Page Up previous"
        if self.has_chart:
            keys += "   T " + ("findings" if chart else "trade-off chart")
        self.keys.setText(keys + "   C course   I images   Esc back to the meeting")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Sized before it was shown, the labels had no width yet to be measured at: measured
        # once laid out, or the reasons were cut to one line and a half.
        QTimer.singleShot(0, self._fit_wrapped_text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale = room_scale(self.width(), self.height())
        if abs(scale - self._scale) > 0.01:
            self._scale = scale
            self.setStyleSheet(scaled_style(scale))
            self.go(self.index)  # badges sized anew
            # The new type is laid out once the style sheet is applied: wrapped labels are
            # measured after that.
            QTimer.singleShot(0, self._fit_wrapped_text)
        self._fit_wrapped_text()

    def _fit_wrapped_text(self) -> None:
        """Give each wrapped label the height its text needs at its width: nested box
        layouts do not ask wrapped labels for it, and lines would overlap."""
        labels = [label for label in self.findChildren(QLabel) if label.wordWrap()]
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


REASON_CHARACTERS = 95  # two lines at the reason's size in the checklist column


def _first_sentence(text: str) -> str:
    """The reason's first sentence, at most two lines: the room reads the verdict and why at a
    glance; the whole reason is in the checklist beside the case."""
    head, dot, _rest = text.partition(". ")
    head += "." if dot else ""
    if len(head) <= REASON_CHARACTERS:
        return head
    return head[: REASON_CHARACTERS - 1].rsplit(" ", 1)[0] + " …"


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

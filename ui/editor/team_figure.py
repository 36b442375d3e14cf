"""The team's own figure for an option (replacing a published one), with the note saying
where it comes from: typed on the trade-off page and added to the case together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isconf import schema


def plain_label(name: str) -> QLabel:
    """A wrapped label that shows text as typed (a team's note is never markup)."""
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a team's note is shown as typed, never as markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class TeamFigureForm(QWidget):
    """The team's figure for one option and where it comes from, added to the case together."""

    def __init__(self, add: Callable[[str, float, str], None]) -> None:
        super().__init__(objectName="teamFigureForm")
        self._add = add
        self.procedure: str | None = None
        self.caption = QLabel()
        self.value = QDoubleSpinBox(decimals=1, suffix=" %")
        self.value.setRange(*schema.BENEFIT_RANGE)
        self.value.setAccessibleName("Team's figure (%)")
        self.note = QLineEdit(
            placeholderText="Required: where the figure comes from (e.g. our last 40 infants)"
        )
        self.note.setAccessibleName("Note (where the figure comes from)")
        self.note.setMaxLength(schema.NOTE_MAX)
        # Its focus leaving, not editingFinished: that is not sent for a note left untouched.
        self.note.installEventFilter(self)
        self.note.textEdited.connect(lambda _text: self.problem.clear())
        add_button = QPushButton("Add figure")
        add_button.clicked.connect(self.submit)
        self.note.returnPressed.connect(self.submit)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.cancel)
        self.add_button, self.cancel_button = add_button, cancel
        self.problem = plain_label("rateProblem")
        # Room kept for the one-line problem, so flagging it does not move the page.
        self.problem.setMinimumHeight(self.problem.fontMetrics().lineSpacing() + 4)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.value)
        row.addWidget(self.note, 1)
        row.addWidget(add_button)
        row.addWidget(cancel)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.caption)
        column.addLayout(row)
        column.addWidget(self.problem)
        # Its room is kept while hidden: shown in a page squeezed to the window, it pushed the
        # options and the chart up.
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def start(self, procedure: str, label: str, published: float | None) -> None:
        self.procedure = procedure
        self.caption.setText(f"Team's figure for {label} (% of children seizure- or spasm-free):")
        self.value.setValue(published if published is not None else 0.0)
        self.note.clear()
        self.problem.clear()
        self.show()
        self.value.setFocus()
        self.value.selectAll()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self._left_note()
        return super().eventFilter(watched, event)

    def _left_note(self) -> None:
        # Flagged once the user moves on from the note leaving it empty, not while it is new
        # (nor when Cancel took the focus: the figure is being dropped).
        if self.isVisible() and not self.note.text().strip() and not self.cancel_button.underMouse():
            self._flag()

    def _flag(self) -> None:
        self.problem.setText("⚠ Note: say where the team's figure comes from (it replaces a published one).")

    def submit(self) -> None:
        note = self.note.text().strip()
        if self.procedure is None:
            return
        if not note:
            self._flag()
            self.note.setFocus()
            return
        procedure, self.procedure = self.procedure, None
        self.hide()
        self._add(procedure, self.value.value(), note)

    def cancel(self) -> None:
        self.procedure = None
        self.problem.clear()
        self.hide()

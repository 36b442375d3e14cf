"""The rating controls, beside the deficits they rate: who rates, why, and the three ratings.

They stood about 2,000 px down the workspace, under the chart; here they name the deficit
selected beside them ("Rate Language (lobar resection)"), so the team sees what a press rates.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from isconf import vocab
from ui.editor.team_figure import plain_label

RATING_KEYS = {"acceptable": "Acceptable", "concern": "Concern", "unacceptable": "Unacceptable"}
# Keys that work anywhere in the workspace, in the order of the buttons (Alt+letters are
# taken by the menus and the form's labels).
RATING_SHORTCUTS = {"acceptable": "Ctrl+1", "concern": "Ctrl+2", "unacceptable": "Ctrl+3"}
PANEL_WIDTH = 330


class RatingPanel(QWidget):
    """Rated by, comment, and one button per rating, each the trigger of a workspace action."""

    def __init__(self, workspace: QWidget, rate: Callable[[str], None]) -> None:
        super().__init__(objectName="ratingPanel")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.target = plain_label("rateTarget")  # which deficit of which option a press rates
        self.target.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.target, 0, 0, 1, 3)
        self.rater = QComboBox()
        self.rater.setEditable(True)
        self.rater.setAccessibleName("Rated by")
        self.rater.lineEdit().setAccessibleName("Rated by")  # where the typing goes
        for code, text in vocab.RATED_BY_SUGGESTIONS:
            self.rater.addItem(text, code)
        rater_label = QLabel("Rated &by")
        rater_label.setBuddy(self.rater)
        grid.addWidget(rater_label, 1, 0)
        grid.addWidget(self.rater, 1, 1, 1, 2)
        self.comment = QLineEdit(placeholderText="Comment (why)")
        self.comment.setAccessibleName("Comment")
        grid.addWidget(self.comment, 2, 0, 1, 3)
        self.actions_: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        for i, (code, text) in enumerate(RATING_KEYS.items()):
            action = _rate_action(workspace, code, text, rate)
            self.actions_[code] = action
            button = QPushButton(text)
            button.setObjectName(f"rate_{code}")
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            grid.addWidget(button, 3, i)
            self.buttons[code] = button
        grid.addWidget(QLabel("Keys: Ctrl+1, Ctrl+2, Ctrl+3"), 4, 0, 1, 3)
        self.problem = plain_label("rateProblem")
        grid.addWidget(self.problem, 5, 0, 1, 3)
        self.done = plain_label("hint")  # what the last press recorded: the verdict may not move
        grid.addWidget(self.done, 6, 0, 1, 3)
        grid.setRowStretch(7, 1)
        self.setFixedWidth(PANEL_WIDTH)

    def show_target(self, deficit: str | None, option: str | None, rateable: bool) -> None:
        if not rateable:
            self.target.setText("Nothing to rate: this option has no surgical deficit.")
        elif deficit is None:
            self.target.setText("Select a deficit to rate.")
        else:
            self.target.setText(f"Rate: {deficit} ({option})")
        for action in self.actions_.values():
            action.setEnabled(rateable)


def _rate_action(workspace: QWidget, code: str, text: str, rate: Callable[[str], None]) -> QAction:
    """One action per rating: its button and its key, within the workspace only."""
    key = QKeySequence(RATING_SHORTCUTS[code])
    action = QAction(f"Rate {text.lower()}", workspace)
    action.setShortcut(key)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shown = key.toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"Rate the selected deficit {text.lower()} for the selected option ({shown})")
    action.triggered.connect(lambda _checked=False, c=code: rate(c))
    workspace.addAction(action)
    return action

"""A recorded decision as a card: what the team recommends, how it agreed and who did not,
and the whole rationale, in full contrast (when and by whom is said under the form). A signed or closed meeting shows only the card
(greyed, disabled fields were the hardest text on the screen to read)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from isconf.meetings import vocab
from isconf.meetings.model import AgendaEntry
from ui.checklist import restyle


def _label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DecisionCard(QFrame):
    def __init__(self) -> None:
        super().__init__(objectName="decisionCard")
        self.recommendation = _label("cardRecommendation")
        self.consensus = QLabel(objectName="consensusBadge")
        self.consensus.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tests = _label("cardLine")
        self.dissent = _label("cardDissent")
        self.rationale = _label("cardRationale")
        self.rationale.setAccessibleName("Rationale")
        head = QHBoxLayout()
        head.addWidget(self.recommendation, 1)
        head.addWidget(self.consensus, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.addLayout(head)
        for part in (self.tests, self.dissent, self.rationale):
            column.addWidget(part)
        self.hide()

    def show_item(self, item: AgendaEntry | None) -> None:
        decision = item.decision if item else None
        self.setVisible(decision is not None)
        if decision is None:
            return
        self.recommendation.setText(vocab.label(vocab.RECOMMENDATION, decision.recommendation))
        consensus = decision.consensus or vocab.UNANIMOUS
        symbol = {vocab.UNANIMOUS: "✓✓", vocab.MAJORITY: "✓"}.get(consensus, "…")
        self.consensus.setText(f"{symbol} {vocab.label(vocab.CONSENSUS, consensus)}")
        restyle(self.consensus, "consensus", consensus)
        tests = [vocab.label(vocab.TEST, code) for code in decision.tests_requested]
        self.tests.setText("Tests requested: " + ", ".join(tests))
        self.tests.setVisible(bool(tests))
        self.dissent.setText(f"Dissent: {decision.dissent}" if decision.dissent else "")
        self.dissent.setVisible(bool(decision.dissent))
        self.rationale.setText(decision.rationale)
        self.setAccessibleName(f"Decision: {self.recommendation.text()}, {self.consensus.text()}")

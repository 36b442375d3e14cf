"""An operated child shows its operation and outcome in the case list and on the agenda, not
its candidacy status and URGENT: the urgency of surgery is moot once operated (issue 20)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from conftest import vignette_files
from isconf.services import Services
from outcome_children import child_document
from ui.case_list import RESISTANT_COLUMN, STATUS_COLUMN, URGENCY_COLUMN
from ui.main_window import MainWindow
from ui.meeting.meeting_window import MeetingWindow
from ui.meeting.models import AgendaModel
from ui.meeting.presentation import PresentationView
from ui_helpers import shown


@pytest.fixture
def operated(services: Services, fixed_clock: Any) -> Services:
    fixed_clock("2026-12-07")
    services.import_files(vignette_files())
    # SYN-0001's history (a candidate, urgent while the spasms go on), operated in May and seen
    # at 6 months; and one operated child not seen yet.
    services.import_document(child_document("OP-0001", date(2026, 5, 15), visits=((6, "IB", 2),)))
    services.import_document(child_document("OP-0002", date(2026, 11, 20)))
    return services


def test_the_case_list_shows_the_operation_and_its_outcome(qtbot, operated: Services) -> None:
    window = MainWindow(operated)
    qtbot.addWidget(window)
    rows = {window.proxy.index(r, 0).data(): r for r in range(window.proxy.rowCount())}
    cell = window.proxy.index(rows["OP-0001"], STATUS_COLUMN)
    assert cell.data() == "Operated · Engel IB"
    assert window.proxy.index(rows["OP-0002"], STATUS_COLUMN).data() == "Operated"
    for mrn in ("OP-0001", "OP-0002"):
        assert window.proxy.index(rows[mrn], URGENCY_COLUMN).data() == ""
        assert window.proxy.index(rows[mrn], RESISTANT_COLUMN).data() == ""
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Operated on 2026-05-15; latest visit: Engel IB.")
    assert "urgency of surgery no longer applies" in tip
    assert window.proxy.index(rows["SYN-0001"], URGENCY_COLUMN).data() == "URGENT"  # not operated
    assert max(rows["SYN-0001"], rows["SYN-0002"]) < min(rows["OP-0001"], rows["OP-0002"])  # urgent first
    [line] = [s for s in operated.list_cases() if s.mrn == "OP-0001"]
    assert (line.operated_on, line.outcome, line.urgent) == (date(2026, 5, 15), "Engel IB", False)


def test_the_agenda_shows_the_operation_not_urgent(qtbot, operated: Services, tmp_path: Path) -> None:
    meeting = operated.meetings.create_meeting(title="Outcome review", day=date(2026, 12, 7))
    operated.meetings.add_cases(meeting.id, ["OP-0001", "SYN-0001"])
    window = MeetingWindow(operated)
    qtbot.addWidget(window)
    assert window.open_meeting(meeting.id)
    model = window.agenda.agenda_model
    row = model.mrns().index("OP-0001")
    assert model.index(row, AgendaModel.STATUS).data() == "Operated · Engel IB"
    assert model.index(row, AgendaModel.URGENT).data() == ""
    assert "urgency of surgery" in model.index(row, AgendaModel.URGENT).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(model.mrns().index("SYN-0001"), AgendaModel.URGENT).data() == "URGENT"

    shown = operated.meetings.get_meeting(meeting.id)
    entry = next(e for e in shown.agenda if e.mrn == "OP-0001")
    assert entry.to_json()["operated_on"] == "2026-05-15" and entry.to_json()["outcome"] == "Engel IB"
    pdf = tmp_path / "agenda.pdf"
    operated.write_agenda_pdf(shown, pdf)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Operated · Engel IB" in text and "operated on 2026-05-15" in text
    assert text.count("URGENT") == 1  # SYN-0001's only


def test_the_slide_shows_the_operation_at_an_age_not_urgent(qtbot, operated: Services) -> None:
    meeting = operated.meetings.create_meeting(title="Outcome review", day=date(2026, 12, 7))
    meeting, _ = operated.meetings.add_cases(meeting.id, ["SYN-0001", "OP-0001"])
    view = shown(qtbot, PresentationView(operated, meeting.id), 1920, 1080)
    view.go([e.mrn for e in meeting.agenda].index("SYN-0001"))
    assert view.urgent.isVisible() and view.urgent.text().startswith("⚠ URGENT")
    view.go([e.mrn for e in meeting.agenda].index("OP-0001"))
    assert view.status.text().startswith("Operated at age ") and view.status.text().endswith(" · Engel IB")
    assert "2026" not in view.status.text()  # the room sees an age, never a date
    assert view.rule.text() == "If a further operation is weighed, the rules say: Surgical candidate."
    assert not view.urgent.isVisible()
    assert (
        view.not_urgent.isVisible() and view.not_urgent.text() == "The urgency of surgery no longer applies"
    )


def test_the_checklist_banner_shows_the_operation_not_urgent(qtbot, operated: Services) -> None:
    window = shown(qtbot, MainWindow(operated), 1366, 768)
    window.open_case("SYN-0001")
    panel = window.editor.checklist
    assert panel.urgent_badge.isVisibleTo(panel)  # the same history, not operated: URGENT
    window.open_case("OP-0001")
    assert panel.status_label.text() == "Operated on 15 May 2026 · Engel IB"
    assert not panel.urgent_badge.isVisibleTo(panel)
    assert (
        panel.pathway_label.text() == "If a further operation is weighed, the rules say: Surgical candidate."
    )
    assert panel.status_reason.text().startswith("Rule 7")  # the rule's reasons stay readable
    assert panel.urgency_line.text() == "The urgency of surgery no longer applies."
    assert panel.urgency_flag.text().startswith("The urgency of surgery no longer applies")
    assert {card.badge.text() for card in panel.cards.values()} == {"✓  MET"}
    window.open_case("OP-0002")  # operated, not seen yet
    assert panel.status_label.text() == "Operated on 20 Nov 2026"

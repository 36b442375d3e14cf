"""The agenda's Add cases dialog offers the children due for re-screening first (issue 20)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from conftest import vignette_files
from isconf.services import Services
from outcome_children import decide
from ui.case_list import MRN_ROLE
from ui.meeting.add_cases import AddCasesDialog
from ui_helpers import PAINTED_ROLES, painted


def test_children_due_for_rescreening_come_first(qtbot, services: Services, fixed_clock: Any) -> None:
    fixed_clock("2026-12-07")
    services.import_files(vignette_files())
    decide(services, "SYN-0005", date(2026, 9, 1), "continue_medical")  # due 1 December
    dialog = AddCasesDialog(services, set())
    qtbot.addWidget(dialog)
    first = dialog.proxy.index(0, 0)
    assert first.data(MRN_ROLE) == "SYN-0005"
    assert first.data() == "↻ SYN-0005"
    assert painted(first)[PAINTED_ROLES.index(Qt.ItemDataRole.DisplayRole)] == "↻ SYN-0005"  # as drawn
    assert "3 months since the decision" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert dialog.hint.text().startswith("1 child due for re-screening first")
    dialog.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # by name, Z to A: still first
    assert dialog.proxy.index(0, 0).data(MRN_ROLE) == "SYN-0005"
    assert dialog.proxy.index(1, 0).data() == dialog.proxy.index(1, 0).data(MRN_ROLE)  # unmarked
    on_agenda = AddCasesDialog(services, {"SYN-0005"})
    qtbot.addWidget(on_agenda)
    assert on_agenda.due == {}

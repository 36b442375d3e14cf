"""A delegate reads every role of a cell in one call (``CaseFilterProxy.multiData``): what it
reads is what ``data`` answers, role by role, for every kind of line (alarm, urgent, operated,
spasms stopped, no status), in the case list and in the Add cases dialog's list."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtWidgets import QTableView

from isconf.services import CaseSummary
from ui.case_list import COLUMNS, MRN_ROLE, SEARCH_ROLE, SORT_ROLE, CaseFilterProxy, CaseListModel
from ui.meeting.rescreen_first import MARK, RescreenFirstModel

ROLES = (
    *(role.value for role in Qt.ItemDataRole),
    SORT_ROLE,
    SEARCH_ROLE,
    MRN_ROLE,
    Qt.ItemDataRole.UserRole + 40,
)


def _lines() -> list[CaseSummary]:
    base = {
        "family_name": "Kaloren",
        "given_name": "Rozo",
        "date_of_birth": date(2025, 1, 1),
        "age_months": 11.5,
        "spasm_onset": date(2025, 6, 1),
        "spasms_ongoing": True,
        "spasm_weeks": 20.0,
    }
    return [
        CaseSummary(mrn="SYN-1", **base, status="incomplete", alarms=("untreated_spasms",)),
        CaseSummary(mrn="SYN-2", **base, status="candidate", urgent=True, weeks_since_drug_resistance=4.5),
        CaseSummary(
            **{**base, "spasms_ongoing": False}, mrn="SYN-3", status="not_candidate", operated_on=None
        ),
        CaseSummary(
            mrn="SYN-4", **base, status="candidate", operated_on=date(2025, 9, 1), outcome="Engel IA"
        ),
        CaseSummary(mrn="SYN-5", **{**base, "family_name": None, "given_name": None, "spasm_onset": None}),
        CaseSummary(mrn="SYN-6", **base, status="no-such-status"),
    ]


def _read(proxy: CaseFilterProxy, row: int, column: int, role: int) -> object:
    slot = QModelRoleData(role)
    slot.setData("left from the cell before")  # a delegate reuses its slots: each is set afresh
    proxy.multiData(proxy.index(row, column), QModelRoleDataSpan(slot))
    return slot.data()


@pytest.mark.parametrize("model_class", [CaseListModel, RescreenFirstModel])
def test_one_call_reads_what_data_answers_role_by_role(qapp, model_class: type) -> None:
    model = (
        model_class({"SYN-2": "a year since surgery"}) if model_class is RescreenFirstModel else model_class()
    )
    model.set_cases(_lines())
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    for row in range(proxy.rowCount()):
        for column in range(len(COLUMNS)):
            for role in ROLES:
                assert _read(proxy, row, column, role) == proxy.index(row, column).data(role), (
                    row,
                    column,
                    role,
                )
    if model_class is RescreenFirstModel:
        shown = [_read(proxy, r, 0, Qt.ItemDataRole.DisplayRole.value) for r in range(proxy.rowCount())]
        assert [text for text in shown if str(text).startswith(MARK)] == [MARK + "SYN-2"]


def test_a_view_measures_and_paints_through_the_one_call(qtbot) -> None:
    model = CaseListModel()
    model.set_cases(_lines())
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    asked = []
    fill = model.fill
    model.fill = lambda row, column, roles: (asked.append(row), fill(row, column, roles))  # type: ignore[method-assign]
    view.resizeColumnsToContents()
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    assert set(asked) == set(range(len(_lines())))

"""The audit trail's dialog: every event listed, read-only, narrowed by typing."""

from __future__ import annotations

from isconf.services import Services
from ui.audit_view import AuditDialog


def test_typing_narrows_the_trail_to_matching_events(qtbot, services: Services) -> None:
    services.add_demo_cases()
    entries = services.audit_trail()
    dialog = AuditDialog(entries, "Audit trail", None)
    qtbot.addWidget(dialog)
    assert dialog.view.model().rowCount() == len(entries) > 1
    qtbot.keyClicks(dialog.search, "DEMO-1003")
    shown = dialog.view.model().rowCount()
    assert 0 < shown < len(entries)
    assert dialog.view.editTriggers() == dialog.view.EditTrigger.NoEditTriggers

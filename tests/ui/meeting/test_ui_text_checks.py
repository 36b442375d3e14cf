"""Issue 23: marking a meeting's typed texts checked for identifiers in the app."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from isconf import clock
from isconf.services import Services
from ui.meeting.text_checks_dialog import TextChecksDialog


def test_marking_a_text_checked_shows_it_and_the_de_identified_agenda_prints_it(
    qtbot, services: Services, tmp_path: Path
) -> None:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(
        title="Spasms conference", day=clock.today(), start_time=time(8, 0)
    )
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    services.meetings.set_item(meeting.id, "DEMO-1001", question="Is the MRI concordant with the EEG?")
    dialog = TextChecksDialog(services, meeting.id)
    qtbot.addWidget(dialog)
    dialog.resize(1366 * 2 // 3, 420)
    dialog.show()
    rows = [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
    assert rows == ["title", "DEMO-1001 question"]
    assert dialog.model.index(1, 2).data() == "not checked (withheld when de-identified)"
    dialog.view.selectRow(1)
    assert dialog.mark.isEnabled()
    dialog.mark.trigger()
    qtbot.waitUntil(lambda: dialog.model.index(1, 2).data() == "checked")
    assert not dialog.mark.isEnabled()  # already checked
    dialog.grab().save(str(tmp_path / "text-checks.png"))
    shown = services.meetings.get_meeting(meeting.id)
    assert (
        shown.redacted(shown.agenda[0].question or "", shown.agenda[0])
        == "Is the MRI concordant with the EEG?"
    )
    assert shown.redacted(shown.title).startswith("[text withheld")

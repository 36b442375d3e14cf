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


def test_the_slide_shows_no_planted_identifier_until_a_text_is_checked(
    qtbot, services: Services, monkeypatch
) -> None:
    """Presentation mode: every label, the key image screen and the trade-off chart's view
    hold none of the identifiers typed into the meeting's and the case's texts."""
    import json

    from PySide6.QtWidgets import QLabel

    import ui.meeting.presentation as presentation
    from isconf.deid_text import WITHHELD
    from planted_text import leaks, plant_meeting

    drawn = []
    monkeypatch.setattr(presentation, "tradeoff_chart_png", lambda view, **_: drawn.append(view) or b"")
    meeting_id, child = plant_meeting(services)

    def slide_words(view: presentation.PresentationView) -> str:
        labels = view.findChildren(QLabel)
        return "\n".join(
            [view.windowTitle(), *(w.text() for w in labels), *(w.accessibleName() for w in labels)]
        )

    view = presentation.PresentationView(services, meeting_id)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    seen = [slide_words(view)]
    view.next_image()  # the key image, full screen, with its caption
    seen.append(slide_words(view))
    view.toggle_chart()
    assert drawn, "the trade-off chart was drawn"
    seen.append(json.dumps(drawn[0].to_json(), ensure_ascii=False))
    for words in seen:
        assert leaks(words, child) == [], words
    assert WITHHELD in view.image_page.caption.text()
    assert "team member" in seen[-1] and WITHHELD in seen[-1]


def test_the_slide_names_an_unchecked_title_by_the_meeting_date(qtbot, services: Services) -> None:
    """Issue 23: the slide never shows an unchecked title, but names the meeting by its date and
    says in small type that the title was not checked, instead of a withheld-text note."""
    from isconf.deid_text import WITHHELD
    from ui.meeting.presentation import PresentationView

    services.add_demo_cases()
    day = clock.today()
    meeting = services.meetings.create_meeting(title="Amara's conference", day=day, start_time=time(8, 0))
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    view = PresentationView(services, meeting.id)
    qtbot.addWidget(view)
    view.show()
    line = view.meeting_line.text()
    assert line.startswith(f"{day.day} {day:%b %Y} · 08:00") and "Amara" not in line and WITHHELD not in line
    assert view.title_note.isVisible() and view.title_note.text() == "title not checked for identifiers"
    assert "Amara" not in view.windowTitle()
    services.text_checks.mark_checked(services.meetings.get_meeting(meeting.id), "title")
    checked = PresentationView(services, meeting.id)
    qtbot.addWidget(checked)
    checked.show()
    assert checked.meeting_line.text().startswith("A.D.'s conference · 08:00")
    assert not checked.title_note.isVisible()

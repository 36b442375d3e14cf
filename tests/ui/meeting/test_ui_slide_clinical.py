"""The slide's clinical screens (issue 16): the untreated-spasms alarm beside the status, the
course screen (C: concordance, timeline, image tiles) and the key images full screen (I)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from clinical_files import dicom_bytes, long_document
from conftest import vignette_files
from isconf.schema import parse_case_document
from isconf.services import Services
from ui.meeting.presentation import PresentationView

AS_OF = date(2026, 11, 24)


def test_the_slide_shows_the_alarm_the_course_and_the_images(
    qtbot, services: Services, fixed_clock: Any
) -> None:
    fixed_clock(AS_OF)
    services.import_files([f for f in vignette_files() if "fcd" not in f.name])
    services.create_case(parse_case_document(long_document()))
    services.add_image("SYN-0001", dicom_bytes(rows=32), modality="mri", caption="Axial T2")
    meeting = services.meetings.create_meeting(title="M", day=AS_OF)
    meeting, _ = services.meetings.add_cases(meeting.id, ["SYN-0001", "SYN-0006"])
    assert [e.mrn for e in meeting.agenda] == ["SYN-0006", "SYN-0001"]  # untreated spasms first
    view = PresentationView(services, meeting.id)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    assert view.urgent.isVisible() and view.urgent.text().startswith("⚠ UNTREATED SPASMS")
    assert not view.not_urgent.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current.mrn == "SYN-0001" and view.urgent.text().startswith("⚠ URGENT")
    qtbot.keyClick(view, Qt.Key.Key_C)
    assert view.clinical.isVisible() and not view.case_page.isVisible()
    assert view.clinical.concordance.text().startswith("Concordant, left")
    assert len(view.clinical.timeline.timeline.bars) == 8
    assert view.clinical.tiles.count() == 4 and "(+0" not in view.clinical.images_heading.text()
    for n in range(4):
        qtbot.keyClick(view, Qt.Key.Key_I)
        assert view.image_page.isVisible() and not view.clinical.isVisible()
        assert view.image_page.caption.text().startswith(f"Image {n + 1} of 4")
        assert view.image_page.picture.pixmap() is not None and not view.image_page.picture.pixmap().isNull()
    assert "age 6.0 months" in view.image_page.caption.text()  # the room sees an age, never a date
    qtbot.keyClick(view, Qt.Key.Key_I)  # past the last: back to the findings
    assert view.case_page.isVisible() and not view.image_page.isVisible()

"""A closed meeting shows each decision as a card: the recommendation, the consensus as a
badge, the dissenter named and the whole rationale, not greyed fields."""

from __future__ import annotations

from isconf import clock
from isconf.services import Services
from ui.meeting.meeting_window import MeetingWindow

RATIONALE = (
    "Concordant left frontal dysplasia on MRI and PET, EEG lateralised left, two first-line trials failed; "
    "the family accepts a possible mild right hemiparesis for the chance of seizure freedom."
)


def test_a_closed_meetings_decision_is_a_card_with_the_dissenter_named(
    qtbot, app_style, services: Services
) -> None:
    services.add_demo_cases()
    m = services.meetings
    meeting = m.create_meeting(title="M", day=clock.today())
    m.add_cases(meeting.id, ["DEMO-1001"])
    m.set_status(meeting.id, "in_progress")
    m.record_decision(
        meeting.id,
        "DEMO-1001",
        recommendation="lobar_resection",
        rationale=RATIONALE,
        consensus="majority",
        dissent="Dr B: a ketogenic diet first",
    )
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_meeting(meeting.id)
    window.select_case("DEMO-1001")
    card = window.decision.card
    assert card.isVisible() and window.decision.fields.isHidden() is False  # still open: both
    m.set_status(meeting.id, "closed")
    window.open_meeting(meeting.id)
    window.select_case("DEMO-1001")
    assert card.isVisible() and not window.decision.fields.isVisible()
    assert card.recommendation.text() == "Lobar resection"
    assert "Majority" in card.consensus.text()
    assert card.dissent.text() == "Dissent: Dr B: a ketogenic diet first"
    assert card.rationale.text() == RATIONALE and card.rationale.wordWrap()
    rationale = card.rationale
    assert rationale.isEnabled()  # full contrast, not a disabled field's grey
    qtbot.waitUntil(lambda: rationale.height() >= rationale.heightForWidth(rationale.width()))  # whole

"""A meeting's unsaved details kept for the member who typed them (issue 21's idle lock).

When another member signs in at the lock, the first member's unsaved meeting details must
neither be saved under the second member's name nor be lost: they are kept as the first
member's draft (``Services.drafts`` keeps each member's apart), the window shows the saved
details to the second member, and the details are put back when the first member opens the
meeting again. Plain Python: the meetings window calls it (``MeetingWindow.keep_details``).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from isconf.drafts import Draft
from isconf.services import Services
from ui.meeting.controller import Details, MeetingController


def draft_key(meeting_id: int) -> str:
    # Parentheses and spaces: no MRN (a case draft's key) looks like this.
    return f"(meeting {meeting_id} details)"


def keep(controller: MeetingController, shown: Details) -> bool:
    """Keep ``shown`` as the signed-in member's draft when it differs from the saved details."""
    meeting = controller.meeting
    if meeting is None or not controller.details_changed(shown):
        return False
    document = {**asdict(shown), "day": shown.day.isoformat()}
    controller.services.drafts.save(draft_key(meeting.id), meeting.version, document)
    return True


def take_back(controller: MeetingController) -> tuple[Details | None, str]:
    """The signed-in member's kept details of the open meeting, to put in the form, and the
    words that say so. Details kept on an older version are not put back (they would undo a
    colleague's save): the words list them instead, to type again where still wanted."""
    meeting = controller.meeting
    if meeting is None or not meeting.editable:
        return None, ""
    services: Services = controller.services
    key = draft_key(meeting.id)
    draft = services.drafts.load(key)
    kept = _details(draft)
    if draft is None or kept is None or not controller.details_changed(kept):
        services.drafts.discard(key)
        return None, ""
    when = f"{draft.saved_at:%H:%M}"
    if draft.base_version != meeting.version:
        services.drafts.discard(key)
        return None, (
            f"Your unsaved details of {when} were not put back: the meeting was saved since. They were: "
            f"title {kept.title!r}, date {kept.day.isoformat()}, time {kept.time_text!r}, "
            f"place {kept.place!r}, video {kept.video_link!r}, chair {kept.chair!r}."
        )
    return kept, f"Your unsaved details of {when} are back: Save details (Ctrl+S) keeps them."


def forget(controller: MeetingController) -> None:
    """The details were saved (or the kept ones were put back and saved): no draft is left."""
    if controller.meeting is not None:
        controller.services.drafts.discard(draft_key(controller.meeting.id))


def _details(draft: Draft | None) -> Details | None:
    if draft is None:
        return None
    try:
        values = dict(draft.document)
        values["day"] = date.fromisoformat(values["day"])
        return Details(**values)
    except (KeyError, TypeError, ValueError):
        return None  # a draft from another version of isconf: treated as none

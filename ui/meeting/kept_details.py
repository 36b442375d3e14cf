"""A meeting's unsaved details, and a decision typed and not recorded, kept for the member
who typed them: after a crash, and at the idle lock (issue 21).

When another member signs in at the lock, the first member's unsaved meeting details and
decision must neither be saved under the second member's name nor be lost: they are kept as
the first member's drafts (``Services.drafts`` keeps each member's apart), the window shows
the saved meeting to the second member, and they are put back when the first member opens
the meeting again. Plain Python: the meetings window calls it (``MeetingWindow.keep_details``).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from isconf.drafts import Draft
from isconf.meetings.model import ActionItem, ConsideredOption
from isconf.services import Services
from ui.meeting.controller import Details, MeetingController
from ui.meeting.decision_form import Typed


def draft_key(meeting_id: int) -> str:
    # Parentheses and spaces: no MRN (a case draft's key) looks like this.
    return f"(meeting {meeting_id} details)"


def decision_key(meeting_id: int) -> str:
    return f"(meeting {meeting_id} decision)"


def keep(controller: MeetingController, shown: Details, typed: Typed | None) -> None:
    """The signed-in member's drafts mirror what is unsaved: ``shown`` when it differs from the
    saved details, ``typed`` when a decision is being typed; a draft with nothing unsaved goes.
    Written a moment after each edit, so a crash loses at most that moment."""
    meeting = controller.meeting
    if meeting is None:
        return
    drafts = controller.services.drafts
    if controller.details_changed(shown):
        drafts.save(draft_key(meeting.id), meeting.version, {**asdict(shown), "day": shown.day.isoformat()})
    else:
        drafts.discard(draft_key(meeting.id))
    if typed is None:
        drafts.discard(decision_key(meeting.id))
    else:
        document = {
            "mrn": typed.mrn,
            "values": typed.values,
            "options": [o.to_json() for o in typed.options],
            "actions": [a.to_json() for a in typed.actions],
        }
        drafts.save(decision_key(meeting.id), meeting.version, document)


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


def take_back_decision(controller: MeetingController) -> tuple[Typed | None, str]:
    """The signed-in member's kept decision for a case of the open meeting, to put in the form,
    and the words that say so; listed in words instead when the meeting was saved since."""
    meeting = controller.meeting
    if meeting is None:
        return None, ""
    drafts = controller.services.drafts
    key = decision_key(meeting.id)
    draft = drafts.load(key)
    typed = _typed(draft)
    if draft is None or typed is None or not meeting.editable or meeting.item(typed.mrn) is None:
        drafts.discard(key)
        return None, ""
    when = f"{draft.saved_at:%H:%M}"
    if draft.base_version != meeting.version:
        drafts.discard(key)
        v = typed.values
        return None, (
            f"Your decision for {typed.mrn} typed at {when} was not put back: the meeting was saved since. "
            f"It was: recommendation {v['recommendation']!r}, rationale {v['rationale']!r}."
        )
    return typed, f"Your decision for {typed.mrn} typed at {when} is back: Record decision keeps it."


def forget(controller: MeetingController) -> None:
    """The details were saved (or the kept ones were put back and saved): no draft is left."""
    if controller.meeting is not None:
        controller.services.drafts.discard(draft_key(controller.meeting.id))


def forget_decision(controller: MeetingController) -> None:
    if controller.meeting is not None:
        controller.services.drafts.discard(decision_key(controller.meeting.id))


def _typed(draft: Draft | None) -> Typed | None:
    if draft is None:
        return None
    try:
        d = draft.document
        options = tuple(ConsideredOption(o["option"], o["note"]) for o in d["options"])
        actions = tuple(
            ActionItem(
                a["description"],
                a["owner"],
                date.fromisoformat(a["due_date"]) if a["due_date"] else None,
                a["done"],
            )
            for a in d["actions"]
        )
        return Typed(d["mrn"], dict(d["values"]), options, actions)
    except (KeyError, TypeError, ValueError):
        return None  # a draft from another version of isconf: treated as none


def _details(draft: Draft | None) -> Details | None:
    if draft is None:
        return None
    try:
        values = dict(draft.document)
        values["day"] = date.fromisoformat(values["day"])
        return Details(**values)
    except (KeyError, TypeError, ValueError):
        return None  # a draft from another version of isconf: treated as none

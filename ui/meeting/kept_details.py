"""What the meetings window holds unsaved, kept on disk for the member who typed it: the
meeting's details and the decisions typed and not recorded (``ui.meeting.unrecorded``).

The drafts mirror the window a moment after each edit, so a crash loses at most that moment;
at the idle lock (issue 21) they are written at once, and when another member signs in the
first member's drafts wait for them (``Services.drafts`` keeps each member's apart): the
window shows the second member the saved meeting, and puts the drafts back when the first
member opens the meeting again. Details or a decision a colleague saved over meanwhile are
listed in words instead of put back, so they never undo that save. Plain Python.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from isconf.drafts import DraftStore
from ui.meeting.controller import Details, MeetingController
from ui.meeting.unrecorded import Typed, Unrecorded


def details_key(meeting_id: int) -> str:
    # Parentheses and spaces: no MRN (a case draft's key) looks like this.
    return f"(meeting {meeting_id} details)"


def decisions_key(meeting_id: int) -> str:
    return f"(meeting {meeting_id} decisions)"


def keep(controller: MeetingController, shown: Details, unrecorded: Unrecorded) -> None:
    """The signed-in member's drafts of the open meeting, as the window holds it now: the
    details when they differ from the saved ones, the decisions typed (and those superseded);
    none when nothing is. A closed meeting's details cannot differ: a draft of them is left."""
    meeting, saved = controller.meeting, controller.saved_details()
    if meeting is None:
        return
    drafts = controller.services.drafts
    if saved is not None and shown != saved:
        drafts.save(details_key(meeting.id), meeting.version, {"typed": _json(shown), "base": _json(saved)})
    elif saved is not None:
        drafts.discard(details_key(meeting.id))
    if unrecorded.by_mrn or unrecorded.superseded:
        document = {
            "typed": [t.to_json() for t in unrecorded.by_mrn.values()],
            "superseded": [t.to_json() for t in unrecorded.superseded.values()],
        }
        drafts.save(decisions_key(meeting.id), meeting.version, document)
    else:
        drafts.discard(decisions_key(meeting.id))


def take_back(controller: MeetingController) -> tuple[Details | None, str]:
    """The signed-in member's kept details of the open meeting, to put in the form, and the
    words that say so (or that list them, when the saved details changed since)."""
    meeting, saved = controller.meeting, controller.saved_details()
    if meeting is None or saved is None:
        return None, ""
    drafts: DraftStore = controller.services.drafts
    draft = drafts.load(details_key(meeting.id))
    try:
        kept, base = (_details(draft.document[k]) for k in ("typed", "base")) if draft else (None, None)
    except (KeyError, TypeError, ValueError):
        kept = base = None  # a draft of another version of isconf: treated as none
    if draft is None or kept is None or kept == saved:
        return None, ""
    when = f"{draft.saved_at.astimezone():%H:%M}"  # as the clock on the wall says it
    if base != saved:
        drafts.discard(details_key(meeting.id))
        return None, (
            f"Your unsaved details of {when} were not put back: the details were saved since. They were: "
            f"Title “{kept.title}”, Date {kept.day.isoformat()}, Time “{kept.time_text}”, "
            f"Place “{kept.place}”, Video “{kept.video_link}”, Chair “{kept.chair}”."
        )
    return kept, f"Your unsaved details of {when} are back: Save details (Ctrl+S) keeps them."


def kept_decisions(controller: MeetingController) -> tuple[list[Typed], list[Typed]]:
    """The signed-in member's decisions typed and not recorded for the open meeting, and those
    a recorded decision superseded."""
    meeting = controller.meeting
    draft = controller.services.drafts.load(decisions_key(meeting.id)) if meeting is not None else None
    if draft is None:
        return [], []
    try:
        typed = [Typed.from_json(d) for d in draft.document.get("typed", [])]
        superseded = [Typed.from_json(d) for d in draft.document.get("superseded", [])]
    except (KeyError, TypeError, ValueError, AttributeError):
        return [], []  # a draft of another version of isconf: treated as none
    return typed, superseded


def _json(details: Details) -> dict[str, Any]:
    return {**asdict(details), "day": details.day.isoformat()}


def _details(values: dict[str, Any]) -> Details:
    return Details(**{**values, "day": date.fromisoformat(values["day"])})

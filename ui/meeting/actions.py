"""The meeting window's and the presentation's actions, each declared once (see ``ui.actions``)."""

from __future__ import annotations

from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QStyle

from ui.actions import ActionSpec


class MeetingAction(Enum):
    NEW_MEETING = auto()
    SAVE_DETAILS = auto()
    ADD_CASES = auto()
    REMOVE_CASE = auto()
    MOVE_UP = auto()
    MOVE_DOWN = auto()
    SORT_BY_URGENCY = auto()
    UNDO_ORDER = auto()
    START = auto()
    CLOSE = auto()
    REOPEN = auto()
    ADD_PERSON = auto()
    REMOVE_PERSON = auto()
    ADD_ACTION_ITEM = auto()
    REMOVE_ACTION_ITEM = auto()
    RECORD_DECISION = auto()
    AGENDA_PDF = auto()
    PRESENT = auto()
    CLOSE_WINDOW = auto()
    SIGN = auto()
    REQUIRED_SIGNERS = auto()
    AMEND = auto()
    TEAM_MEMBERS = auto()
    EXPORT_SUMMARY = auto()


class PresentAction(Enum):
    NEXT = auto()
    PREVIOUS = auto()
    FIRST = auto()
    LAST = auto()
    TRADEOFF = auto()
    EXIT = auto()


SP = QStyle.StandardPixmap
SK = QKeySequence.StandardKey
MEETING_SPECS: dict[MeetingAction, ActionSpec] = {
    MeetingAction.NEW_MEETING: ActionSpec(
        "&New meeting", "Plan a new case conference", ("Ctrl+Shift+N",), SP.SP_FileIcon
    ),
    MeetingAction.SAVE_DETAILS: ActionSpec(
        "&Save details",
        "Save the meeting's title, date, time, place and chair",
        (SK.Save,),
        SP.SP_DialogSaveButton,
    ),
    MeetingAction.ADD_CASES: ActionSpec(
        "&Add cases…",
        "Search the cases and put the ones you pick on the agenda",
        ("Ctrl+Shift+A",),
        SP.SP_FileDialogNewFolder,
    ),
    MeetingAction.REMOVE_CASE: ActionSpec(
        "&Remove case", "Take the selected case off the agenda", ("Ctrl+Delete",)
    ),
    MeetingAction.MOVE_UP: ActionSpec(
        "Move &up", "Move the selected case earlier", ("Ctrl+Up",), SP.SP_ArrowUp
    ),
    MeetingAction.MOVE_DOWN: ActionSpec(
        "Move &down", "Move the selected case later", ("Ctrl+Down",), SP.SP_ArrowDown
    ),
    MeetingAction.SORT_BY_URGENCY: ActionSpec(
        "Sort by &urgency",
        "Urgent cases first, then weeks since drug resistance, then weeks of spasms (undoes a hand order)",
        ("Ctrl+U",),
    ),
    MeetingAction.UNDO_ORDER: ActionSpec(
        "Undo &order change", "Put the agenda back in the order before the last move or sort", (SK.Undo,)
    ),
    MeetingAction.START: ActionSpec(
        "S&tart meeting", "Mark the meeting in progress", ("Ctrl+T",), SP.SP_MediaPlay
    ),
    MeetingAction.CLOSE: ActionSpec(
        "&Close meeting",
        "Close the meeting: the record is then kept as it is",
        ("Ctrl+Shift+C",),
        SP.SP_DialogApplyButton,
    ),
    MeetingAction.REOPEN: ActionSpec(
        "Re&open meeting", "Reopen a closed meeting to correct it (audited)", ("Ctrl+Shift+O",)
    ),
    MeetingAction.ADD_PERSON: ActionSpec(
        "Add &person", "Add someone to the attendance (a core discipline not yet there is suggested)"
    ),
    MeetingAction.REMOVE_PERSON: ActionSpec("Remove per&son", "Take the selected person off the attendance"),
    MeetingAction.ADD_ACTION_ITEM: ActionSpec(
        "Add action &item", "Add an action item (owner, due date) to the selected case's decision"
    ),
    MeetingAction.REMOVE_ACTION_ITEM: ActionSpec(
        "Remove action i&tem", "Take the selected action item off the decision"
    ),
    MeetingAction.RECORD_DECISION: ActionSpec(
        "&Record decision",
        "Save the recommendation, options and action items for the selected case",
        ("Ctrl+Return",),
    ),
    MeetingAction.AGENDA_PDF: ActionSpec(
        "Agenda &PDF…", "Write the agenda as a PDF for circulation", ("Ctrl+P",), SP.SP_DialogSaveButton
    ),
    MeetingAction.PRESENT: ActionSpec(
        "&Present", "Full screen, one case per screen, from the selected case", ("F5",), SP.SP_DesktopIcon
    ),
    MeetingAction.CLOSE_WINDOW: ActionSpec("Close &window", "Close the meetings window", (SK.Close,)),
    MeetingAction.SIGN: ActionSpec(
        "&Sign…",
        "Sign the closed meeting's current revision with your password (binds its exact content)",
        ("Ctrl+Shift+G",),
        SP.SP_DialogApplyButton,
    ),
    MeetingAction.REQUIRED_SIGNERS: ActionSpec(
        "&Required signers…", "Whose signatures lock the meeting: the chair (default) or team members"
    ),
    MeetingAction.AMEND: ActionSpec(
        "&Amend…", "Open a signed meeting as a new revision, for a recorded reason; it is signed again"
    ),
    MeetingAction.TEAM_MEMBERS: ActionSpec("&Team members…", "The people who sign meetings; add one"),
    MeetingAction.EXPORT_SUMMARY: ActionSpec(
        "&Export signed summary…",
        "Write the meeting's summary PDF, optionally de-identified and signed with a certificate",
        ("Ctrl+Shift+E",),
        SP.SP_DialogSaveButton,
    ),
}
# In the Sign-off menu and panel rather than the Meeting menu.
SIGNOFF_ACTIONS = (
    MeetingAction.SIGN,
    MeetingAction.REQUIRED_SIGNERS,
    MeetingAction.AMEND,
    MeetingAction.EXPORT_SUMMARY,
    MeetingAction.TEAM_MEMBERS,
)
PRESENT_SPECS: dict[PresentAction, ActionSpec] = {
    PresentAction.NEXT: ActionSpec("Next case", "Next case on the agenda", ("Right", "PgDown", "Space")),
    PresentAction.PREVIOUS: ActionSpec(
        "Previous case", "Previous case on the agenda", ("Left", "PgUp", "Backspace")
    ),
    PresentAction.FIRST: ActionSpec("First case", "First case on the agenda", ("Home",)),
    PresentAction.LAST: ActionSpec("Last case", "Last case on the agenda", ("End",)),
    PresentAction.TRADEOFF: ActionSpec(
        "Trade-off chart", "Show the case's trade-off chart, or back to its findings", ("T",)
    ),
    PresentAction.EXIT: ActionSpec("Leave presentation", "Back to the meeting", ("Esc",)),
}


def action_button(action: QAction) -> QPushButton:
    """A push button for ``action``: it triggers the action and follows its enabled state."""
    button = QPushButton(action.icon(), action.text().replace("&", ""))
    button.setToolTip(action.toolTip())
    button.clicked.connect(action.trigger)
    action.enabledChanged.connect(button.setEnabled)
    button.setEnabled(action.isEnabled())
    return button

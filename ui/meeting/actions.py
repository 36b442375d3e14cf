"""The meeting window's and the presentation's actions, each declared once (see ``ui.actions``)."""

from __future__ import annotations

from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QStyle

from isconf.meetings import vocab
from ui.actions import ActionSpec
from ui.meeting.controller import MeetingController


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
    CHECK_TEXTS = auto()
    NEXT_PANEL = auto()
    PREVIOUS_PANEL = auto()


class PresentAction(Enum):
    NEXT = auto()
    PREVIOUS = auto()
    FIRST = auto()
    LAST = auto()
    TRADEOFF = auto()
    FINDINGS = auto()
    IMAGES = auto()
    COURSE = auto()
    EXIT = auto()


# When each action is enabled, on the window's ``MeetingController``. A write waits while
# another one runs (``idle``): a second click cannot send a write with a stale version.


def _idle(s: MeetingController) -> bool:
    return s.idle


def _writable(s: MeetingController) -> bool:
    return s.idle and s.editable


def _startable(s: MeetingController) -> bool:
    return s.idle and s.status == vocab.PLANNED


def _reopenable(s: MeetingController) -> bool:
    return s.idle and s.status == vocab.CLOSED and not s.locked


def _decidable(s: MeetingController) -> bool:
    return s.idle and s.meeting is not None and not s.locked


def _has_meeting(s: MeetingController) -> bool:
    return s.idle and s.meeting is not None


def _has_cases(s: MeetingController) -> bool:
    return s.has_cases


def _signable(s: MeetingController) -> bool:
    return s.idle and s.signing_state is not None and s.signing_state.can_sign


def _unlocked_signoff(s: MeetingController) -> bool:
    return s.idle and s.signing_state is not None and not s.signing_state.locked


def _amendable(s: MeetingController) -> bool:
    return s.idle and s.signing_state is not None and s.signing_state.locked


def _has_signoff(s: MeetingController) -> bool:
    return s.signing_state is not None


SP = QStyle.StandardPixmap
SK = QKeySequence.StandardKey
MEETING_SPECS: dict[MeetingAction, ActionSpec] = {
    MeetingAction.NEW_MEETING: ActionSpec(
        "&New meeting", "Plan a new case conference", ("Ctrl+Shift+N",), SP.SP_FileIcon, enabled_when=_idle
    ),
    MeetingAction.SAVE_DETAILS: ActionSpec(
        "&Save details",
        "Save the meeting's title, date, time, place and chair",
        (SK.Save,),
        SP.SP_DialogSaveButton,
        enabled_when=_writable,
    ),
    MeetingAction.ADD_CASES: ActionSpec(
        "&Add cases…",
        "Search the cases and put the ones you pick on the agenda",
        ("Ctrl+Shift+A",),
        SP.SP_FileDialogNewFolder,
        enabled_when=_writable,
    ),
    MeetingAction.REMOVE_CASE: ActionSpec(
        "&Remove case", "Take the selected case off the agenda", ("Ctrl+Delete",), enabled_when=_writable
    ),
    MeetingAction.MOVE_UP: ActionSpec(
        "Move &up", "Move the selected case earlier", ("Ctrl+Up",), SP.SP_ArrowUp, enabled_when=_writable
    ),
    MeetingAction.MOVE_DOWN: ActionSpec(
        "Move &down", "Move the selected case later", ("Ctrl+Down",), SP.SP_ArrowDown, enabled_when=_writable
    ),
    MeetingAction.SORT_BY_URGENCY: ActionSpec(
        "Sort by &urgency",
        "Urgent cases first, then weeks since drug resistance, then weeks of spasms (undoes a hand order)",
        ("Ctrl+U",),
        enabled_when=_writable,
    ),
    MeetingAction.UNDO_ORDER: ActionSpec(
        "Undo &order change",
        "Put the agenda back in the order before the last move or sort",
        (SK.Undo,),
        enabled_when=_writable,
    ),
    MeetingAction.START: ActionSpec(
        "S&tart meeting",
        "Mark the meeting in progress",
        ("Ctrl+T",),
        SP.SP_MediaPlay,
        enabled_when=_startable,
    ),
    MeetingAction.CLOSE: ActionSpec(
        "&Close meeting",
        "Close the meeting: the record is then kept as it is",
        ("Ctrl+Shift+C",),
        SP.SP_DialogApplyButton,
        enabled_when=_writable,
    ),
    MeetingAction.REOPEN: ActionSpec(
        "Re&open meeting",
        "Reopen a closed meeting to correct it (audited)",
        ("Ctrl+Shift+O",),
        enabled_when=_reopenable,
    ),
    MeetingAction.ADD_PERSON: ActionSpec(
        "Add &person",
        "Add someone to the attendance (a core discipline not yet there is suggested)",
        enabled_when=_writable,
    ),
    MeetingAction.REMOVE_PERSON: ActionSpec(
        "Remove per&son", "Take the selected person off the attendance", enabled_when=_writable
    ),
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
        enabled_when=_decidable,
    ),
    MeetingAction.AGENDA_PDF: ActionSpec(
        "Agenda &PDF…",
        "Write the agenda as a PDF for circulation",
        ("Ctrl+P",),
        SP.SP_DialogSaveButton,
        enabled_when=_has_cases,
    ),
    MeetingAction.PRESENT: ActionSpec(
        "&Present",
        "Full screen, one case per screen, from the selected case",
        ("F5",),
        SP.SP_DesktopIcon,
        enabled_when=_has_cases,
    ),
    MeetingAction.CHECK_TEXTS: ActionSpec(
        "Texts checked for &identifiers…",
        "Mark the typed texts you read and found free of names, MRNs, dates, phones and addresses: "
        "de-identified outputs print only those",
        enabled_when=_has_meeting,
    ),
    MeetingAction.NEXT_PANEL: ActionSpec(
        "Ne&xt panel",
        "Move the keyboard to the next panel: meetings, details, attendance, agenda, decision",
        ("F6",),
    ),
    MeetingAction.PREVIOUS_PANEL: ActionSpec(
        "Previous pane&l", "Move the keyboard to the panel before", ("Shift+F6",)
    ),
    MeetingAction.CLOSE_WINDOW: ActionSpec("Close &window", "Close the meetings window", (SK.Close,)),
    MeetingAction.SIGN: ActionSpec(
        "&Sign…",
        "Sign the closed meeting's current revision with your password (binds its exact content)",
        ("Ctrl+Shift+G",),
        SP.SP_DialogApplyButton,
        enabled_when=_signable,
    ),
    MeetingAction.REQUIRED_SIGNERS: ActionSpec(
        "&Required signers…",
        "Whose signatures lock the meeting: the chair (default) or team members",
        enabled_when=_unlocked_signoff,
    ),
    MeetingAction.AMEND: ActionSpec(
        "&Amend…",
        "Open a signed meeting as a new revision, for a recorded reason; it is signed again",
        enabled_when=_amendable,
    ),
    MeetingAction.TEAM_MEMBERS: ActionSpec("&Team members…", "The people who sign meetings; add one"),
    MeetingAction.EXPORT_SUMMARY: ActionSpec(
        "&Export signed summary…",
        "Write the meeting's summary PDF, optionally de-identified and signed with a certificate",
        ("Ctrl+Shift+E",),
        SP.SP_DialogSaveButton,
        enabled_when=_has_signoff,
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
    PresentAction.FINDINGS: ActionSpec(
        "All findings", "Every key finding in full, or back to the case (the slide may shorten them)", ("F",)
    ),
    PresentAction.IMAGES: ActionSpec(
        "Key images", "Show the case's key images full screen, one per press, then back", ("I",)
    ),
    PresentAction.COURSE: ActionSpec(
        "Course", "Show the case's concordance, treatment timeline and image tiles, or back", ("C",)
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

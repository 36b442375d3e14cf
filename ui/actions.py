"""Every user action, declared once: text, shortcut, tip, icon and when it is enabled.

Menus and the toolbar are built from these keys, so a shortcut is never
bound twice; ``refresh_enabled`` evaluates each action's ``enabled_when``
on the window's state, so an action is enabled or disabled in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, auto
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget


class ActionId(Enum):
    NEW_CASE = auto()
    IMPORT = auto()
    IMPORT_FHIR = auto()
    EXPORT = auto()
    ADD_DEMO = auto()
    QUIT = auto()
    SAVE = auto()
    UNDO = auto()
    REDO = auto()
    REVERT = auto()
    DELETE_CASE = auto()
    FIND = auto()
    ABOUT = auto()
    CASE_HISTORY = auto()
    SHOW_CHECKLIST = auto()
    AUDIT_TRAIL = auto()
    GO_PATIENT = auto()
    GO_TREATMENTS = auto()
    GO_MRI = auto()
    GO_EEG_PET = auto()
    GO_ETIOLOGY = auto()
    GO_FUNCTION = auto()
    GO_TRADEOFF = auto()
    GO_OUTCOME = auto()
    MEETINGS = auto()
    LOCK = auto()
    OUTCOMES = auto()
    THEME_SYSTEM = auto()
    THEME_LIGHT = auto()
    THEME_DARK = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str
    tip: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    icon: QStyle.StandardPixmap | None = None
    checkable: bool = False
    # A predicate on the window's state (its controller); None: always enabled, or enabled by
    # the widget that owns the action (the decision form's action-item buttons).
    enabled_when: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class CasesState:
    """The main window's state, as its actions' ``enabled_when`` read it."""

    editing: bool  # a case (stored or new) is in the editor
    stored: bool  # ... and it is a stored one
    dirty: bool
    can_undo: bool
    can_redo: bool
    idle: bool  # no save or delete is running


def _editing(s: CasesState) -> bool:
    return s.editing


def _stored(s: CasesState) -> bool:
    return s.stored


SP = QStyle.StandardPixmap
SK = QKeySequence.StandardKey
SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_CASE: ActionSpec("&New case", "Enter a new case", (SK.New,), SP.SP_FileIcon),
    ActionId.IMPORT: ActionSpec(
        "&Import case files…", "Import isconf-case/1 JSON files", ("Ctrl+I",), SP.SP_DialogOpenButton
    ),
    ActionId.IMPORT_FHIR: ActionSpec(
        "Import from &FHIR…",
        "Import a patient from an HL7 FHIR Bundle (JSON), previewed before anything is saved",
        ("Ctrl+Shift+I",),
    ),
    ActionId.EXPORT: ActionSpec(
        "&Export case file…",
        "Write the open case as an isconf-case/1 JSON file",
        ("Ctrl+E",),
        SP.SP_ArrowUp,
        enabled_when=_stored,
    ),
    ActionId.ADD_DEMO: ActionSpec("Add &demo cases", "Add the synthetic demo cases"),
    ActionId.QUIT: ActionSpec("&Quit", "Close isconf", (SK.Quit, "Ctrl+Q")),
    ActionId.SAVE: ActionSpec(
        "&Save case",
        "Save the open case",
        (SK.Save,),
        SP.SP_DialogSaveButton,
        enabled_when=lambda s: s.editing and s.idle,
    ),
    ActionId.UNDO: ActionSpec(
        "&Undo", "Undo the last unsaved edit", (SK.Undo,), SP.SP_ArrowBack, enabled_when=lambda s: s.can_undo
    ),
    ActionId.REDO: ActionSpec(
        "&Redo",
        "Redo the edit you undid",
        (SK.Redo, "Ctrl+Y"),
        SP.SP_ArrowForward,
        enabled_when=lambda s: s.can_redo,
    ),
    ActionId.REVERT: ActionSpec(
        "Re&vert to saved",
        "Throw away every unsaved edit of this case",
        (),
        SP.SP_DialogResetButton,
        enabled_when=lambda s: s.dirty,
    ),
    ActionId.DELETE_CASE: ActionSpec(
        "&Delete case…",
        "Delete the open case",
        (),
        SP.SP_TrashIcon,
        enabled_when=lambda s: s.stored and s.idle,
    ),
    ActionId.FIND: ActionSpec("&Find case", "Search the case list by MRN or name", (SK.Find,)),
    ActionId.ABOUT: ActionSpec("&About isconf", "Version and database"),
    ActionId.CASE_HISTORY: ActionSpec(
        "Case &history…", "Who changed the open case, what and when", ("Ctrl+H",), enabled_when=_stored
    ),
    ActionId.SHOW_CHECKLIST: ActionSpec(
        "Candidacy &checklist", "Show or hide the checklist beside the case", ("F9",), checkable=True
    ),
    ActionId.THEME_SYSTEM: ActionSpec(
        "Theme: follow the &system", "Light or dark as the system's colours are", checkable=True
    ),
    ActionId.THEME_LIGHT: ActionSpec("Theme: &light", "Dark text on light panels", checkable=True),
    ActionId.THEME_DARK: ActionSpec("Theme: &dark", "Light text on dark panels", checkable=True),
    ActionId.AUDIT_TRAIL: ActionSpec("&Audit trail…", "Every change to clinical data, oldest first"),
    ActionId.GO_PATIENT: ActionSpec(
        "&1 Patient and spasms", "Go to identification and spasm history", ("Alt+1",), enabled_when=_editing
    ),
    ActionId.GO_TREATMENTS: ActionSpec(
        "&2 Treatments", "Go to the treatment trials", ("Alt+2",), enabled_when=_editing
    ),
    ActionId.GO_MRI: ActionSpec(
        "&3 MRI", "Go to the MRI studies and lesions", ("Alt+3",), enabled_when=_editing
    ),
    ActionId.GO_EEG_PET: ActionSpec(
        "&4 EEG and PET", "Go to the EEG and PET studies", ("Alt+4",), enabled_when=_editing
    ),
    ActionId.GO_ETIOLOGY: ActionSpec(
        "&5 Etiology and development",
        "Go to etiology, metabolic work-up and development",
        ("Alt+5",),
        enabled_when=_editing,
    ),
    ActionId.GO_FUNCTION: ActionSpec(
        "&6 Function", "Go to baseline function and trade-off", ("Alt+6",), enabled_when=_editing
    ),
    ActionId.GO_TRADEOFF: ActionSpec(
        "&7 Trade-off",
        "Weigh function loss against stopping the spasms, option by option",
        ("Alt+7",),
        enabled_when=_editing,
    ),
    ActionId.GO_OUTCOME: ActionSpec(
        "&8 Surgery and outcome",
        "Go to the operation as performed and the visits after it",
        ("Alt+8",),
        enabled_when=_editing,
    ),
    ActionId.MEETINGS: ActionSpec(
        "&Meetings…", "Case conferences: agenda, presentation, attendance and decisions", ("Ctrl+M",)
    ),
    ActionId.LOCK: ActionSpec(
        "&Lock now", "Hide every patient detail until your password is typed again", ("Ctrl+Shift+L",)
    ),
    ActionId.OUTCOMES: ActionSpec(
        "&Outcomes…",
        "Visits due after surgery, children to re-screen, and the centre's results beside the literature",
        ("Ctrl+Shift+O",),
    ),
}
# The editor's sections, in order.
SECTION_ACTIONS = (
    ActionId.GO_PATIENT,
    ActionId.GO_TREATMENTS,
    ActionId.GO_MRI,
    ActionId.GO_EEG_PET,
    ActionId.GO_ETIOLOGY,
    ActionId.GO_FUNCTION,
    ActionId.GO_TRADEOFF,
    ActionId.GO_OUTCOME,
)


def build_actions(
    parent: QWidget, slots: Mapping[Any, Callable[[], object]], specs: Mapping[Any, ActionSpec] = SPECS
) -> dict[Any, QAction]:
    """One ``QAction`` per id of ``specs``, connected to its slot; menus and toolbars share them."""
    actions: dict[Any, QAction] = {}
    for action_id, spec in specs.items():
        action = QAction(spec.text, parent)
        keys: list[QKeySequence] = []
        for shortcut in spec.shortcuts:
            for key in (
                QKeySequence.keyBindings(shortcut) if isinstance(shortcut, SK) else [QKeySequence(shortcut)]
            ):
                if key not in keys:
                    keys.append(key)
        action.setShortcuts(keys)
        tip = spec.tip + (f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})" if keys else "")
        action.setStatusTip(spec.tip)
        action.setToolTip(tip)
        if spec.icon is not None:
            action.setIcon(parent.style().standardIcon(spec.icon))
        action.setCheckable(spec.checkable)
        action.triggered.connect(slots[action_id])
        parent.addAction(action)
        actions[action_id] = action
    return actions


def refresh_enabled(actions: Mapping[Any, QAction], specs: Mapping[Any, ActionSpec], state: object) -> None:
    """Enable each action whose ``enabled_when`` holds for ``state``."""
    for action_id, spec in specs.items():
        if spec.enabled_when is not None:
            actions[action_id].setEnabled(bool(spec.enabled_when(state)))

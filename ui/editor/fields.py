"""Form fields that read and write one value of the case file each.

Every field knows its path in the case file (``case.spasms.onset_date``),
gives back the JSON value it holds (``None`` when empty, meaning "not
recorded") and can show the validation problem for that path.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from isconf import clock
from isconf.vocab import Vocabulary

NOT_RECORDED = "—"


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Show (or clear) a field's problem: red frame and the message as tooltip."""
    # Without a problem, a line edit's tooltip is its whole value (a long one is cut by the field).
    widget.setToolTip(message or (widget.text() if isinstance(widget, QLineEdit) else ""))
    invalid = message is not None
    if widget.property("invalid") == invalid:
        return  # polishing again for an unchanged frame was a tenth of opening a case
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Field(QWidget):
    """Base for a single-valued field; ``edited`` fires on every user change."""

    edited = Signal()

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_problem(self, message: str | None) -> None:
        mark_invalid(self.focus_target(), message)

    def focus_target(self) -> QWidget:
        return self


class TextField(Field):
    def __init__(self, path: str, *, max_length: int, placeholder: str = "") -> None:
        super().__init__(path)
        self.edit = QLineEdit()
        # One more than the limit, so an over-long paste is reported, not silently cut.
        self.edit.setMaxLength(max_length + 1)
        self.edit.setPlaceholderText(placeholder)
        self.edit.textEdited.connect(self.edited)
        self.edit.textEdited.connect(self.edit.setToolTip)
        _single(self, self.edit, stretch=False)

    def value(self) -> str | None:
        text = self.edit.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))
        self.edit.setToolTip(self.edit.text())  # the whole of a value longer than the field
        if not self.edit.hasFocus():
            self.edit.setCursorPosition(0)  # a long value shows its start, not its last letters

    def focus_target(self) -> QWidget:
        return self.edit


class NumberField(Field):
    """A number; text that is not a number is passed on so validation names it."""

    def __init__(self, path: str, *, placeholder: str = "", suffix: str = "") -> None:
        super().__init__(path)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaximumWidth(120)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.textEdited.connect(self.edited)
        _single(self, self.edit, suffix)

    def value(self) -> Any:
        return parse_number(self.edit.text())

    def set_value(self, value: Any) -> None:
        self.edit.setText(format_number(value))

    def focus_target(self) -> QWidget:
        return self.edit


class DateField(Field):
    """An ISO date typed or picked from a calendar; empty means not recorded."""

    def __init__(self, path: str, *, future: bool = False) -> None:
        super().__init__(path)
        self._future = future  # a planned date (the next surgery) lies ahead
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("YYYY-MM-DD")
        self.edit.setMaximumWidth(120)
        self.edit.textEdited.connect(self.edited)
        self.button = QToolButton(objectName="datePicker")
        self.button.setText("▾")
        self.button.setToolTip("Pick a date")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(self._calendar_menu())
        layout = _single(self, self.edit)
        layout.insertWidget(1, self.button)

    def _calendar_menu(self) -> QMenu:
        # No parent: a hidden popup among the form's children would trap Tab.
        menu = QMenu()
        self._menu = menu
        self.calendar = QCalendarWidget()
        if not self._future:
            self.calendar.setMaximumDate(QDate(clock.today()))
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(lambda day: (self._pick(day), menu.close()))
        return menu

    def _sync_calendar(self) -> None:
        try:
            current = date.fromisoformat(self.edit.text().strip())
        except ValueError:
            current = clock.today()
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    def _pick(self, day: QDate) -> None:
        self.edit.setText(day.toString("yyyy-MM-dd"))
        self.edited.emit()

    def value(self) -> str | None:
        return self.edit.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.edit.setText(value or "")

    def focus_target(self) -> QWidget:
        return self.edit


class ChoiceField(Field):
    """One code of a vocabulary, or "—" for not recorded."""

    def __init__(self, path: str, vocabulary: Vocabulary) -> None:
        super().__init__(path)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        fill_choices(self.combo, vocabulary)
        self.combo.activated.connect(lambda _index: self.edited.emit())
        _single(self, self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        select_choice(self.combo, value)

    def focus_target(self) -> QWidget:
        return self.combo


class YesNoField(ChoiceField):
    """True, false, or not recorded."""

    def __init__(self, path: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(path, ())
        self.combo.clear()
        for text, data in ((NOT_RECORDED, None), (yes, True), (no, False)):
            self.combo.addItem(text, data)


class CodesField(Field):
    """Several codes of a vocabulary, as a row of check boxes."""

    def __init__(self, path: str, vocabulary: Vocabulary, *, columns: int = 0) -> None:
        super().__init__(path)
        # ``columns``: wrap into that many columns, for a long vocabulary in a narrow form;
        # 0 keeps every box on one row.
        per_row = columns or len(vocabulary)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (code, text) in enumerate(vocabulary):
            box = QCheckBox(text)
            box.toggled.connect(lambda _checked: self.edited.emit())
            grid.addWidget(box, i // per_row, i % per_row)
            self.boxes[code] = box
        grid.setColumnStretch(per_row, 1)  # spare width to the right, not between the boxes

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or ())
        for code, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(code in chosen)
            box.blockSignals(False)

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()), self)


class OrderedCodesField(CodesField):
    """Codes whose order means something: ticked in order, each box showing its rank
    ("1. Seizure freedom"); unticking one moves those after it up."""

    def __init__(self, path: str, vocabulary: Vocabulary, *, columns: int = 0) -> None:
        self._order: list[str] = []
        self._words = dict(vocabulary)
        super().__init__(path, vocabulary, columns=columns)
        for code, box in self.boxes.items():
            box.toggled.connect(lambda checked, code=code: self._toggled(code, checked))

    def _toggled(self, code: str, checked: bool) -> None:
        if checked and code not in self._order:
            self._order.append(code)
        elif not checked and code in self._order:
            self._order.remove(code)
        self._relabel()

    def _relabel(self) -> None:
        for code, box in self.boxes.items():
            rank = self._order.index(code) + 1 if code in self._order else None
            box.setText(f"{rank}. {self._words[code]}" if rank else self._words[code])

    def value(self) -> list[str]:
        return list(self._order)

    def set_value(self, value: Any) -> None:
        self._order = [code for code in (value or ()) if code in self.boxes]
        super().set_value(self._order)
        self._relabel()


def fill_choices(combo: QComboBox, vocabulary: Vocabulary) -> None:
    combo.addItem(NOT_RECORDED, None)
    for code, text in vocabulary:
        combo.addItem(text, code)


def select_choice(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index < 0 and value is not None:
        # A code this version does not know: keep it visible rather than lose it.
        combo.addItem(f"{value} (unknown)", value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


def parse_number(text: str) -> Any:
    """A number from what was typed; other text is returned as it is for validation.

    A decimal comma is read as a point (1,5 T), but "1,500" could be a thousand
    and a half or one and a half, so it is left as text and refused by name.
    """
    stripped = text.strip()
    if not stripped:
        return None
    if _THOUSANDS.fullmatch(stripped) or ("," in stripped and "." in stripped):
        return stripped
    cleaned = stripped.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return text.strip()
    return int(number) if number.is_integer() and "." not in cleaned and "e" not in cleaned else number


def format_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _single(owner: QWidget, widget: QWidget, suffix: str = "", *, stretch: bool = True) -> QHBoxLayout:
    """Lay out a field's one widget (and unit), focus going straight to it."""
    layout = QHBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(widget)
    if suffix:
        layout.addWidget(QLabel(suffix))
    if stretch:
        layout.addStretch(1)
    owner.setFocusProxy(widget)
    return layout

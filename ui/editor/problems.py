"""Where a problem the services name is shown in the editor: on its field, in a table's
cell (a lesion's, within its MRI), in the words of the screen, and on which page."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel

from isconf.services import Problem
from ui.editor.fields import Field
from ui.editor.pages import CasePages
from ui.editor.record_table import RecordTable

TABLE_PATH = re.compile(
    r"^(?P<table>case\.(?:treatments|mri|eeg|pet|tradeoff\.assessments|tradeoff\.benefit_overrides"
    r"|development\.assessments|images|follow_up))"
    r"\[(?P<row>\d+)\](?:\.(?P<key>\w+))?(?P<rest>.*)$"
)
_ITEM = re.compile(r"\[\d+\]$")
_LESION_PATH = re.compile(r"^\[(?P<row>\d+)\](?:\.(?P<key>\w+))?")


class ProblemPlaces:
    """Reads a problem's path against the editor's pages."""

    def __init__(self, pages: CasePages, lesions: RecordTable) -> None:
        self.pages, self.lesions = pages, lesions

    def field_of(self, path: str) -> Field | None:
        """The field a problem path names; an item of a list field (``options[1]``) is the field's."""
        return self.pages.fields.get(path) or self.pages.fields.get(_ITEM.sub("", path))

    def place(
        self,
        problem: Problem,
        table_errors: dict[str, dict[tuple[int, str], str]],
        lesion_errors: dict[int, dict[tuple[int, str], str]],
    ) -> int | None:
        """Mark ``problem`` on its field, or note it for its table cell (and lesion); the
        page it is on, if any."""
        field = self.field_of(problem.path)
        if field is not None:
            field.set_problem(problem.message)
            return self.pages.tab_of[field.path]
        match = TABLE_PATH.match(problem.path)
        if match is None:
            return 0 if problem.path in ("case", "format") else None
        table, row, key = (
            match["table"],
            int(match["row"]),
            _cell_key(self.pages.tables[match["table"]], match),
        )
        table_errors[table][(row, key)] = problem.message
        lesion = _LESION_PATH.match(match["rest"]) if key == "lesions" else None
        if lesion is not None:
            lesion_errors.setdefault(row, {})[(int(lesion["row"]), lesion["key"] or "")] = problem.message
        return self.pages.tab_of[table]

    def describe(self, problem: Problem) -> str:
        """A problem in the words of the screen: which section, row and field."""
        field = self.field_of(problem.path)
        if field is not None:
            label = label_of(field)
            return f"{label}: {problem.message}"
        match = TABLE_PATH.match(problem.path)
        if match is None:
            return str(problem)
        table = self.pages.tables[match["table"]]
        row, key = int(match["row"]) + 1, _cell_key(table, match)
        where = f"{table.noun.capitalize()} {row}"
        if key == "lesions" and (lesion := _LESION_PATH.match(match["rest"])):
            where += f", lesion {int(lesion['row']) + 1}"
            key = lesion["key"]
            columns = self.lesions.model.columns
        else:
            columns = table.model.columns
        titles = {c.key: c.title for c in columns}
        if key:
            where += f", {titles.get(key, key)}"
        return f"{where}: {problem.message}"


def _cell_key(table: RecordTable, match: re.Match[str]) -> str:
    """The column a problem names: its key, or its path within the item when a column holds a
    value inside an object of the item (``development.standard_score``)."""
    key = match["key"] or ""
    inner = f"{key}{match['rest']}"
    return inner if any(c.key == inner for c in table.model.columns) else key


def label_of(field: Field) -> str:
    for label in field.parentWidget().findChildren(QLabel):
        if label.buddy() is field.focus_target():
            return label.text().replace("&", "")
    return field.path

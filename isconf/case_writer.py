"""Writing a case as an ``isconf-case/1`` document, walking the field declarations."""

from __future__ import annotations

from datetime import date
from typing import Any

from isconf import base64_text, fields
from isconf.domain import Case, Treatment
from isconf.fields import FieldInfo

FORMAT = "isconf-case/1"


def case_to_document(case: Case) -> dict[str, Any]:
    """The ``isconf-case/1`` document of a case: every field, ``null`` where not recorded."""
    return {"format": FORMAT, "case": case_to_dict(case)}


def case_to_dict(case: Case) -> dict[str, Any]:
    """The ``case`` object of the case file."""
    return _object(case)


def _object(value: Any) -> dict[str, Any]:
    out = {d.key: _json(getattr(value, d.name), d.info) for d in fields.declared(type(value))}
    if isinstance(value, Treatment) and value.name is None and value.agent != "other_asm":
        # Only another anti-seizure medication is named; the others' files carry no "name".
        del out["name"]
    return out


def _json(value: Any, info: FieldInfo) -> Any:
    if info.kind == "group":
        return _object(value)
    if info.kind == "list":
        return [_object(item) for item in value]
    if info.kind == "codes":
        return list(value)
    if info.kind == "date":
        return iso(value)
    if info.kind == "number":
        return number(value)
    if info.kind == "binary":
        return None if value is None else base64_text.encode(value)
    return value


def json_text(value: Any) -> str:
    """A value as the case file writes it (null, true, 3)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def number(value: float | None) -> int | float | None:
    """Whole numbers are written as integers, so 150 stays 150 and 1.5 stays 1.5."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def copy_json(value: Any) -> Any:
    """A copy of case-file JSON (dicts, lists and immutable scalars): what ``copy.deepcopy``
    gives for it, without deepcopy's memo of every object (a third of the copying time the
    editor spent on each refresh of a long case, open_case_ms in docs/performance.md)."""
    if value.__class__ is dict:
        return {key: copy_json(item) for key, item in value.items()}
    if value.__class__ is list:
        return [copy_json(item) for item in value]
    return value


def value_at(case: dict[str, Any], path: str) -> Any:
    """The value a field's path (``case.spasms.onset``) names in a case object; None when absent."""
    node: Any = case
    for key in path.split(".")[1:]:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def put_at(case: dict[str, Any], path: str, value: Any) -> None:
    """Set the value a field's path names in a case object, making the objects on the way."""
    keys = path.split(".")[1:]
    node = case
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = value

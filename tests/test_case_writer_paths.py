"""Case-file JSON as the editor handles it: copied without sharing anything mutable, and read
and written by a field's path."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from isconf.case_writer import copy_json, put_at, value_at

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
)


def _containers(value: Any) -> list[int]:
    if isinstance(value, dict):
        return [id(value), *(i for item in value.values() for i in _containers(item))]
    if isinstance(value, list):
        return [id(value), *(i for item in value for i in _containers(item))]
    return []


@given(JSON)
def test_a_copy_equals_deepcopys_and_shares_no_list_or_object(value: Any) -> None:
    copied = copy_json(value)
    assert copied == copy.deepcopy(value)
    assert not set(_containers(copied)) & set(_containers(value))


def test_a_path_reads_and_writes_through_nested_objects() -> None:
    case: dict[str, Any] = {"spasms": {"onset": "2026-03-01"}}
    assert value_at(case, "case.spasms.onset") == "2026-03-01"
    assert value_at(case, "case.development.status") is None
    assert value_at({"spasms": "not an object"}, "case.spasms.onset") is None
    put_at(case, "case.development.status", "delayed")
    assert case == {"spasms": {"onset": "2026-03-01"}, "development": {"status": "delayed"}}

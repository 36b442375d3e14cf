"""The case file ``isconf-case/1``: where callers read it, write it and name its limits.

The reader is ``isconf.case_reader`` (with ``isconf.value_reader`` for single values),
the writer ``isconf.case_writer``, the problems ``isconf.errors``; the importer, the
editor and the services validate through ``parse_case_document``, so a rule is stated
once. This module gathers their public names, as callers have always imported them.
"""

from __future__ import annotations

from isconf.case_reader import SURGERY_HORIZON_DAYS, dose_limits, keys, not_a_case_file, parse_case_document
from isconf.case_writer import FORMAT, case_to_dict, case_to_document, json_text
from isconf.domain import (
    BENEFIT_RANGE,
    DIAGNOSIS_MAX,
    FETAL_MRI_DAYS,
    MRN_MAX,
    NAME_MAX,
    NOTE_MAX,
    PLACE_MAX,
    ROLE_MAX,
)
from isconf.errors import CaseFileError, Problem

__all__ = [
    "BENEFIT_RANGE",
    "COMMENT_MAX",
    "DIAGNOSIS_MAX",
    "FETAL_MRI_DAYS",
    "FORMAT",
    "MRN_MAX",
    "NAME_MAX",
    "NOTE_MAX",
    "PLACE_MAX",
    "ROLE_MAX",
    "SURGERY_HORIZON_DAYS",
    "CaseFileError",
    "Problem",
    "case_to_dict",
    "case_to_document",
    "dose_limits",
    "json_text",
    "keys",
    "not_a_case_file",
    "parse_case_document",
]

COMMENT_MAX = NOTE_MAX

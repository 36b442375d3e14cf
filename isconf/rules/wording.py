"""How the rules name the data they used: dates, doses, trials, lesions."""

from __future__ import annotations

import re
from datetime import date, datetime

from isconf import fields, vocab
from isconf.domain import Case, Lesion, Treatment
from isconf.status import PALLIATIVE

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: date) -> str:
    """``3 May 2026`` (formatted here: the machine has no locales to rely on)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def utc_offset(moment: datetime) -> str:
    """``+01:00``: the moment's UTC offset as ISO 8601 writes it; empty when it has none."""
    offset = moment.strftime("%z")
    return f"{offset[:3]}:{offset[3:5]}" if offset else ""


def period(start: date | None, end: date | None) -> str:
    """``3 May – 10 Jun 2026``; ``from 3 May 2026`` while it continues."""
    if start is None and end is None:
        return "dates not recorded"
    if start is None:
        return f"start not recorded – {day(end)}" if end else "dates not recorded"
    if end is None:
        return f"from {day(start)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def number(value: float) -> str:
    """150 rather than 150.0; 2.5 stays 2.5."""
    return f"{value:g}"


def unit(code: str) -> str:
    return vocab.label(vocab.DOSE_UNIT, code)


def agent(treatment: Treatment) -> str:
    if treatment.agent == "other_asm" and treatment.name:
        return treatment.name
    if treatment.agent == "acth":
        return "ACTH"
    return vocab.label(vocab.AGENT, treatment.agent) or "Treatment"


def trial(treatment: Treatment) -> str:
    """``Vigabatrin 50 mg/kg/day (3 May – 10 Jun 2026)``."""
    dose = ""
    if treatment.dose is not None and treatment.dose_unit:
        dose = f" {number(treatment.dose)} {unit(treatment.dose_unit)}"
    return f"{agent(treatment)}{dose} ({period(treatment.start_date, treatment.end_date)})"


def lesion(lesion: Lesion) -> str:
    """``left frontal focal cortical dysplasia, lobar``."""
    words = []
    if lesion.side:
        words.append(lesion.side)
    words.extend(lesion.lobes)
    words.append(vocab.label(vocab.LESION_TYPE, lesion.type).lower() if lesion.type else "lesion")
    text = " ".join(words)
    if lesion.extent:
        text += f", {lesion.extent}"
    if lesion.epileptogenic:
        text += ", marked epileptogenic"
    return text


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def procedure(code: str) -> str:
    if code == PALLIATIVE:
        return "corpus callosotomy or vagus nerve stimulation"
    return vocab.label(vocab.PROCEDURE, code).lower()


def outcome(code: str | None) -> str:
    return vocab.label(vocab.OUTCOME, code).lower() if code else "no recorded outcome"


def count(n: int, noun: str) -> str:
    """``1 trial``, ``2 trials``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


_TREATMENT_FIELD = re.compile(r"treatments\[(\d+)\]\.(\w+)$")
_STUDY_FIELD = re.compile(r"mri\[(\d+)\](?:\.lesions\[(\d+)\])?\.(\w+)$")


def _declared_missing(path: str) -> str:
    """The words a field declares for its absence (``isconf.domain``); a path into a
    list's item (``treatments[0].dose``) is worded below instead."""
    info = None if "[" in path else fields.at_path(Case, path)
    return "" if info is None else info.missing


def missing(path: str) -> str:
    """What a missing-field path means to a coordinator: ``no metabolic work-up``."""
    declared = _declared_missing(path)
    if declared:
        return declared
    treatment = _TREATMENT_FIELD.match(path)
    if treatment:
        index, field = treatment.groups()
        return f"{field.replace('_', ' ')} of treatment {int(index) + 1} not recorded"
    match = _STUDY_FIELD.match(path)
    if match:
        _, lesion, field = match.groups()
        if lesion is not None:
            return f"{field} of lesion {int(lesion) + 1} on the latest MRI not recorded"
        what = "lesions" if field == "lesions" else field
        return f"{what} of the latest MRI not recorded"
    return f"{path} not recorded"

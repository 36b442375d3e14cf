"""Reading the case file ``isconf-case/1``, with validation, by its field declarations.

``parse_case_document`` checks everything at once and raises ``CaseFileError``
with one ``Problem`` per finding, each naming the field by its path in the file
(``case.treatments[0].dose``). The keys, kinds, vocabularies, bounds and date order
come from the declarations on ``isconf.domain``; the checks a declaration cannot
state (a dose against its agent, lesions of a normal MRI, …) are below.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from isconf import clock, fields, vocab
from isconf.case_writer import FORMAT
from isconf.datafiles import load_json
from isconf.domain import (
    BENEFIT_RANGE,
    FETAL_MRI_DAYS,
    NOTE_MAX,
    BenefitOverride,
    Case,
    DevelopmentAssessment,
    KeyImage,
    Lesion,
    MriStudy,
    Semiology,
    Tradeoff,
    Treatment,
)
from isconf.errors import CaseFileError, ServiceError
from isconf.images import dicom
from isconf.value_reader import Reader, kind_of, number_text, show

SURGERY_HORIZON_DAYS = 2 * 366  # a next surgery date further ahead than this is a typing slip


def dose_limits() -> dict[str, dict[str, tuple[float, float]]]:
    """For each agent, the units that fit it and the plausible dose range in each."""
    agents = load_json("dose_limits.json")["agents"]
    return {
        agent: {unit: (low, high) for unit, (low, high) in units.items()} for agent, units in agents.items()
    }


def parse_case_document(document: Any, *, today: date | None = None) -> Case:
    """The case in an ``isconf-case/1`` document; raises ``CaseFileError``."""
    reader = Reader(today or clock.today())
    if not isinstance(document, dict):
        reader.fail("(file)", f'must hold a JSON object with "format" and "case", not {kind_of(document)}')
        raise CaseFileError(reader.problems)
    root = reader.obj(document, "(file)", ("format", "case"))
    if root.get("format") is None:
        reader.fail("format", f"is missing; it must be {FORMAT!r}")
    elif root.get("format") != FORMAT:
        reader.fail("format", f"must be {FORMAT!r}, not {show(root.get('format'))}")
    if "case" not in root:
        reader.fail("case", "is required")
        raise CaseFileError(reader.problems)
    case = _read_case(reader, root["case"])
    if reader.problems or case is None:
        raise CaseFileError(reader.problems)
    return case


def _read_case(r: Reader, value: Any) -> Case | None:
    p = "case"
    if not isinstance(value, dict):
        r.fail(p, f"must be an object, not {kind_of(value)}")
        return None
    c = r.obj(value, p, keys(Case))

    def limits(v: dict[str, Any]) -> dict[str, date | None]:
        dob = v["date_of_birth"]
        # A fetal MRI legitimately predates birth, by at most a pregnancy.
        fetal = None if dob is None else dob - timedelta(days=FETAL_MRI_DAYS)
        surgery = v.get("surgery")
        return {"birth": dob, "fetal": fetal, "surgery": surgery.date if surgery is not None else None}

    def group(name: str) -> _Custom:
        return lambda v: _read_object(r, c.get(name), f"{p}.{name}", _CLASSES[name], limits(v))

    def listed(name: str) -> _Custom:
        cls = _CLASSES[name]
        most = _most(Case, name)
        return lambda v: tuple(
            _read_object(r, x, w, cls, limits(v)) for x, w in r.items(c, name, p, most=most)
        )

    custom = {d.name: (group if d.info.kind == "group" else listed)(d.name) for d in _nested(Case)}
    values = _read_fields(r, c, p, Case, {}, custom=custom, is_object=True)
    mrn = values["mrn"]
    if mrn is not None and mrn != mrn.strip():
        r.fail(f"{p}.mrn", "must not start or end with a space")
    return _build(Case, values)


_Custom = Callable[[dict[str, Any]], Any]


@functools.cache  # asked for every object of every file (import_1000_s)
def keys(cls: type) -> tuple[str, ...]:
    """The keys an object of the case file may hold: its class's declared fields."""
    return tuple(d.key for d in fields.declared(cls))


def _most(cls: type, name: str) -> int:
    return next(d.info.most for d in fields.declared(cls) if d.name == name)


@functools.cache
def _nested(cls: type) -> tuple[fields.Declared, ...]:
    return tuple(d for d in fields.declared(cls) if d.info.kind in ("group", "list"))


def _read_object(r: Reader, value: Any, path: str, cls: type, limits: dict[str, date | None]) -> Any:
    """An object of the case file as ``cls``: its declared fields, and the checks of its own."""
    data = r.obj(value, path, keys(cls))
    custom = _CUSTOM.get(cls, _no_custom)(r, data, path, limits)
    for d in _nested(cls):
        if d.name not in custom:
            of = d.info.of
            assert of is not None
            custom[d.name] = _nested_reader(r, data, path, d, of, limits)
    values = _read_fields(r, data, path, cls, limits, custom=custom, is_object=isinstance(value, dict))
    _FINISH.get(cls, _no_finish)(r, values, path)
    return _build(cls, values)


def _nested_reader(
    r: Reader, data: dict[str, Any], path: str, d: fields.Declared, of: type, limits: dict[str, date | None]
) -> _Custom:
    if d.info.kind == "group":
        return lambda v: _read_object(r, data.get(d.key), f"{path}.{d.key}", of, limits)
    return lambda v: tuple(
        _read_object(r, x, w, of, limits) for x, w in r.items(data, d.key, path, most=d.info.most)
    )


def _read_fields(
    r: Reader,
    data: dict[str, Any],
    path: str,
    cls: type,
    limits: dict[str, date | None],
    *,
    custom: dict[str, _Custom],
    is_object: bool,
) -> dict[str, Any]:
    """Each declared field of ``cls`` in declaration order; ``custom`` reads those it names."""
    values: dict[str, Any] = {}
    for d in fields.declared(cls):
        if d.name in custom:
            values[d.name] = custom[d.name](values)
            continue
        values[d.name] = _read_scalar(r, data, path, d, is_object)
        after = d.info.after
        if after is not None:
            earlier, what, earlier_name = after
            limit = values[earlier] if earlier in values else limits.get(earlier)
            r.not_before(values[d.name], limit, f"{path}.{d.key}", what, earlier_name)
    return values


def _read_scalar(r: Reader, data: dict[str, Any], path: str, d: fields.Declared, is_object: bool) -> Any:
    info, key = d.info, d.key
    if info.kind == "text":
        return r.text(
            data,
            key,
            path,
            limit=info.limit,
            required=info.required,
            multiline=info.multiline,
            identifier=info.identifies,
        )
    if info.kind == "choice":
        found = r.choice(data, key, path, info.vocabulary)
        if info.required and found is None and data.get(key) is None and is_object:
            r.fail(f"{path}.{key}", "is required")
        return found
    if info.kind == "codes":
        return r.codes(data, key, path, info.vocabulary)
    if info.kind == "yesno":
        return r.boolean(data, key, path)
    if info.kind == "date":
        return r.day(data, key, path, not_future=not info.future)
    if info.kind == "binary":
        return r.binary(data, key, path, limit=info.limit, required=info.required and is_object)
    assert info.kind == "number" and info.bounds is not None
    low, high = info.bounds
    value = r.number(data, key, path, low=low, high=high, integer=info.integer)
    return int(value) if info.integer and value is not None else value


def _build(cls: type, values: dict[str, Any]) -> Any:
    """``cls`` from the values read; a required field that failed is left empty ("", b"")."""
    for d in fields.declared(cls):
        if d.info.required and values[d.name] is None:
            values[d.name] = b"" if d.info.kind == "binary" else ""
    return cls(**values)


# --- the checks a field's declaration cannot state ------------------------------------


def _no_custom(
    r: Reader, data: dict[str, Any], path: str, limits: dict[str, date | None]
) -> dict[str, _Custom]:
    return {}


def _no_finish(r: Reader, values: dict[str, Any], path: str) -> None:
    return None


def _treatment_dose(
    r: Reader, t: dict[str, Any], p: str, limits: dict[str, date | None]
) -> dict[str, _Custom]:
    def dose(v: dict[str, Any]) -> float | None:
        if v["agent"] == "other_asm" and not v["name"]:
            r.fail(f"{p}.name", "is required for another anti-seizure medication (which drug?)")
        value, v["dose_unit"] = _read_dose(r, t, p, v["agent"])
        return value

    return {"dose": dose, "dose_unit": lambda v: v["dose_unit"]}


def _mri_lesions(r: Reader, m: dict[str, Any], p: str, limits: dict[str, date | None]) -> dict[str, _Custom]:
    def lesions(v: dict[str, Any]) -> tuple[Lesion, ...]:
        found = tuple(
            _read_object(r, x, w, Lesion, limits)
            for x, w in r.items(m, "lesions", p, most=_most(MriStudy, "lesions"))
        )
        if found and v["finding"] == "normal":
            r.fail(f"{p}.lesions", "a normal MRI cannot list lesions; set the finding to lesional")
        return found

    return {"lesions": lesions}


def _tradeoff_benefits(
    r: Reader, t: dict[str, Any], p: str, limits: dict[str, date | None]
) -> dict[str, _Custom]:
    return {"benefit_overrides": lambda v: _read_benefits(r, t, p)}


def _surgery_horizon(r: Reader, values: dict[str, Any], p: str) -> None:
    # The one date of the case file that is meant to lie ahead, though not years ahead.
    day = values["next_surgery_date"]
    horizon = r.today + timedelta(days=SURGERY_HORIZON_DAYS)
    if day is not None and day > horizon:
        r.fail(f"{p}.next_surgery_date", f"{day.isoformat()} is more than two years ahead; check the year")
        values["next_surgery_date"] = None


def _semiology_side(r: Reader, values: dict[str, Any], p: str) -> None:
    # A side belongs to asymmetric spasms; on symmetric ones it is a slip of one of the two.
    side = values["side"]
    if values["asymmetric"] is False and side not in (None, "none"):
        r.fail(f"{p}.side", f"{show(side)} is given for symmetric spasms; set asymmetric or clear the side")
        values["side"] = None


def _instrument_name(r: Reader, values: dict[str, Any], p: str) -> None:
    if values["instrument"] == "other" and not values["name"]:
        r.fail(f"{p}.name", "is required for another instrument (which one?)")


def _image_content(r: Reader, values: dict[str, Any], p: str) -> None:
    # The bytes must be what the media type says, or a viewer shows nothing (or the wrong thing).
    data, media = values["data"], values["media_type"]
    found = sniff_media_type(data) if data else None
    if data and media and found != media:
        said = f"is {found}" if found else "is not a PNG, JPEG or DICOM image"
        r.fail(f"{p}.data", f"{said}, but media_type says {media}")
        values["data"] = None
    elif data and media == "application/dicom":
        # Patient identifiers are never stored: a DICOM file is cleaned as it is first imported.
        try:
            held = dicom.identifiers(data)
        except ServiceError as exc:
            r.fail(f"{p}.data", exc.problems[0].message)
            return
        if held:
            names = ", ".join(held[:4]) + (", …" if len(held) > 4 else "")
            r.fail(
                f"{p}.data",
                f"the DICOM file still holds patient identifiers ({names}); add it with `isconf image add`, "
                "which removes them",
            )


def sniff_media_type(data: bytes) -> str | None:
    """The media type the bytes themselves announce (their signature), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[128:132] == b"DICM":
        return "application/dicom"
    return None


_CUSTOM: dict[type, Callable[[Reader, dict[str, Any], str, dict[str, date | None]], dict[str, _Custom]]] = {
    Treatment: _treatment_dose,
    MriStudy: _mri_lesions,
    Tradeoff: _tradeoff_benefits,
}
_FINISH: dict[type, Callable[[Reader, dict[str, Any], str], None]] = {
    Tradeoff: _surgery_horizon,
    Semiology: _semiology_side,
    DevelopmentAssessment: _instrument_name,
    KeyImage: _image_content,
}
_CLASSES: dict[str, type] = {d.name: d.info.of for d in _nested(Case) if d.info.of is not None}


def _read_dose(r: Reader, t: dict[str, Any], p: str, agent: str | None) -> tuple[float | None, str | None]:
    unit = r.choice(t, "dose_unit", p, vocab.DOSE_UNIT)
    raw = t.get("dose")
    if raw is None:
        if unit is not None:
            r.fail(f"{p}.dose", f"is missing although a unit ({unit}) is given")
        return None, unit
    dose = r.number(t, "dose", p, low=-math.inf, high=math.inf)
    if dose is None:
        return None, unit
    if dose <= 0:
        r.fail(f"{p}.dose", f"must be greater than zero, not {number_text(dose)}")
        return None, unit
    if unit is None:
        if t.get("dose_unit") is None:
            r.fail(f"{p}.dose_unit", "is required when a dose is given")
        return dose, None
    if agent is None:
        return dose, unit
    limits = dose_limits().get(agent, {})
    agent_label = vocab.label(vocab.AGENT, agent)
    if unit not in limits:
        fits = ", ".join(limits) or "none (no dose is recorded for it)"
        r.fail(f"{p}.dose_unit", f"{unit} does not fit {agent_label}; units that fit: {fits}")
        return dose, None
    low, high = limits[unit]
    if not low <= dose <= high:
        bound = f"more than {number_text(high)}" if dose > high else f"less than {number_text(low)}"
        r.fail(f"{p}.dose", f"{number_text(dose)} {unit} is implausible for {agent_label} ({bound} {unit})")
        return None, unit
    return dose, unit


def _read_benefits(r: Reader, t: dict[str, Any], p: str) -> tuple[BenefitOverride, ...]:
    found: list[BenefitOverride] = []
    for value, where in r.items(t, "benefit_overrides", p, most=_most(Tradeoff, "benefit_overrides")):
        b = r.obj(value, where, keys(BenefitOverride))
        procedure = r.choice(b, "procedure", where, vocab.OPTION)
        if procedure is None and b.get("procedure") is None and isinstance(value, dict):
            r.fail(f"{where}.procedure", "is required")
        if procedure is not None and any(o.procedure == procedure for o in found):
            r.fail(f"{where}.procedure", f"{show(procedure)} has a team figure already; keep one")
        low, high = BENEFIT_RANGE
        figure = r.number(b, "value", where, low=low, high=high)
        if b.get("value") is None and isinstance(value, dict):
            r.fail(f"{where}.value", "is required (the team's figure, in % of children)")
        # A figure that replaces a published one must say why, or no one can weigh it.
        note = r.text(b, "note", where, limit=NOTE_MAX, multiline=True, required=isinstance(value, dict))
        found.append(BenefitOverride(procedure=procedure or "", value=figure, note=note))
    return tuple(found)


def not_a_case_file(document: Any) -> str | None:
    """Why a JSON document is another kind of file, or None when it may be a case file.

    An object with neither ``"case"`` nor this format (the vignettes' ``expected.json``, an
    evaluation document) is named as such in one line, rather than as one unknown field per
    key; anything closer to a case file is left to ``parse_case_document`` to find every problem.
    """
    if not isinstance(document, dict) or "case" in document or document.get("format") == FORMAT:
        return None
    if "format" not in document:
        return f'not an isconf case file (no "format": "{FORMAT}")'
    return f'not an isconf case file (its "format" is {show(document["format"])}, not "{FORMAT}")'

"""The case file ``isconf-case/1``: reading with validation, and writing.

``parse_case_document`` checks everything at once and raises
``CaseFileError`` with one ``Problem`` per finding, each naming the field by
its path in the file (``case.treatments[0].dose``). The importer, the editor
and the services all validate through here, so a rule is stated once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from isconf import clock, vocab
from isconf.datafiles import load_json
from isconf.domain import (
    Assessment,
    BaselineFunction,
    BenefitOverride,
    Case,
    Development,
    EegStudy,
    Etiology,
    Lesion,
    MriStudy,
    PetStudy,
    Spasms,
    Tradeoff,
    Treatment,
)
from isconf.errors import Problem as Problem  # declared in the leaf module; the name stays here for callers

FORMAT = "isconf-case/1"

# Lengths a real record never needs to exceed; longer text is a paste error.
MRN_MAX = 40
NAME_MAX = 100
PLACE_MAX = 200
DIAGNOSIS_MAX = 300
NOTE_MAX = 2000
ROLE_MAX = 60

COMMENT_MAX = NOTE_MAX
BENEFIT_RANGE = (0.0, 100.0)  # a team's figure is a percentage of children
SURGERY_HORIZON_DAYS = 2 * 366  # a next surgery date further ahead than this is a typing slip

FETAL_MRI_DAYS = 300  # a fetal MRI is done during pregnancy, so never earlier than this
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EARLIEST = date(1900, 1, 1)


class CaseFileError(ValueError):
    """A case that cannot be accepted; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def dose_limits() -> dict[str, dict[str, tuple[float, float]]]:
    """For each agent, the units that fit it and the plausible dose range in each."""
    agents = load_json("dose_limits.json")["agents"]
    return {
        agent: {unit: (low, high) for unit, (low, high) in units.items()} for agent, units in agents.items()
    }


class _Reader:
    """Collects problems while reading a JSON object tree."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value: Any, path: str, keys: tuple[str, ...]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"must be an object, not {_kind(value)}")
            return {}
        for key in value:
            if key not in keys:
                self.fail(_child(path, key), "unknown field (this file format has no such field)")
        return value

    def items(self, parent: dict[str, Any], key: str, path: str) -> Iterator[tuple[Any, str]]:
        value = parent.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.fail(f"{path}.{key}", f"must be a list, not {_kind(value)}")
            return
        for index, item in enumerate(value):
            where = f"{path}.{key}[{index}]"
            if item is None:
                self.fail(where, "is null; remove the empty entry or fill it in")
                continue
            yield item, where

    def text(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        limit: int,
        required: bool = False,
        multiline: bool = False,
    ) -> str | None:
        where = f"{path}.{key}"
        value = parent.get(key)
        if value is None:
            if required:
                self.fail(where, "is required")
            return None
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {_kind(value)}")
            return None
        if required and not value.strip():
            self.fail(where, "is required and must not be blank")
            return None
        if len(value) > limit:
            self.fail(where, f"is {len(value)} characters long; the limit is {limit}")
            return None
        bad = _control_character(value, multiline)
        if bad is not None:
            self.fail(where, f"contains a control character ({bad})")
            return None
        return value

    def choice(self, parent: dict[str, Any], key: str, path: str, vocabulary: vocab.Vocabulary) -> str | None:
        return self.code(parent.get(key), f"{path}.{key}", vocabulary)

    def code(self, value: Any, where: str, vocabulary: vocab.Vocabulary) -> str | None:
        if value is None:
            return None
        allowed = vocab.codes(vocabulary)
        if not isinstance(value, str) or value not in allowed:
            self.fail(where, f"{_show(value)} is not one of: {', '.join(allowed)}")
            return None
        return value

    def codes(
        self, parent: dict[str, Any], key: str, path: str, vocabulary: vocab.Vocabulary
    ) -> tuple[str, ...]:
        found: list[str] = []
        for item, where in self.items(parent, key, path):
            code = self.code(item, where, vocabulary)
            if code is None:
                continue
            if code in found:
                self.fail(where, f"{_show(code)} is listed twice")
                continue
            found.append(code)
        return tuple(found)

    def boolean(self, parent: dict[str, Any], key: str, path: str) -> bool | None:
        value = parent.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.fail(f"{path}.{key}", f"must be true, false or null, not {_show(value)}")
        return None

    def number(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        low: float,
        high: float,
        integer: bool = False,
    ) -> float | None:
        where = f"{path}.{key}"
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                self.fail(
                    where,
                    f"{_show(value)} is text, not a number (write 1500 or 1.5: no quotes, no thousands separator)",
                )
            else:
                self.fail(where, f"must be a number, not {_kind(value)}")
            return None
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an integer too large for a float
            finite = False
        if not finite:
            self.fail(where, "must be a finite number of sensible size")
            return None
        if integer and value != int(value):
            self.fail(where, f"must be a whole number, not {value}")
            return None
        if not low <= value <= high:
            self.fail(
                where, f"{_number(value)} is outside the plausible range {_number(low)}–{_number(high)}"
            )
            return None
        return float(value)

    def day(self, parent: dict[str, Any], key: str, path: str, *, not_future: bool = True) -> date | None:
        where = f"{path}.{key}"
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            self.fail(where, f"{_show(value)} is not a date in the form YYYY-MM-DD")
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(where, f"{_show(value)} is not a real calendar date")
            return None
        if parsed < _EARLIEST:
            self.fail(where, f"{value} is before {_EARLIEST.year}")
            return None
        if not_future and parsed > self.today:
            self.fail(where, f"{value} is in the future (today is {self.today.isoformat()})")
            return None
        return parsed

    def not_before(
        self, value: date | None, limit: date | None, where: str, what: str, limit_name: str
    ) -> None:
        if value is not None and limit is not None and value < limit:
            self.fail(where, f"{what} {value.isoformat()} is before {limit_name} ({limit.isoformat()})")


def parse_case_document(document: Any, *, today: date | None = None) -> Case:
    """The case in an ``isconf-case/1`` document; raises ``CaseFileError``."""
    reader = _Reader(today or clock.today())
    if not isinstance(document, dict):
        reader.fail("(file)", f'must hold a JSON object with "format" and "case", not {_kind(document)}')
        raise CaseFileError(reader.problems)
    root = reader.obj(document, "(file)", ("format", "case"))
    if root.get("format") is None:
        reader.fail("format", f"is missing; it must be {FORMAT!r}")
    elif root.get("format") != FORMAT:
        reader.fail("format", f"must be {FORMAT!r}, not {_show(root.get('format'))}")
    if "case" not in root:
        reader.fail("case", "is required")
        raise CaseFileError(reader.problems)
    case = _read_case(reader, root["case"])
    if reader.problems or case is None:
        raise CaseFileError(reader.problems)
    return case


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
    return f'not an isconf case file (its "format" is {_show(document["format"])}, not "{FORMAT}")'


def _read_case(r: _Reader, value: Any) -> Case | None:
    p = "case"
    if not isinstance(value, dict):
        r.fail(p, f"must be an object, not {_kind(value)}")
        return None
    c = r.obj(value, p, _CASE_KEYS)
    mrn = r.text(c, "mrn", p, limit=MRN_MAX, required=True)
    if mrn is not None and mrn != mrn.strip():
        r.fail(f"{p}.mrn", "must not start or end with a space")
    dob = r.day(c, "date_of_birth", p)
    spasms = _read_spasms(r, c.get("spasms"), dob)
    return Case(
        mrn=mrn or "",
        family_name=r.text(c, "family_name", p, limit=NAME_MAX),
        given_name=r.text(c, "given_name", p, limit=NAME_MAX),
        date_of_birth=dob,
        sex=r.choice(c, "sex", p, vocab.SEX),
        referring_center=r.text(c, "referring_center", p, limit=PLACE_MAX),
        spasms=spasms,
        treatments=tuple(_read_treatment(r, t, w, dob) for t, w in r.items(c, "treatments", p)),
        mri=tuple(_read_mri(r, m, w, dob) for m, w in r.items(c, "mri", p)),
        eeg=tuple(_read_eeg(r, e, w, dob) for e, w in r.items(c, "eeg", p)),
        pet=tuple(_read_pet(r, s, w, dob) for s, w in r.items(c, "pet", p)),
        etiology=_read_etiology(r, c.get("etiology")),
        metabolic_workup=r.choice(c, "metabolic_workup", p, vocab.METABOLIC_WORKUP),
        degenerative_condition=r.boolean(c, "degenerative_condition", p),
        development=_read_development(r, c.get("development"), dob),
        baseline_function=_read_baseline(r, c.get("baseline_function")),
        tradeoff=_read_tradeoff(r, c.get("tradeoff"), dob),
    )


def _read_spasms(r: _Reader, value: Any, dob: date | None) -> Spasms:
    p = "case.spasms"
    s = r.obj(value, p, ("onset_date", "ongoing", "last_seen_date", "clusters_per_day", "hypsarrhythmia"))
    onset = r.day(s, "onset_date", p)
    r.not_before(onset, dob, f"{p}.onset_date", "onset", "the date of birth")
    last_seen = r.day(s, "last_seen_date", p)
    r.not_before(last_seen, onset, f"{p}.last_seen_date", "last seen", "the onset")
    return Spasms(
        onset_date=onset,
        ongoing=r.boolean(s, "ongoing", p),
        last_seen_date=last_seen,
        clusters_per_day=r.number(s, "clusters_per_day", p, low=0, high=500),
        hypsarrhythmia=r.choice(s, "hypsarrhythmia", p, vocab.HYPSARRHYTHMIA),
    )


def _read_treatment(r: _Reader, value: Any, p: str, dob: date | None) -> Treatment:
    t = r.obj(value, p, ("agent", "name", "dose", "dose_unit", "start_date", "end_date", "outcome"))
    agent = r.choice(t, "agent", p, vocab.AGENT)
    if agent is None and t.get("agent") is None and isinstance(value, dict):
        r.fail(f"{p}.agent", "is required")
    name = r.text(t, "name", p, limit=NAME_MAX)
    if agent == "other_asm" and not name:
        r.fail(f"{p}.name", "is required for another anti-seizure medication (which drug?)")
    dose, unit = _read_dose(r, t, p, agent)
    start = r.day(t, "start_date", p)
    end = r.day(t, "end_date", p)
    r.not_before(start, dob, f"{p}.start_date", "start", "the date of birth")
    r.not_before(end, start, f"{p}.end_date", "end", "the start")
    return Treatment(
        agent=agent or "",
        name=name,
        dose=dose,
        dose_unit=unit,
        start_date=start,
        end_date=end,
        outcome=r.choice(t, "outcome", p, vocab.OUTCOME),
    )


def _read_dose(r: _Reader, t: dict[str, Any], p: str, agent: str | None) -> tuple[float | None, str | None]:
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
        r.fail(f"{p}.dose", f"must be greater than zero, not {_number(dose)}")
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
        bound = f"more than {_number(high)}" if dose > high else f"less than {_number(low)}"
        r.fail(f"{p}.dose", f"{_number(dose)} {unit} is implausible for {agent_label} ({bound} {unit})")
        return None, unit
    return dose, unit


def _read_mri(r: _Reader, value: Any, p: str, dob: date | None) -> MriStudy:
    m = r.obj(value, p, ("date", "field_strength_t", "finding", "lesions"))
    day = r.day(m, "date", p)
    # A fetal MRI legitimately predates birth, by at most a pregnancy.
    earliest = None if dob is None else dob - timedelta(days=FETAL_MRI_DAYS)
    r.not_before(day, earliest, f"{p}.date", "MRI", f"{FETAL_MRI_DAYS} days before birth")
    finding = r.choice(m, "finding", p, vocab.MRI_FINDING)
    lesions = tuple(_read_lesion(r, x, w) for x, w in r.items(m, "lesions", p))
    if lesions and finding == "normal":
        r.fail(f"{p}.lesions", "a normal MRI cannot list lesions; set the finding to lesional")
    return MriStudy(
        date=day,
        field_strength_t=r.number(m, "field_strength_t", p, low=0.1, high=12),
        finding=finding,
        lesions=lesions,
    )


def _read_lesion(r: _Reader, value: Any, p: str) -> Lesion:
    x = r.obj(value, p, ("type", "side", "lobes", "extent", "epileptogenic"))
    return Lesion(
        type=r.choice(x, "type", p, vocab.LESION_TYPE),
        side=r.choice(x, "side", p, vocab.SIDE),
        lobes=r.codes(x, "lobes", p, vocab.LOBE),
        extent=r.choice(x, "extent", p, vocab.EXTENT),
        epileptogenic=r.boolean(x, "epileptogenic", p),
    )


def _read_eeg(r: _Reader, value: Any, p: str, dob: date | None) -> EegStudy:
    e = r.obj(value, p, ("date", "hypsarrhythmia", "lateralization", "based_score", "note"))
    day = r.day(e, "date", p)
    r.not_before(day, dob, f"{p}.date", "EEG", "the date of birth")
    score = r.number(e, "based_score", p, low=0, high=5, integer=True)
    return EegStudy(
        date=day,
        hypsarrhythmia=r.choice(e, "hypsarrhythmia", p, vocab.HYPSARRHYTHMIA),
        lateralization=r.choice(e, "lateralization", p, vocab.LATERALIZATION),
        based_score=None if score is None else int(score),
        note=r.text(e, "note", p, limit=NOTE_MAX, multiline=True),
    )


def _read_pet(r: _Reader, value: Any, p: str, dob: date | None) -> PetStudy:
    s = r.obj(value, p, ("date", "finding", "side", "lobes"))
    day = r.day(s, "date", p)
    r.not_before(day, dob, f"{p}.date", "PET", "the date of birth")
    return PetStudy(
        date=day,
        finding=r.choice(s, "finding", p, vocab.PET_FINDING),
        side=r.choice(s, "side", p, vocab.LATERALIZATION),
        lobes=r.codes(s, "lobes", p, vocab.LOBE),
    )


def _read_etiology(r: _Reader, value: Any) -> Etiology:
    p = "case.etiology"
    e = r.obj(value, p, ("category", "also", "diagnosis"))
    return Etiology(
        category=r.choice(e, "category", p, vocab.ETIOLOGY),
        also=r.codes(e, "also", p, vocab.ETIOLOGY),
        diagnosis=r.text(e, "diagnosis", p, limit=DIAGNOSIS_MAX),
    )


def _read_development(r: _Reader, value: Any, dob: date | None) -> Development:
    p = "case.development"
    d = r.obj(value, p, ("assessed_on", "status", "developmental_quotient"))
    assessed = r.day(d, "assessed_on", p)
    r.not_before(assessed, dob, f"{p}.assessed_on", "assessment", "the date of birth")
    return Development(
        assessed_on=assessed,
        status=r.choice(d, "status", p, vocab.DEVELOPMENT_STATUS),
        developmental_quotient=r.number(d, "developmental_quotient", p, low=0, high=200),
    )


def _read_baseline(r: _Reader, value: Any) -> BaselineFunction:
    p = "case.baseline_function"
    b = r.obj(value, p, ("hemiparesis", "visual_field"))
    return BaselineFunction(
        hemiparesis=r.choice(b, "hemiparesis", p, vocab.HEMIPARESIS),
        visual_field=r.choice(b, "visual_field", p, vocab.VISUAL_FIELD),
    )


def _read_tradeoff(r: _Reader, value: Any, dob: date | None) -> Tradeoff:
    p = "case.tradeoff"
    t = r.obj(value, p, _TRADEOFF_KEYS)
    return Tradeoff(
        proposed_procedure=r.choice(t, "proposed_procedure", p, vocab.PROCEDURE),
        assessments=tuple(_read_assessment(r, a, w) for a, w in r.items(t, "assessments", p)),
        options=r.codes(t, "options", p, vocab.PROCEDURE),
        benefit_overrides=_read_benefits(r, t, p),
        next_surgery_date=_read_surgery_date(r, t, p, dob),
    )


# The first two are isconf-case/1's; the others are optional additions (docs/case-file-additions.md).
_TRADEOFF_KEYS = ("proposed_procedure", "assessments", "options", "benefit_overrides", "next_surgery_date")


def _read_assessment(r: _Reader, value: Any, p: str) -> Assessment:
    a = r.obj(
        value, p, ("procedure", "deficit", "likelihood", "already_present", "rating", "rated_by", "comment")
    )
    procedure = r.choice(a, "procedure", p, vocab.PROCEDURE)
    deficit = r.choice(a, "deficit", p, vocab.DEFICIT)
    for key, found in (("procedure", procedure), ("deficit", deficit)):
        if found is None and a.get(key) is None and isinstance(value, dict):
            r.fail(f"{p}.{key}", "is required")
    return Assessment(
        procedure=procedure or "",
        deficit=deficit or "",
        likelihood=r.choice(a, "likelihood", p, vocab.LIKELIHOOD),
        already_present=r.boolean(a, "already_present", p),
        rating=r.choice(a, "rating", p, vocab.RATING),
        rated_by=r.text(a, "rated_by", p, limit=ROLE_MAX),
        comment=r.text(a, "comment", p, limit=COMMENT_MAX, multiline=True),
    )


def _read_benefits(r: _Reader, t: dict[str, Any], p: str) -> tuple[BenefitOverride, ...]:
    found: list[BenefitOverride] = []
    for value, where in r.items(t, "benefit_overrides", p):
        b = r.obj(value, where, ("procedure", "value", "note"))
        procedure = r.choice(b, "procedure", where, vocab.OPTION)
        if procedure is None and b.get("procedure") is None and isinstance(value, dict):
            r.fail(f"{where}.procedure", "is required")
        if procedure is not None and any(o.procedure == procedure for o in found):
            r.fail(f"{where}.procedure", f"{_show(procedure)} has a team figure already; keep one")
        low, high = BENEFIT_RANGE
        figure = r.number(b, "value", where, low=low, high=high)
        if b.get("value") is None and isinstance(value, dict):
            r.fail(f"{where}.value", "is required (the team's figure, in % of children)")
        # A figure that replaces a published one must say why, or no one can weigh it.
        note = r.text(b, "note", where, limit=NOTE_MAX, multiline=True, required=isinstance(value, dict))
        found.append(BenefitOverride(procedure=procedure or "", value=figure, note=note))
    return tuple(found)


def _read_surgery_date(r: _Reader, t: dict[str, Any], p: str, dob: date | None) -> date | None:
    # The one date of the case file that is meant to lie ahead.
    day = r.day(t, "next_surgery_date", p, not_future=False)
    r.not_before(day, dob, f"{p}.next_surgery_date", "next surgery date", "the date of birth")
    horizon = r.today + timedelta(days=SURGERY_HORIZON_DAYS)
    if day is not None and day > horizon:
        r.fail(f"{p}.next_surgery_date", f"{day.isoformat()} is more than two years ahead; check the year")
        return None
    return day


_CASE_KEYS = (
    "mrn",
    "family_name",
    "given_name",
    "date_of_birth",
    "sex",
    "referring_center",
    "spasms",
    "treatments",
    "mri",
    "eeg",
    "pet",
    "etiology",
    "metabolic_workup",
    "degenerative_condition",
    "development",
    "baseline_function",
    "tradeoff",
)


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,60}")


def _child(path: str, key: str) -> str:
    """The path of ``key`` under ``path``; odd keys are quoted so a path stays one line."""
    if _PLAIN_KEY.fullmatch(key):
        return key if path == "(file)" else f"{path}.{key}"
    return f"{path}[{_show(key)}]"


# Bidirectional overrides can make a printed name or MRN read differently from
# what is stored; line and paragraph separators break one-line fields.
_INVISIBLE_TRAPS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def _control_character(value: str, multiline: bool) -> str | None:
    allowed = "\n\t" if multiline else ""
    for ch in value:
        if ch in allowed:
            continue
        if ch in _INVISIBLE_TRAPS or unicodedata.category(ch) in ("Cc", "Cs"):
            return f"U+{ord(ch):04X}"
    return None


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _show(value: Any) -> str:
    """A short, one-line rendering of a value for a message."""
    text = repr(value) if isinstance(value, str) else json_text(value)
    return text if len(text) <= 40 else text[:37] + "…"


def json_text(value: Any) -> str:
    """A value as the case file writes it (null, true, 3)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --- writing -----------------------------------------------------------------


def case_to_document(case: Case) -> dict[str, Any]:
    """The ``isconf-case/1`` document of a case: every field, ``null`` where not recorded."""
    return {"format": FORMAT, "case": case_to_dict(case)}


def case_to_dict(case: Case) -> dict[str, Any]:
    """The ``case`` object of the case file."""
    return {
        "mrn": case.mrn,
        "family_name": case.family_name,
        "given_name": case.given_name,
        "date_of_birth": _iso(case.date_of_birth),
        "sex": case.sex,
        "referring_center": case.referring_center,
        "spasms": {
            "onset_date": _iso(case.spasms.onset_date),
            "ongoing": case.spasms.ongoing,
            "last_seen_date": _iso(case.spasms.last_seen_date),
            "clusters_per_day": _num(case.spasms.clusters_per_day),
            "hypsarrhythmia": case.spasms.hypsarrhythmia,
        },
        "treatments": [_treatment_dict(t) for t in case.treatments],
        "mri": [_mri_dict(m) for m in case.mri],
        "eeg": [_eeg_dict(e) for e in case.eeg],
        "pet": [
            {"date": _iso(s.date), "finding": s.finding, "side": s.side, "lobes": list(s.lobes)}
            for s in case.pet
        ],
        "etiology": {
            "category": case.etiology.category,
            "also": list(case.etiology.also),
            "diagnosis": case.etiology.diagnosis,
        },
        "metabolic_workup": case.metabolic_workup,
        "degenerative_condition": case.degenerative_condition,
        "development": {
            "assessed_on": _iso(case.development.assessed_on),
            "status": case.development.status,
            "developmental_quotient": _num(case.development.developmental_quotient),
        },
        "baseline_function": {
            "hemiparesis": case.baseline_function.hemiparesis,
            "visual_field": case.baseline_function.visual_field,
        },
        "tradeoff": {
            "proposed_procedure": case.tradeoff.proposed_procedure,
            "assessments": [
                {
                    "procedure": a.procedure,
                    "deficit": a.deficit,
                    "likelihood": a.likelihood,
                    "already_present": a.already_present,
                    "rating": a.rating,
                    "rated_by": a.rated_by,
                    "comment": a.comment,
                }
                for a in case.tradeoff.assessments
            ],
            "options": list(case.tradeoff.options),
            "benefit_overrides": [
                {"procedure": b.procedure, "value": _num(b.value), "note": b.note}
                for b in case.tradeoff.benefit_overrides
            ],
            "next_surgery_date": _iso(case.tradeoff.next_surgery_date),
        },
    }


def _treatment_dict(t: Treatment) -> dict[str, Any]:
    out: dict[str, Any] = {"agent": t.agent}
    if t.name is not None or t.agent == "other_asm":
        out["name"] = t.name
    out.update(
        dose=_num(t.dose),
        dose_unit=t.dose_unit,
        start_date=_iso(t.start_date),
        end_date=_iso(t.end_date),
        outcome=t.outcome,
    )
    return out


def _mri_dict(m: MriStudy) -> dict[str, Any]:
    return {
        "date": _iso(m.date),
        "field_strength_t": _num(m.field_strength_t),
        "finding": m.finding,
        "lesions": [
            {
                "type": x.type,
                "side": x.side,
                "lobes": list(x.lobes),
                "extent": x.extent,
                "epileptogenic": x.epileptogenic,
            }
            for x in m.lesions
        ],
    }


def _eeg_dict(e: EegStudy) -> dict[str, Any]:
    return {
        "date": _iso(e.date),
        "hypsarrhythmia": e.hypsarrhythmia,
        "lateralization": e.lateralization,
        "based_score": e.based_score,
        "note": e.note,
    }


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _num(value: float | None) -> int | float | None:
    """Whole numbers are written as integers, so 150 stays 150 and 1.5 stays 1.5."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value

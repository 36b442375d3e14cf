"""Any declared case field as a FHIR element, and back: the part of the mapping that walks
``isconf.fields`` instead of naming fields, so a field added to the case is carried too.

A field's value goes into an ``extension`` (url ``…/StructureDefinition/<path>``) or an
Observation ``component`` (code ``<path>`` of isconf's field CodeSystem); its value element
depends on the field's kind. ``path`` is the field's case-file path without list indices
(``mri.lesions.side``).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from isconf import fields, vocab
from isconf.deidentify import RATER_REPLACEMENT, ROLES
from isconf.domain import Case
from isconf.fhir import codes
from isconf.fields import FieldInfo

# Paths whose component code also carries a standard code, and whose values are lateral.
STANDARD_FIELD_CODES = {
    "spasms.hypsarrhythmia": codes.coding(codes.HPO, codes.HYPSARRHYTHMIA_HPO, "Hypsarrhythmia"),
    "eeg.hypsarrhythmia": codes.coding(codes.HPO, codes.HYPSARRHYTHMIA_HPO, "Hypsarrhythmia"),
    "eeg.lateralization": codes.coding(codes.SNOMED, codes.LATERALITY_SNOMED, "Laterality"),
    "pet.side": codes.coding(codes.SNOMED, codes.LATERALITY_SNOMED, "Laterality"),
}


@dataclass(frozen=True)
class Value:
    """One scalar value of a case field (a ``codes`` field gives one per code)."""

    path: str
    info: FieldInfo
    value: Any


@dataclass(frozen=True)
class Privacy:
    """What an export keeps: everything, or (de-identified) no identifier, no free text, and
    each date as the child's age in days (``isconf.deidentify`` removes the same)."""

    deidentify: bool = False
    birth: date | None = None

    def days(self, when: date) -> int | None:
        return (when - self.birth).days if self.birth is not None else None

    @property
    def keeps_text(self) -> bool:
        return not self.deidentify

    def keeps(self, info: FieldInfo) -> bool:
        # Free text and images may name the child or a date (``isconf.deidentify`` drops them too).
        return not (self.deidentify and (info.identifies or info.kind in ("text", "binary")))

    def date_element(self, name: str, when: date | None) -> dict[str, Any]:
        """``{nameDateTime: …}``, or de-identified the age in days: ``{nameAge: …}`` (``valueQuantity``
        for a value; nothing for an element that takes no age, or without a birth date)."""
        if when is None:
            return {}
        if not self.deidentify:
            return {f"{name}DateTime": when.isoformat()}
        days = self.days(when)
        if days is None or name not in ("value", "onset", "abatement"):
            return {}
        return {"valueQuantity" if name == "value" else f"{name}Age": age_days(days)}


FULL = Privacy()
EMPTY_TEXT = codes.extension_url("empty-text")


def age_days(days: int) -> dict[str, Any]:
    return {"value": days, "unit": "days", "system": codes.UCUM, "code": "d"}


def scalars(obj: Any, prefix: str, skip: Iterable[str] = ()) -> list[Value]:
    """Every single value of ``obj``'s declared fields and of its groups (not its lists), in
    declaration order; ``skip``: paths mapped elsewhere."""
    skipped = set(skip)
    out: list[Value] = []
    for d in fields.declared(type(obj)):
        path = f"{prefix}.{d.key}" if prefix else d.key
        value = getattr(obj, d.name)
        if path in skipped or d.info.kind == "list":
            continue
        if d.info.kind == "group":
            out.extend(scalars(value, path, skipped))
        elif d.info.kind == "codes":
            out.extend(Value(path, d.info, code) for code in value)
        elif value is not None:
            out.append(Value(path, d.info, value))
    return out


def lists(obj: Any, prefix: str) -> list[tuple[str, FieldInfo, tuple[Any, ...]]]:
    """The list fields of ``obj`` (and of its groups): path, declaration, items."""
    out: list[tuple[str, FieldInfo, tuple[Any, ...]]] = []
    for d in fields.declared(type(obj)):
        path = f"{prefix}.{d.key}" if prefix else d.key
        if d.info.kind == "list":
            out.append((path, d.info, getattr(obj, d.name)))
        elif d.info.kind == "group":
            out.extend(lists(getattr(obj, d.name), path))
    return out


def concept(path: str, info: FieldInfo, code: str) -> dict[str, Any]:
    """A vocabulary code as a CodeableConcept: isconf's code, SNOMED CT laterality where it is one."""
    label = vocab.label(info.vocabulary, code) if code in vocab.codes(info.vocabulary) else code
    codings = [codes.coding(codes.value_system(path), code, label)]
    if code in codes.LATERALITY and path in STANDARD_FIELD_CODES | {"mri.lesions.side": None}:
        codings.append(codes.coding(codes.SNOMED, codes.LATERALITY[code], codes.LATERALITY_WORDS[code]))
    return {"coding": codings, "text": label}


def element(item: Value, privacy: Privacy = FULL) -> dict[str, Any]:
    """The ``value[x]`` of one value (empty when the privacy drops it)."""
    info, value = item.info, item.value
    if not privacy.keeps(info):
        if privacy.deidentify and item.path.endswith("rated_by"):  # a role survives, a name does not
            return {"valueString": value if value in ROLES else RATER_REPLACEMENT}
        return {}
    if info.kind in ("choice", "codes"):
        return {"valueCodeableConcept": concept(item.path, info, value)}
    if info.kind == "yesno":
        return {"valueBoolean": bool(value)}
    if info.kind == "number":
        if info.integer:
            return {"valueInteger": int(value)}
        number = int(value) if float(value).is_integer() else value
        return {"valueQuantity": {"value": number, **({"unit": info.unit} if info.unit else {})}}
    if info.kind == "date":
        return privacy.date_element("value", value)
    if info.kind == "binary":  # an extension's value only (a component takes no Attachment)
        return {"valueAttachment": {"data": base64.b64encode(value).decode("ascii")}}
    if value == "":  # recorded as empty, which a FHIR string cannot be
        return {"extension": [{"url": EMPTY_TEXT, "valueBoolean": True}]}
    return {"valueString": str(value)}


def extensions(values: Iterable[Value], privacy: Privacy = FULL) -> list[dict[str, Any]]:
    out = []
    for item in values:
        value = element(item, privacy)
        if value:
            out.append({"url": codes.extension_url(item.path), **value})
    return out


def components(values: Iterable[Value], privacy: Privacy = FULL) -> list[dict[str, Any]]:
    out = []
    for item in values:
        value = element(item, privacy)
        if value:
            codings = [codes.field_coding(item.path, item.info.title or item.path)]
            if item.path in STANDARD_FIELD_CODES:
                codings.append(STANDARD_FIELD_CODES[item.path])
            out.append({"code": {"coding": codings, "text": item.info.title or item.path}, **value})
    return out


# --- reading ---------------------------------------------------------------------------


def info_at(path: str) -> FieldInfo | None:
    return fields.at_path(Case, path)


def read_element(path: str, info: FieldInfo, holder: dict[str, Any]) -> tuple[Any, str | None]:
    """The case-file value of one FHIR value element, or what is wrong with it."""
    if any(isinstance(e, dict) and e.get("url") == EMPTY_TEXT for e in holder.get("extension") or []):
        return "", None
    if info.kind in ("choice", "codes"):
        found = holder.get("valueCodeableConcept") or {}
        mine = codes.codes_of(found, codes.value_system(path))
        if mine:
            return mine[0], None
        lateral = {v: k for k, v in codes.LATERALITY.items()}
        side = [lateral[c] for c in codes.codes_of(found, codes.SNOMED) if c in lateral]
        if side:
            return side[0], None
        if isinstance(holder.get("valueCode"), str):
            return holder["valueCode"], None
        return None, f"no code of {codes.value_system(path)}"
    if info.kind == "yesno":
        return _typed(holder, "valueBoolean", bool)
    if info.kind == "number":
        if "valueInteger" in holder:
            return _typed(holder, "valueInteger", int)
        quantity = holder.get("valueQuantity")
        if isinstance(quantity, dict) and isinstance(quantity.get("value"), int | float):
            return quantity["value"], None
        return _typed(holder, "valueDecimal", float)
    if info.kind == "date":
        text = holder.get("valueDateTime") or holder.get("valueDate")
        return (text[:10], None) if isinstance(text, str) else (None, "no valueDateTime")
    if info.kind == "binary":  # the case file holds it base64, as the Attachment does
        data = (holder.get("valueAttachment") or {}).get("data")
        return (data, None) if isinstance(data, str) else (None, "no valueAttachment.data")
    return _typed(holder, "valueString", str)


def _typed(holder: dict[str, Any], key: str, kind: type) -> tuple[Any, str | None]:
    value = holder.get(key)
    if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)):
        return value, None
    return None, f"no {key}"


def put(target: dict[str, Any], relative: str, info: FieldInfo, value: Any) -> None:
    """Set ``value`` at the dotted ``relative`` path of a case-file object (a code is appended)."""
    *groups, key = relative.split(".")
    for group in groups:
        target = target.setdefault(group, {})
    if info.kind == "codes":
        target.setdefault(key, []).append(value)
    else:
        target[key] = value


Report = Callable[[str, str], None]  # (FHIRPath below the resource, message)


def read_fields(
    resource: dict[str, Any], prefix: str, target: dict[str, Any], report: Report, *, key: str
) -> dict[str, str]:
    """Fill ``target`` (the case-file object at ``prefix``) from the isconf extensions
    (``key="extension"``) or components (``key="component"``) of a resource; returns where
    each field was read (relative path → FHIRPath below the resource)."""
    where: dict[str, str] = {}
    for n, holder in enumerate(resource.get(key) or []):
        if not isinstance(holder, dict):
            continue
        if key == "extension":
            url = holder.get("url")
            base = codes.EXTENSION + "/"
            path = url[len(base) :] if isinstance(url, str) and url.startswith(base) else None
        else:
            found = codes.codes_of(holder.get("code"), codes.FIELD_SYSTEM)
            path = found[0] if found else None
        if path is None or (prefix and not path.startswith(prefix + ".")):
            continue
        info = info_at(path)
        if info is not None and info.kind == "list":
            continue  # a reference to an item, which its reader follows
        if info is None or not info.scalar:
            report(f"{key}[{n}]", f"{path!r} is not a field of isconf-case/1")
            continue
        value, problem = read_element(path, info, holder)
        if problem is not None:
            report(f"{key}[{n}]", problem)
            continue
        relative = path[len(prefix) + 1 :] if prefix else path
        put(target, relative, info, value)
        where[relative] = f"{key}[{n}]"
    return where

"""What each case field declares about itself, and the walks over those declarations.

A field of the case is declared once, on its domain dataclass (``isconf.domain``), with a
``FieldInfo`` in its metadata: its kind, JSON key, vocabulary, bounds, label, unit, whether
it identifies the patient, its table column, and where it is shown. The case-file reader and
writer, the store mapping, the editor's rows, the key findings, the agenda's readiness and the
de-identification walk these declarations instead of naming each field again (STYLE.md item 12).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from isconf import vocab
from isconf.vocab import Vocabulary

Kind = Literal["text", "choice", "codes", "yesno", "number", "date", "binary", "group", "list"]
SCALAR_KINDS: frozenset[str] = frozenset({"text", "choice", "codes", "yesno", "number", "date", "binary"})
_KEY = "isconf"


@dataclass(frozen=True)
class FieldInfo:
    """One field's declaration. ``label`` may mark the editor's access key with ``&``."""

    kind: Kind
    label: str = ""
    json: str | None = None  # the key in the case file; None: the attribute's name
    vocabulary: Vocabulary = ()
    bounds: tuple[float, float] | None = None
    integer: bool = False
    unit: str = ""
    limit: int = 0  # longest text accepted (characters), largest binary accepted (bytes)
    required: bool = False
    multiline: bool = False
    future: bool = False  # a date that may lie ahead (the next surgery date)
    # (earlier date, what this one is called, how the earlier one is called): a date
    # before the earlier one is refused. The earlier date is a sibling field or "birth".
    after: tuple[str, str, str] | None = None
    identifies: bool = False  # names, MRN, birth date: what de-identification removes
    most: int = 0  # a list's most entries (0: no list); a case file past it is refused
    column: str | None = None  # the case_record column; None: the path joined by "_"
    yes_no: tuple[str, str] = ("Yes", "No")  # how the editor words a yes/no choice
    of: type | None = None  # the dataclass of a group or of a list's items
    help: str = ""  # a sentence the editor shows as a tip
    section: str = ""  # where the editor shows a field apart from its object's others
    inline: bool = False  # a group the editor shows within its parent's form, not apart
    ordered: bool = False  # codes whose order means something (the family's priorities)
    missing: str = ""  # what its absence means, when the rules list it as missing
    # What the agenda's readiness says while a conference still lacks this field
    # (meetings.readiness), and the codes that count as lacking besides an empty value.
    readiness: str = ""
    lacking: tuple[str, ...] = ()
    finding: str = ""  # the key-findings row (meetings.findings) that words this field's value
    alarm: tuple[str, ...] = ()  # codes a key finding shows in capitals, not to be missed

    @property
    def title(self) -> str:
        """The label as printed (without the editor's access-key mark)."""
        return self.label.replace("&", "")

    @property
    def scalar(self) -> bool:
        return self.kind in SCALAR_KINDS


# --- declaring -----------------------------------------------------------------------


def _declare(info: FieldInfo, *, required: bool = False) -> Any:
    """A dataclass field carrying ``info``; empty (None, ()) unless ``required``."""
    metadata = {_KEY: info}
    if required:
        return dataclasses.field(metadata=metadata)
    if info.kind == "group":
        assert info.of is not None
        return dataclasses.field(default_factory=info.of, metadata=metadata)
    empty: Any = () if info.kind in ("codes", "list") else None
    return dataclasses.field(default=empty, metadata=metadata)


def text(label: str, *, limit: int, required: bool = False, multiline: bool = False, **more: Any) -> Any:
    info = FieldInfo("text", label, limit=limit, required=required, multiline=multiline, **more)
    return _declare(info, required=required)


def choice(label: str, vocabulary: Vocabulary, *, required: bool = False, **more: Any) -> Any:
    info = FieldInfo("choice", label, vocabulary=vocabulary, required=required, **more)
    return _declare(info, required=required)


def codes(label: str, vocabulary: Vocabulary, **more: Any) -> Any:
    return _declare(FieldInfo("codes", label, vocabulary=vocabulary, **more))


def yesno(label: str, **more: Any) -> Any:
    return _declare(FieldInfo("yesno", label, **more))


def number(label: str, *, bounds: tuple[float, float], **more: Any) -> Any:
    return _declare(FieldInfo("number", label, bounds=bounds, **more))


def day(label: str, **more: Any) -> Any:
    return _declare(FieldInfo("date", label, **more))


def binary(label: str, *, limit: int, required: bool = False, **more: Any) -> Any:
    """Bytes, written base64 in the case file (an image)."""
    return _declare(FieldInfo("binary", label, limit=limit, required=required, **more), required=required)


def group(label: str, of: type, **more: Any) -> Any:
    return _declare(FieldInfo("group", label, of=of, **more))


def items(label: str, of: type, **more: Any) -> Any:
    return _declare(FieldInfo("list", label, of=of, **more))


# --- walking -------------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    """A declared field of a dataclass: its attribute name, JSON key and declaration."""

    name: str
    key: str
    info: FieldInfo


def declared(cls: type) -> list[Declared]:
    """The declared fields of ``cls``, in declaration order (the case file's order)."""
    return list(_declared_of(cls))


@functools.cache
def _declared_of(cls: type) -> tuple[Declared, ...]:
    # Once per class: the reader asked ~60 times per case file (import_1000_s).
    return tuple(_declared(f) for f in dataclasses.fields(cls))


def _declared(f: dataclasses.Field[Any]) -> Declared:
    info = f.metadata.get(_KEY)
    if info is None:
        raise TypeError(f"{f.name} declares no FieldInfo (isconf.fields)")
    return Declared(f.name, info.json or f.name, info)


def every_declared(root: type) -> Iterator[Declared]:
    """The declared fields of ``root`` and of every dataclass below it (its groups and the
    items of its lists), depth first in declaration order."""
    for d in declared(root):
        yield d
        if d.info.of is not None:
            yield from every_declared(d.info.of)


@dataclass(frozen=True)
class Placed:
    """A field of the case outside its lists (a single value or a whole list), and where it is."""

    attrs: tuple[str, ...]  # attribute names from the case down: ("development", "status")
    keys: tuple[str, ...]  # the same path in the case file's keys
    info: FieldInfo

    @property
    def path(self) -> str:
        """The path as the rules name a missing field: ``development.status``."""
        return ".".join(self.keys)

    def value(self, root: Any) -> Any:
        """This field's value in ``root`` (a case)."""
        for attr in self.attrs:
            root = getattr(root, attr)
        return root


def placed(cls: type) -> list[Placed]:
    """Every field of ``cls`` and of its groups (groups descended, lists not), in order."""
    return list(_placed(cls, (), ()))


def _placed(cls: type, attrs: tuple[str, ...], keys: tuple[str, ...]) -> Iterator[Placed]:
    for d in declared(cls):
        if d.info.kind == "group":
            assert d.info.of is not None
            yield from _placed(d.info.of, (*attrs, d.name), (*keys, d.key))
        else:
            yield Placed((*attrs, d.name), (*keys, d.key), d.info)


@dataclass(frozen=True)
class Column:
    """A single-valued field of the case and the case_record column that holds it."""

    attrs: tuple[str, ...]  # attribute names from the case down: ("spasms", "onset_date")
    column: str
    info: FieldInfo


def case_columns(cls: type) -> list[Column]:
    """Every single-valued field of ``cls`` and of its groups, with its column name."""
    return [Column(p.attrs, column_name(p.info, p.attrs), p.info) for p in placed(cls) if p.info.scalar]


def column_name(info: FieldInfo, attrs: tuple[str, ...]) -> str:
    """The case_record column of a single-valued field at ``attrs`` below the case."""
    return info.column or "_".join(attrs)


def from_columns(cls: type, above: tuple[str, ...], columns: Sequence[str]) -> Callable[[Sequence[Any]], Any]:
    """A maker of ``cls`` (a group of the case, at ``above`` below it) from the values of
    some of its ``columns``, in that order, its other fields empty: for a list that reads a
    few columns of many rows. A column that is not one of ``cls``'s raises ``KeyError``."""
    by_column = {column_name(d.info, (*above, d.name)): d.name for d in declared(cls) if d.info.scalar}
    names = tuple(by_column[c] for c in columns)

    def make(values: Sequence[Any]) -> Any:
        return cls(**dict(zip(names, values, strict=True)))

    return make


def at_path(root: type, path: str) -> FieldInfo | None:
    """The declaration at a case-file path such as ``case.spasms.onset_date``
    or ``case.eeg[0].date`` (list indices are ignored)."""
    parts = [p.split("[", 1)[0] for p in path.split(".")]
    if parts[:1] == ["case"]:
        parts = parts[1:]
    cls: type | None = root
    info: FieldInfo | None = None
    for part in parts:
        if cls is None:
            return None
        found = next((d for d in declared(cls) if d.key == part), None)
        if found is None:
            return None
        info = found.info
        cls = info.of
    return info


def best_effort(cls: type, data: Any) -> Any:
    """``cls`` from a case-file object still being typed: each declared field whose value
    already has its kind, the others empty. For what a screen shows before the object is
    valid (the editor's header); never for what is stored or evaluated."""
    data = data if isinstance(data, dict) else {}
    values: dict[str, Any] = {}
    for d in declared(cls):
        value = _best_effort_value(d.info, data.get(d.key))
        values[d.name] = "" if value is None and d.info.required else value
    return cls(**values)


def _best_effort_value(info: FieldInfo, value: Any) -> Any:
    if info.kind == "group":
        return best_effort(info.of, value) if info.of is not None else None
    if info.kind in ("list", "codes"):
        return ()
    if info.kind == "date":
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None
    if info.kind == "yesno":
        return value if isinstance(value, bool) else None
    if info.kind == "number":
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    if info.kind == "choice":
        return value if value in vocab.codes(info.vocabulary) else None
    if info.kind == "binary":
        return b"" if info.required else None
    return value if isinstance(value, str) else None


def free_text_keys(root: type) -> frozenset[str]:
    """The case-file keys of every free text and every binary (an image) below ``root``, outside
    the identifiers: what de-identification drops, since either may name the child or a date."""
    return frozenset(
        d.key for d in every_declared(root) if d.info.kind in ("text", "binary") and not d.info.identifies
    )


def identifying_paths(root: type) -> list[str]:
    """The case-file paths of the fields that identify the patient."""
    return [f"case.{'.'.join(c.attrs)}" for c in case_columns(root) if c.info.identifies]


# --- wording -------------------------------------------------------------------------


def lacks(info: FieldInfo, value: Any) -> bool:
    """Whether a value leaves the field lacking: empty, or one of its ``lacking`` codes."""
    return value is None or value == "" or value == () or value in info.lacking


def worded(info: FieldInfo, value: Any) -> str:
    """A field and its value as a key finding says them: ``metabolic work-up normal`` (the
    label and the vocabulary's word in lower case; an ``alarm`` code in capitals). While the
    field lacks, its ``readiness`` words (``no metabolic work-up``), or nothing."""
    if lacks(info, value):
        return info.readiness
    if info.kind == "choice":
        words = vocab.label(info.vocabulary, value).lower()
    elif info.kind == "codes":
        words = ", ".join(vocab.label(info.vocabulary, code).lower() for code in value)
    elif info.kind == "yesno":
        words = info.yes_no[0 if value else 1].lower()
    elif info.kind == "number":
        words = f"{value:g}{f' {info.unit}' if info.unit else ''}"
    elif info.kind == "text":
        words = value
    else:  # a date is worded by its screen (as an age, a period); a group or list by its parts
        raise TypeError(f"a {info.kind} field is not worded on its own")
    if value in info.alarm:
        words = words.upper()
    return f"{info.title.lower()} {words}"


def shown(obj: Any, row: str) -> list[str]:
    """The fields of ``obj`` declared on the key-findings row ``row`` (``FieldInfo.finding``),
    each ``worded``, in declaration order; a field that says nothing is left out."""
    said = (worded(d.info, getattr(obj, d.name)) for d in declared(type(obj)) if d.info.finding == row)
    return [words for words in said if words]

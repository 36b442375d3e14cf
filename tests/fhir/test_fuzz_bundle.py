"""Whatever a FHIR file holds, import answers with problems or a case, never a traceback:
the hospital Bundle, or one isconf wrote, with any one element replaced by any JSON value."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isconf.clock import SYSTEM
from isconf.fhir.service import FhirService

EHR = json.loads(
    (Path(__file__).parent.parent / "data" / "fhir" / "ehr_west_syndrome.json").read_text("utf-8")
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 500) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _places(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _places(item, (*at, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            out += _places(item, (*at, n))
    return out


def _isconf_bundle() -> dict[str, Any]:
    """A Bundle isconf writes (extensions, components, members), of the richest vignette."""
    from conftest import vignette_files
    from isconf.cases.reader import CaseReader
    from isconf.fhir.bundle import bundle
    from isconf.fhir.to_fhir import CaseResources

    file = next(f for f in vignette_files() if "fcd" in f.name)
    case = CaseReader(SYSTEM).parse(json.loads(file.read_text("utf-8")))
    return bundle("collection", CaseResources(case).entries)


BASES = {"hospital": EHR, "isconf": _isconf_bundle()}
PLACES = [(name, place) for name, base in BASES.items() for place in _places(base)[1:]]


class _NoCases:
    """The case service's reading half, with a real reader; writing is not what is fuzzed."""

    def __init__(self) -> None:
        from isconf.cases.reader import CaseReader

        self.reader = CaseReader(SYSTEM)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(PLACES), value=JSON)
def test_any_element_replaced_by_any_value_is_read_without_a_traceback(
    where: tuple[str, tuple[Any, ...]], value: Any
) -> None:
    name, place = where
    bundle = copy.deepcopy(BASES[name])
    target = bundle
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    service = FhirService(_NoCases(), SYSTEM)  # type: ignore[arg-type]
    readings, orphans, problems = service.read(bundle)
    for reading in readings:
        assert all(isinstance(p.path, str) and p.message for p in reading.problems)
    assert all(isinstance(o, str) for o in orphans) and all(p.message for p in problems)

"""``isconf.services`` re-exports some names only when first asked for (``isconf.services_later``):
each still resolves, to the object of its module, and an unknown name is still an AttributeError."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import isconf.services
from isconf.services_later import LATER, WHERE


@pytest.mark.parametrize("name", sorted(WHERE))
def test_each_later_name_resolves_to_its_module_s_object(name: str) -> None:
    module, attribute = WHERE[name]
    assert getattr(isconf.services, name) is getattr(importlib.import_module(module), attribute)


def test_a_later_name_imports_like_any_other() -> None:
    from isconf.services import FhirPreview, TrendPoint

    assert FhirPreview.__module__ == "isconf.fhir.service"
    assert TrendPoint.__name__ == "Point"


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        _ = isconf.services.NoSuchThing  # type: ignore[attr-defined]
    assert not hasattr(isconf.services, "NoSuchThing")


def test_no_name_is_both_later_and_imported_at_the_top() -> None:
    top = Path(isconf.services.__file__).read_text(encoding="utf-8").split("if TYPE_CHECKING:", 1)[0]
    for module in LATER:
        assert f"from {module} import" not in top, module

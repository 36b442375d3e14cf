"""The core stays in small modules: none in ``isconf/`` over 500 lines (migrations aside, each
one step of the schema's history); ``tests/ui/test_ui_sizes.py`` holds ``ui/`` to the same."""

from __future__ import annotations

from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "isconf"
MAX_MODULE = 500


def test_no_module_in_the_core_is_over_500_lines() -> None:
    sizes = {
        str(path.relative_to(CORE.parent)): path.read_text(encoding="utf-8").count("\n")
        for path in sorted(CORE.rglob("*.py"))
        if "migrations" not in path.parts
    }
    assert sizes, "no modules found: is CORE the isconf package?"
    assert {name: size for name, size in sizes.items() if size > MAX_MODULE} == {}

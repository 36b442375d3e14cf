"""The Qt layer stays in small pieces: no class in ``ui/`` over 400 lines, no module over 500
(issue 15: a window that is also its controller is the smell to avoid)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
MAX_CLASS, MAX_MODULE = 400, 500


def _sizes() -> tuple[dict[str, int], dict[str, int]]:
    classes: dict[str, int] = {}
    modules: dict[str, int] = {}
    for path in sorted(UI.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(UI.parent))
        modules[name] = source.count("\n")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                classes[f"{name}:{node.name}"] = node.end_lineno - node.lineno + 1
    return classes, modules


def test_no_class_in_ui_is_over_400_lines() -> None:
    classes, _ = _sizes()
    assert classes, "no classes found: is UI the ui package?"
    assert {name: size for name, size in classes.items() if size > MAX_CLASS} == {}


def test_no_module_in_ui_is_over_500_lines() -> None:
    _, modules = _sizes()
    assert {name: size for name, size in modules.items() if size > MAX_MODULE} == {}

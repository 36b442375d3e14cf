"""A wheel carries every package: pyproject.toml lists them by hand, so a new one is checked here
(an editable install finds a package missing from the list, and hides the slip)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_for_the_wheel() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for folder in ("isconf", "ui")
        for init in (ROOT / folder).rglob("__init__.py")
    }
    assert found - listed == set()

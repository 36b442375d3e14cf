"""Read-only data files shipped in ``resources/`` (installed as ``isconf.resources``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def resource_path(name: str) -> Path:
    """The path of a file in ``resources/``."""
    return Path(str(resources.files("isconf.resources").joinpath(name)))


@cache
def load_json(name: str) -> Any:
    """A JSON file from ``resources/``, parsed once per process."""
    return json.loads(resource_path(name).read_text(encoding="utf-8"))

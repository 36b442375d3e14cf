"""The core (everything under ``isconf/``) must import without Qt."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Alembic's env.py runs migrations when imported; it only works inside Alembic.
SKIP = {"isconf.store.migrations.env"}

PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import isconf

    skip = set(json.loads(sys.argv[1]))
    imported, failed = [], {}
    for info in pkgutil.walk_packages(isconf.__path__, "isconf."):
        if info.name in skip:
            continue
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # a migration script may need Alembic's context
            if info.name.startswith("isconf.store.migrations.versions."):
                continue
            failed[info.name] = repr(exc)
            continue
        imported.append(info.name)
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print(json.dumps({"imported": imported, "failed": failed, "qt": qt}))
    """
)


def test_core_imports_without_qt() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(sorted(SKIP))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    imported = set(report["imported"])
    # The walk really found the core, not an empty or foreign package.
    assert {
        "isconf.cli",
        "isconf.schema",
        "isconf.services",
        "isconf.vocab",
        "isconf.demo",
        "isconf.store.database",
        "isconf.store.tables",
        "isconf.store.mapping",
        "isconf.store.migrate",
    } <= imported
    assert report["qt"] == []


def test_cli_subcommands_do_not_load_qt(tmp_path: Path) -> None:
    """Running the non-GUI subcommands loads no Qt either."""
    code = textwrap.dedent(
        """
        import json, sys
        from isconf import cli
        db = sys.argv[1]
        results = [cli.main(["demo", "--db", db]), cli.main(["list", "--db", db]),
                   cli.main(["export", "DEMO-1001", "--db", db])]
        qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        print(json.dumps({"results": results, "qt": qt}), file=sys.stderr)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "isconf.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stderr.strip().splitlines()[-1])
    assert report == {"results": [0, 0, 0], "qt": []}

"""The layers hold: ``lint-imports`` checks the contracts in pyproject.toml
(``[tool.importlinter]``), and a write returns what it changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from isconf.changes import Changes
from isconf.errors import ConflictError, ServiceError
from isconf.services import CaseConflictError, Services

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> str:
    """The venv's lint-imports, beside the Python running the tests."""
    beside = Path(sys.executable).with_name("lint-imports")
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    assert found, "lint-imports is not installed (pip install -e '.[test]')"
    return found


def test_import_contracts_are_kept() -> None:
    completed = subprocess.run(
        [_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert "0 broken" in completed.stdout


def test_conflicts_are_a_type_of_their_own() -> None:
    assert issubclass(CaseConflictError, ConflictError) and issubclass(ConflictError, ServiceError)


def test_services_are_built_once(tmp_path: Path) -> None:
    services = Services.open(str(tmp_path / "db.sqlite"))
    try:
        assert services.meetings is services.meetings and services.cases is services.cases
        assert services.signing is services.signing and services.users is services.users
        assert services.meetings.cases is services.cases
    finally:
        services.close()


def test_writes_say_what_they_changed(tmp_path: Path) -> None:
    from datetime import date

    services = Services.open(str(tmp_path / "db.sqlite"))
    try:
        services.add_demo_cases()
        stored = services.get_case("DEMO-1001")
        assert stored.changes == Changes()
        saved = services.save_case(
            stored.case.__class__(**{**stored.case.__dict__, "given_name": "Renamed"}),
            original_mrn="DEMO-1001",
            expected_version=stored.version,
        )
        assert saved.changes == Changes.of(cases=["DEMO-1001"])
        meeting = services.meetings.create_meeting(title="Conference", day=date(2026, 3, 2))
        assert meeting.changes == Changes.of(meetings=[meeting.id])
        added, _ = services.meetings.add_cases(meeting.id, ["DEMO-1001"])
        assert added.changes == Changes.of(meetings=[meeting.id], cases=["DEMO-1001"])
        assert services.meetings.get_meeting(meeting.id).changes == Changes()
        removed, _ = services.meetings.remove_case(meeting.id, "DEMO-1001"), None
        assert removed.changes.cases == {"DEMO-1001"}
        assert services.delete_case("DEMO-1002") == Changes.of(cases=["DEMO-1002"])
    finally:
        services.close()

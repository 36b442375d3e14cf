"""The app's start imports only what its first window needs (startup_s, docs/performance.md).

The command line parses a start of the app with the ``gui`` command's parser alone, and the
main window builds its menus on every start; the libraries behind PDFs, charts, images, FHIR,
signatures and the meeting tables load when a command or an action first needs them. A module-level import of one of them on the start path
costs tens of milliseconds of every start; this test names it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Not on the start path: each loads when its feature is first used.
LATER = (
    "matplotlib",
    "reportlab",
    "pyphen",
    "pydicom",
    "numpy",
    "PIL",
    "fhir",  # fhir.resources
    "fhir_core",
    "pyhanko",
    "pyhanko_certvalidator",
    "pypdf",
    "cryptography",
    "alembic",
    "psycopg",
    "urllib.request",  # the FHIR client's HTTP
    "http.client",
    "isconf.store.meeting_tables",
    "isconf.store.signing_tables",
    "isconf.fhir.client",
    "isconf.summary.pdf",
    "isconf.meetings.agenda_pdf",
    "isconf.outcomes.report_pdf",
    # The other commands' parsers and modules (isconf.cli_parser), the screens after the first
    # window and what isconf.services re-exports for them (isconf.services_later).
    "sqlcipher3",  # SQLCipher: for an encrypted file only (isconf.store.cipher)
    "isconf.cli_fhir",
    "isconf.cli_meeting",
    "isconf.cli_maintenance",
    "isconf.fhir.service",
    "isconf.meetings.model",
    "isconf.outcomes.report",
    "isconf.course",
    "isconf.concordance",
    "isconf.development_trend",
    "isconf.drafts",
    "ui.fhir_import",
    "ui.audit_view",
    "ui.editor.case_editor",
)

_START = """
import json, sys
import isconf.cli
isconf.cli.parse(["--db", "cases.db"])
import isconf.services, ui.app, ui.main_window
print(json.dumps(sorted(sys.modules)))
"""


def test_the_start_path_leaves_the_heavy_libraries_for_later() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", _START], capture_output=True, text=True, env=env, timeout=120, check=True
    ).stdout
    loaded = set(json.loads(out))
    early = [name for name in LATER if name in loaded]
    assert not early, f"imported on the app's start path: {early}"

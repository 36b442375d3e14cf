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
from pathlib import Path

from isconf.services import Services

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
    "ui.sign_in",  # asked only of a database with a team
    # The case model behind a case opened or written: the tables' SQLModel classes (the list
    # reads its columns by name, isconf.cases.listing), the case service and its records, the
    # case file's schema, the trade-off, the audit trail (who is acting: isconf.store.actor).
    "isconf.store.tables",
    "isconf.store.audit",
    "isconf.store.mapping",
    "isconf.cases.service",
    "isconf.cases.records",
    "isconf.cases.reader",
    "isconf.schema",
    "isconf.case_reader",
    "isconf.case_writer",
    "isconf.deidentify",
    "isconf.tradeoff.model",
)

_START = """
import json, sys
import isconf.cli
isconf.cli.parse(["--db", "cases.db"])
import isconf.services, ui.app, ui.main_window
print(json.dumps(sorted(sys.modules)))
"""


# The app started for real on a database of cases, to its first window painted with the list
# filled (where the benchmark's startup_s stops its clock); the modules loaded then.
_READY = """
import json, sys
from ui import bench_hook

install = bench_hook.install
loaded = []

def recording(app, window):
    def record():
        loaded.extend(sorted(sys.modules))
        classes.extend(sorted(vars(sys.modules["PySide6.QtWidgets"])))
        searched.extend(w.case_model.search_prepared for w in app.topLevelWidgets() if hasattr(w, "case_model"))

    bench_hook.after_first_paint(window, record)  # first: at the very turn ready is said
    install(app, window)

bench_hook.install = recording
classes = []
searched = []
import isconf.cli
code = isconf.cli.main(["--db", sys.argv[1], "gui"])
print(json.dumps(searched))
print(json.dumps(loaded))
print(json.dumps(classes))
sys.exit(code)
"""

# Widget classes the first window does not use. PySide sets a class up (and its enums) when it
# is first used, and every QWidget class at once the first time it wraps a widget that Qt made
# (a table's viewport, ui.case_list_panel.CaseTable): ~8 ms of the start.
UNUSED_WIDGET_CLASSES = (
    "QMdiArea",
    "QWizard",
    "QCalendarWidget",
    "QGraphicsView",
    "QDockWidget",
    "QFileDialog",
)


def test_the_start_path_leaves_the_heavy_libraries_for_later() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", _START], capture_output=True, text=True, env=env, timeout=120, check=True
    ).stdout
    loaded = set(json.loads(out))
    early = [name for name in LATER if name in loaded]
    assert not early, f"imported on the app's start path: {early}"


def test_the_first_window_lists_the_cases_without_the_case_model(tmp_path: Path) -> None:
    database = tmp_path / "cases.db"
    services = Services.open(str(database))
    try:
        services.add_demo_cases()
        assert len(services.list_cases()) >= 8
    finally:
        services.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ISCONF_BENCH_READY_FILE": str(tmp_path / "ready"),
        "ISCONF_BENCH_QUIT": "1",
        "ISCONF_BACKUP_DAYS": "0",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    out = subprocess.run(
        [sys.executable, "-c", _READY, str(database)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    loaded = set(json.loads(out.splitlines()[-2]))
    assert "ui.main_window" in loaded
    early = [name for name in LATER if name in loaded]
    assert not early, f"imported before the first window was ready: {early}"
    classes = set(json.loads(out.splitlines()[-1]))
    # The search's folded column is made once the list is painted (ui.case_list_panel.CaseTable).
    assert json.loads(out.splitlines()[-3]) == [False]
    assert "QTableView" in classes
    set_up = [name for name in UNUSED_WIDGET_CLASSES if name in classes]
    assert not set_up, f"widget classes PySide set up before the first window was ready: {set_up}"

"""bench/run.py runs end to end at a tiny size and writes the figures in the agreed shape.

No timing is asserted here: the figures are for docs/performance.md, not for the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {
    "startup_s",
    "filter_p95_ms",
    "open_case_ms",
    "evaluate_us",
    "agenda_pdf_s",
    "summary_pdf_s",
    "import_1000_s",
    "rss_mb",
    "filter_growth",
    "filter_p95_ms_100k",
    "queries_open_meeting",
    "queries_open_case",
    "queries_save_case",
    "queries_list",
    "open_meeting_ms",
    "save_case_ms",
    "pg_startup_s",
    "pg_filter_p95_ms",
    "pg_open_case_ms",
    "pg_save_case_ms",
    "pg_open_meeting_ms",
    "pg_team_10",
}
WITH_FLOOR = {
    "startup_s",
    "open_case_ms",
    "rss_mb",
    "pg_startup_s",
    "pg_filter_p95_ms",
    "pg_open_case_ms",
    "pg_save_case_ms",
    "pg_open_meeting_ms",
}
# The statement budgets (isconf.store.statements): exact at any size, so held here too.
BUDGETS = {"queries_open_meeting": 8, "queries_open_case": 4, "queries_save_case": 8, "queries_list": 2}


def test_tiny_run_prints_every_figure_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    env = {**os.environ, "ISCONF_BENCH_CACHE": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--tiny", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=400,  # it starts a PostgreSQL server and ten team processes (pg_*)
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    table = result.stdout.splitlines()
    assert table[0].split()[:6] == ["figure", "value", "floor", "ratio", "target", "met?"]
    assert {line.split()[0] for line in table[2 : 2 + len(FIGURES)]} == FIGURES
    assert table[-1].startswith("load average after:")
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert set(figures) == FIGURES
    for name, figure in figures.items():
        assert set(figure) == {"value", "floor", "ratio"}, name
        assert all(v is None or isinstance(v, int | float) for v in figure.values()), name
        if name in WITH_FLOOR:
            assert figure["floor"] > 0, name
            assert abs(figure["ratio"] - figure["value"] / figure["floor"]) < 1e-3, name
        elif figure["floor"] is None:
            assert figure["ratio"] is None, name
        if not name.endswith("_pdf_s"):
            assert figure["value"] is not None and figure["value"] > 0, name
    for name, budget in BUDGETS.items():
        assert figures[name]["value"] <= budget, name
    assert "lost updates 0;" in next(line for line in table if line.startswith("pg_team_10"))


def test_synthetic_database_passes_isconf_check(tmp_path: Path) -> None:
    env = {**os.environ, "ISCONF_BENCH_CACHE": str(tmp_path)}
    code = "import synth; print(synth.database(30))"
    made = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT / "bench", env=env, capture_output=True, text=True, timeout=60
    )
    assert made.returncode == 0, made.stderr[-2000:]
    path = made.stdout.strip()
    check = subprocess.run(
        [sys.executable, "-m", "isconf.cli", "--db", path, "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.stdout.strip() == "ok", check.stdout + check.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "isconf.cli", "--db", path, "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    rows = json.loads(listed.stdout)
    assert len(rows) == 31 and {"SYN-BIG-0001", "SYN-000000"} <= {r["mrn"] for r in rows}
    assert all(r["status"] for r in rows)


def test_synthetic_cases_read_back_as_the_cases_they_were_made_from(tmp_path: Path) -> None:
    """Every table of a case is filled: what the store reads back is the template case."""
    env = {**os.environ, "ISCONF_BENCH_CACHE": str(tmp_path)}
    code = """
import dataclasses, random, synth
from isconf import clock
from isconf.services import Services
today = clock.today()
templates = synth.parsed_templates(today)
services = Services.open(str(synth.database(30)))
rng = random.Random(30)
for i in range(30):
    template = templates[rng.randrange(len(templates))]
    family, given = synth.synthetic_name(rng, 3), synth.synthetic_name(rng, 2)
    stored = services.get_case(f"SYN-{i:06d}").case
    assert stored == dataclasses.replace(template, mrn=stored.mrn, family_name=family, given_name=given), i
big = services.get_case(synth.BIG_MRN).case
assert (len(big.treatments), len(big.mri), len(big.eeg)) == (20, 5, 5)
print("same")
"""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT / "bench", env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "same", result.stderr[-2000:]

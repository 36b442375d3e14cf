"""pg_team_10: ten workstations on one team database, saving cases and recording decisions.

Ten processes (``bench/team_worker.py``) share the benchmark's PostgreSQL server for a fixed
time (60 s; 20 s with ``--quick``). Each loops, pausing 0.1–0.4 s between rounds as a person
does (``team_worker.PAUSE_S``): open a case of a shared set of 20, edit it, save
it with the version it read; every few rounds, open the shared meeting and record a decision
with the meeting's version. A save that finds the case changed since it was read must be refused
(``CaseConflictError``, reported, not lost). Afterwards each case's version must be 1 + the saves
the workers report as accepted (an accepted save that vanished is a lost update), and the case's
stored text the one written by the last accepted save.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from context import Context, Result, percentile, repo_root
from figures_db import meeting_of, pg_database

from isconf.services import Services

WORKERS = 10
SHARED_CASES = 20


def pg_team_10(ctx: Context) -> Result:
    seconds = 60 if ctx.sizes.repeats >= 7 else 20 if ctx.sizes.cases >= 1000 else 3
    url = pg_database(ctx)
    services = Services.open(url)
    try:
        mrns = [s.mrn for s in services.list_cases()[-SHARED_CASES:]]
        meeting_id = meeting_of(services, 0)
        services.meetings.add_cases(meeting_id, mrns[:5])
        before = {m: services.get_case(m).version for m in mrns}
    finally:
        services.close()
    outputs = [ctx.work / f"team-{i}.json" for i in range(WORKERS)]
    worker = repo_root() / "bench" / "team_worker.py"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                str(worker),
                url,
                str(seconds),
                str(i),
                str(meeting_id),
                ",".join(mrns),
                str(out),
            ],
            env=ctx.environment(),
        )
        for i, out in enumerate(outputs)
    ]
    waited = time.monotonic()
    while not all(Path(f"{out}.ready").exists() for out in outputs):
        if time.monotonic() - waited > 180 or any(p.poll() is not None for p in processes):
            raise RuntimeError("the team workers did not all start")
        time.sleep(0.05)
    (ctx.work / "team-go").touch()
    for process in processes:
        if process.wait(timeout=seconds + 120) != 0:
            raise RuntimeError(f"a team worker exited {process.returncode}")
    reports = [json.loads(out.read_text(encoding="utf-8")) for out in outputs]
    saves = [ms for r in reports for ms in r["save_ms"]]
    accepted: dict[str, list[tuple[int, str]]] = {m: [] for m in mrns}
    for report in reports:
        for mrn, version, written in report["accepted"]:
            accepted[mrn].append((version, written))
    services = Services.open(url)
    try:
        lost = 0
        for mrn in mrns:
            stored = services.get_case(mrn)
            versions = sorted(v for v, _ in accepted[mrn])
            if (
                stored.version != before[mrn] + len(versions)
                or len(set(versions)) != len(versions)
                or (versions and stored.case.referring_center != max(accepted[mrn])[1])
            ):
                lost += 1
    finally:
        services.close()
    conflicts = sum(r["conflicts"] for r in reports)
    unexpected = sum(r["errors"] for r in reports)
    decisions = sum(r["decisions"] for r in reports)
    return Result(
        percentile(saves, 0.95) if saves else None,
        note=(
            f"p95 save over {len(saves)} saves in {seconds} s by {WORKERS} processes; {decisions} decisions; "
            f"{conflicts} conflicts reported; lost updates {lost}; other errors {unexpected}"
        ),
    )
